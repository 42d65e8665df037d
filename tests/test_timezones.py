# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Users in Asia/Shanghai, a server clock in UTC: "today", "this week" and
"this month" are Beijing's. Beijing is UTC+8 all year: every instant below is
written in UTC (as Odoo stores it), its Beijing time in the comment. Each test
picks instants where the UTC day, week or month is another one than Beijing's,
so that it fails if the product counted in UTC."""

from datetime import date, datetime

from odoo import Command
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged
from odoo.tools.misc import format_datetime

from .common import CustomerServiceCase, FollowupCase

SUPERVISION = "report.crm_customer_planning.service_supervision_report"
WEEKLY = "report.crm_customer_planning.weekly_service_report"


@tagged("post_install", "-at_install")
class TestComplaintsInBeijing(CustomerServiceCase):
    """Complaints on the standard working calendar (Monday to Friday, 08:00
    to 12:00 and 13:00 to 17:00) of the company, in Asia/Shanghai."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id = cls.env["resource.calendar"].create(
            {
                "name": "Standard 40 hours (Beijing)",
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for period, hour_from, hour_to in (
                        ("morning", 8.0, 12.0),
                        ("afternoon", 13.0, 17.0),
                    )
                ],
            }
        )
        cls._count_working_hours(cls.company.resource_calendar_id)

    def _complaint(self, received, **vals):
        return self._create_complaint(date_received=received, force_new=True, **vals)

    def _types(self, data):
        return {line["name"]: line["count"] for line in data["by_type"]}

    # (a) 12 working hours of the company's calendar, in its time zone

    @freeze_time("2026-03-01 23:30:00")  # Monday 2 March, 07:30 in Beijing
    def test_reply_due_within_twelve_working_hours(self):
        complaint = self._complaint(datetime(2026, 3, 1, 23, 30))
        # Monday 08:00-12:00 and 13:00-17:00 (8 hours), Tuesday 08:00-12:00
        # (4 hours): due Tuesday 12:00 in Beijing, 04:00 UTC. Counted in UTC,
        # it would be Tuesday 12:00 UTC.
        self.assertEqual(complaint.reply_deadline, datetime(2026, 3, 3, 4, 0))
        # 40 hours: Monday to Friday, Friday 17:00 in Beijing.
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 3, 6, 9, 0))
        self.assertEqual(complaint.sla_state, "on_time")
        with freeze_time("2026-03-03 03:59:00"):
            self.assertNotIn(
                complaint, complaint.search([("sla_state", "=", "breached")])
            )
        with freeze_time("2026-03-03 04:00:00"):
            self.assertIn(complaint, complaint.search([("sla_state", "=", "breached")]))

    def test_escalation_digest_reads_beijing_time(self):
        """The service manager has no time zone of their own: the deadline in
        the digest is in the company calendar's (Tuesday 12:00), not UTC's."""
        complaint = self._complaint(datetime(2026, 3, 1, 23, 30))
        self.env["customer.complaint"]._cron_escalate_complaints(
            now=datetime(2026, 3, 3, 4, 30)
        )
        [digest] = self.env["mail.message"].search(
            [
                ("partner_ids", "in", self.service_manager.partner_id.ids),
                ("subject", "like", "Complaints to escalate"),
            ]
        )
        self.assertIn(complaint.name, digest.body)

        def shown(tz):
            return format_datetime(
                self.env, complaint.reply_deadline, tz=tz, dt_format="short"
            )

        self.assertIn(shown("Asia/Shanghai"), digest.body)
        self.assertNotIn(shown("UTC"), digest.body)

    # (c) The monthly Service Supervision Report: Beijing's month

    def test_supervision_report_of_november(self):
        # 1 Nov 00:30 in Beijing (still October in UTC): November's.
        self._complaint(datetime(2026, 10, 31, 16, 30), complaint_type="suggestion")
        # 30 Nov 23:30 in Beijing: November's.
        self._complaint(datetime(2026, 11, 30, 15, 30), complaint_type="complaint")
        # 1 Dec 00:30 in Beijing (still November in UTC): December's.
        self._complaint(datetime(2026, 11, 30, 16, 30), complaint_type="opinion")
        self.env.flush_all()  # the report reads an SQL view
        Report = self.env[SUPERVISION]
        november = Report._get_service_supervision_data(
            self.company, date(2026, 11, 1), date(2026, 11, 30)
        )
        self.assertEqual(self._types(november), {"Suggestion": 1, "Complaint": 1})
        december = Report._get_service_supervision_data(
            self.company, date(2026, 12, 1), date(2026, 12, 31)
        )
        self.assertEqual(self._types(december), {"Opinion": 1})
        october = Report._get_service_supervision_data(
            self.company, date(2026, 10, 1), date(2026, 10, 31)
        )
        self.assertEqual(october["complaints"], 0)

        # The job runs on 1 December at 01:00 in Beijing, 30 November 17:00
        # UTC: the month before is November, not October.
        with freeze_time("2026-11-30 17:00:00"):
            self.env["res.company"]._cron_send_service_supervision_report()
        self.assertEqual(self.company.service_supervision_last_month, date(2026, 11, 1))
        [report] = self.env["customer.service.supervision.report"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(
            (report.date_from, report.date_to, report.complaints),
            (date(2026, 11, 1), date(2026, 11, 30), 2),
        )
        mail = self.company._send_service_supervision_report(
            report.date_from, report.date_to
        )
        self.assertEqual(mail.subject, "Service Supervision Report November 2026")
        self.assertIn("Suggestion", mail.body_html)
        self.assertNotIn("Opinion", mail.body_html)

    # (d) The weekly service report: Beijing's week

    @freeze_time("2027-01-08 08:00:00")  # Friday 8 January, 16:00 in Beijing
    def test_weekly_report_counts_beijing_week(self):
        # Monday 4 Jan 07:30 in Beijing (Sunday 23:30 UTC): this week's.
        self._complaint(datetime(2027, 1, 3, 23, 30))
        # Sunday 3 Jan 23:30 in Beijing: last week's.
        self._complaint(datetime(2027, 1, 3, 15, 30))
        data = self.env[WEEKLY]._get_weekly_report_data()
        self.assertEqual(
            (data["date_from"], data["date_to"]), (date(2027, 1, 4), date(2027, 1, 8))
        )
        self.assertEqual(data["complaints"]["Complaints opened"], 1)


@tagged("post_install", "-at_install")
class TestVisitsInBeijing(FollowupCase):
    """Return visits: "today" is the day in Beijing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._tiered_customer(
            "Night Owl Trading", cls.tier_named, cls.agent
        )

    def _visits(self, domain, user=None):
        return self.Followup.with_user(user or self.agent).search(
            [("partner_id", "=", self.customer.id), *domain]
        )

    # (b) A visit planned today, at 00:30 in Beijing

    @freeze_time("2026-03-09 16:30:00")  # Tuesday 10 March, 00:30 in Beijing
    def test_todays_visit_at_half_past_midnight(self):
        self.assertEqual(self.company._planning_today(), date(2026, 3, 10))
        today = self._followup(self.customer, date_planned=date(2026, 3, 10))
        yesterday = self._followup(self.customer, date_planned=date(2026, 3, 9))
        # Today's list (the "Today" filter) and the overdue ones.
        self.assertEqual(self._visits([("is_due_today", "=", True)]), today)
        self.assertEqual(self._visits([("is_overdue", "=", True)]), yesterday)
        self.assertEqual(self._visits([("is_overdue", "=", False)]), today)
        self.assertTrue(today.with_user(self.agent).is_due_today)
        self.assertFalse(today.with_user(self.agent).is_overdue)
        self.assertTrue(yesterday.with_user(self.agent).is_overdue)
        # A visit planned without a date is for today.
        new = self.Followup.with_user(self.agent).create(
            {"partner_id": self.customer.id}
        )
        self.assertEqual(new.date_planned, date(2026, 3, 10))

    @freeze_time("2026-03-09 16:30:00")  # 00:30 in Beijing, 17:30 in Paris
    def test_the_users_own_time_zone_comes_first(self):
        parisian = new_test_user(
            self.env,
            login="tz_parisian",
            groups="crm_customer_planning.group_customer_service_manager",
            tz="Europe/Paris",
        )
        yesterday = self._followup(self.customer, date_planned=date(2026, 3, 9))
        self.assertEqual(
            self._visits([("is_due_today", "=", True)], parisian), yesterday
        )
        # A job runs as OdooBot: its own time zone says nothing, the company
        # calendar's counts.
        self.env.ref("base.user_root").tz = "Europe/Paris"
        self.assertEqual(self.company._planning_today(), date(2026, 3, 10))

    @freeze_time("2026-03-09 17:30:00")  # Tuesday 10 March, 01:30 in Beijing
    def test_missed_after_the_beijing_day(self):
        # Seven days of grace: planned on 2 March, missed from 10 March on.
        late = self._followup(self.customer, date_planned=date(2026, 3, 2))
        in_grace = self._followup(self.customer, date_planned=date(2026, 3, 3))
        missed = self.Followup._cron_mark_missed()
        self.assertIn(late, missed)
        self.assertNotIn(in_grace, missed)
        self.assertEqual((late.state, late.date_closed), ("missed", date(2026, 3, 10)))

    @freeze_time("2026-03-09 16:30:00")  # Tuesday 10 March, 00:30 in Beijing
    def test_company_time_zone_in_the_settings(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(
            settings.planning_calendar_id, self.company.resource_calendar_id
        )
        self.assertEqual(settings.planning_calendar_tz, "Asia/Shanghai")
        settings.planning_calendar_tz = "Europe/London"
        settings.execute()
        self.assertEqual(self.company.resource_calendar_id.tz, "Europe/London")
        self.assertEqual(self.company._planning_today(), date(2026, 3, 9))

    @freeze_time("2027-01-03 16:30:00")  # Monday 4 January, 00:30 in Beijing
    def test_weekly_report_week_starts_on_beijing_monday(self):
        self._followup(
            self.customer,
            state="done",
            date_planned=date(2027, 1, 3),
            date_closed=date(2027, 1, 3),
        )
        self._followup(self.customer, state="done", date_planned=date(2027, 1, 4))
        data = self.env[WEEKLY]._get_weekly_report_data()
        self.assertEqual(
            (data["date_from"], data["date_to"]), (date(2027, 1, 4), date(2027, 1, 4))
        )
        self.assertEqual(data["done"], 1)


@tagged("post_install", "-at_install")
class TestPortalInBeijing(CustomerServiceCase, HttpCase):
    """The customer's user has no time zone: the portal shows the dates in the
    company calendar's."""

    def test_portal_dates(self):
        new_test_user(
            self.env,
            login="tz_portal",
            groups="base.group_portal",
            partner_id=self.customer_contact.id,
        )
        # Monday 2 March, 07:30 in Beijing; Sunday 1 March in UTC.
        complaint = self._create_complaint(
            date_received=datetime(2026, 3, 1, 23, 30),
            contact_id=self.customer_contact.id,
        )
        self.authenticate("tz_portal", "tz_portal")
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(complaint.name, listing.text)
        self.assertIn("03/02/2026", listing.text)
        self.assertNotIn("03/01/2026", listing.text)
        page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("03/02/2026 07:30:00", page.text)
