# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

import pytz
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import FollowupCase

# Friday 14 March 2031 in Beijing: 14:00 is 06:00 UTC, 18:00 is 10:00 UTC.
FRIDAY_1400 = "2031-03-14 06:00:00"
FRIDAY_1759 = "2031-03-14 09:59:00"
FRIDAY_1800 = "2031-03-14 10:00:00"
MONDAY = date(2031, 3, 10)


@tagged("post_install", "-at_install")
class TestWeeklyServiceReport(FollowupCase):
    """The weekly report each service person submits (周报, DOMAIN §9), on a
    known week (Monday 10 to Friday 14 March 2031) in Beijing, the server
    clock in UTC. Team East (Agent One and Two) is led by the service
    manager; Team West (Agent Three) has no leader."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_east.user_id = cls.service_manager
        cls.Weekly = cls.env["customer.service.weekly.report"]
        cls.customer = cls._tiered_customer(
            "Weekly Named", cls.tier_named, cls.salesman
        )

        def visit(owner, state, closed, notes=False):
            cls._followup(
                cls.customer,
                user_id=owner.id,
                state=state,
                date_planned=closed,
                date_closed=closed,
                result_notes=notes,
            )

        visit(cls.agent, "done", date(2031, 3, 10), "Wants a spare spindle")
        visit(cls.agent, "done", date(2031, 3, 12), "Happy with the repair")
        visit(cls.agent, "done", date(2031, 3, 14))
        visit(cls.agent, "missed", date(2031, 3, 11))
        visit(cls.agent_teammate, "done", date(2031, 3, 13))
        visit(cls.agent_teammate, "missed", date(2031, 3, 10))
        visit(cls.agent_teammate, "missed", date(2031, 3, 14))
        # The week before and the week after: not this week's.
        visit(cls.agent, "done", date(2031, 3, 9), "Last week's words")
        visit(cls.agent, "missed", date(2031, 3, 17))
        # Monday 10 March, 10:00 in Beijing: its reply is due 22:00 the same
        # day (12 clock hours) and never came: breached this week.
        cls.complaint = (
            cls.env["customer.complaint"]
            .with_user(cls.agent)
            .create(
                {
                    "subject": "Spindle overheats",
                    "partner_id": cls.customer.id,
                    "category_id": cls.env["customer.complaint.category"]
                    .create({"name": "Weekly (test)", "team_id": cls.team_east.id})
                    .id,
                    "date_received": datetime(2031, 3, 10, 2, 0),
                }
            )
        )

    def _reports(self):
        return self.Weekly.search(
            [
                (
                    "user_id",
                    "in",
                    (
                        self.agent
                        | self.agent_teammate
                        | self.agent_other_team
                        | self.service_manager
                    ).ids,
                )
            ]
        )

    def _by_user(self, reports):
        return {report.user_id: report for report in reports}

    @freeze_time(FRIDAY_1400)
    def test_drafts_for_every_service_person(self):
        self.Weekly._cron_create_weekly_reports()
        reports = self._by_user(self._reports())
        # The service manager receives the reports and writes none.
        self.assertEqual(
            set(reports), {self.agent, self.agent_teammate, self.agent_other_team}
        )
        mine = reports[self.agent]
        self.assertEqual(
            (mine.week_start, mine.week_end, mine.state),
            (MONDAY, date(2031, 3, 16), "draft"),
        )
        self.assertEqual(mine.date_deadline, datetime(2031, 3, 14, 10, 0))
        self.assertEqual(
            (mine.team_id, mine.manager_id), (self.team_east, self.service_manager)
        )
        self.assertEqual(
            (
                reports[self.agent_other_team].team_id,
                reports[self.agent_other_team].manager_id,
            ),
            (self.team_west, self.env["res.users"]),
        )
        self.assertEqual(
            (
                mine.visits_done,
                mine.visits_missed,
                mine.complaints_received,
                mine.complaints_closed,
                mine.complaints_breached,
            ),
            (3, 1, 1, 0, 1),
        )
        self.assertEqual(
            mine.customer_feedback,
            "Weekly Named (visit of 2031-03-10): Wants a spare spindle\n"
            "Weekly Named (visit of 2031-03-12): Happy with the repair",
        )
        mate = reports[self.agent_teammate]
        self.assertEqual(
            (mate.visits_done, mate.visits_missed, mate.complaints_received),
            (1, 2, 0),
        )
        self.assertFalse(mate.customer_feedback)
        # Each person has a to-do to submit it today.
        activity = mine.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            (activity.user_id, activity.date_deadline, activity.activity_type_id),
            (
                self.agent,
                date(2031, 3, 14),
                self.env.ref("mail.mail_activity_data_todo"),
            ),
        )
        # A second run creates nothing twice.
        self.assertFalse(self.Weekly._cron_create_weekly_reports())
        self.assertEqual(len(self._reports()), 3)

    @freeze_time("2031-03-16 16:30:00")
    def test_week_of_the_company_time_zone(self):
        """Monday 17 March 00:30 in Beijing, still Sunday 16 in UTC: the new
        week is Beijing's."""
        self.Weekly._cron_create_weekly_reports()
        self.assertEqual(set(self._reports().mapped("week_start")), {date(2031, 3, 17)})

    @freeze_time(FRIDAY_1400)
    def test_submit_to_the_manager(self):
        self.Weekly._cron_create_weekly_reports()
        report = self._by_user(self._reports())[self.agent].with_user(self.agent)
        report.remarks = "Two customers asked for training."
        with self.assertRaises(UserError):
            report.with_user(self.agent_teammate).action_submit()
        report.action_submit()
        self.assertEqual(
            (report.state, report.date_submitted),
            ("submitted", datetime(2031, 3, 14, 6, 0)),
        )
        self.assertFalse(report.activity_ids)
        message = report.message_ids.filtered(
            lambda m: self.service_manager.partner_id in m.partner_ids
        )
        self.assertEqual(len(message), 1)
        with self.assertRaises(ValidationError):
            report.remarks = "Changed afterwards"
        with self.assertRaises(UserError):
            report.action_submit()

    @freeze_time(FRIDAY_1400)
    def test_who_sees_which_report(self):
        self.Weekly._cron_create_weekly_reports()
        reports = self._by_user(self._reports())
        own = self.Weekly.with_user(self.agent).search([]).user_id
        self.assertEqual(own, self.agent)
        # A teammate does not read another's report; the team leader does.
        with self.assertRaises(AccessError):
            reports[self.agent].with_user(self.agent_teammate).remarks  # noqa: B018
        self.assertEqual(
            self.Weekly.with_user(self.service_manager)
            .search([("id", "in", self._reports().ids)])
            .user_id,
            self.agent | self.agent_teammate | self.agent_other_team,
        )
        # A salesperson sees none of them.
        self.assertFalse(self.Weekly.with_user(self.salesman).search([]))

    def test_manager_told_at_18_not_before(self):
        with freeze_time(FRIDAY_1400):
            self.Weekly._cron_create_weekly_reports()
            reports = self._by_user(self._reports())
            reports[self.agent_teammate].with_user(self.agent_teammate).action_submit()
        with freeze_time(FRIDAY_1759):
            self.assertFalse(self.Weekly._cron_tell_managers())
            self.assertFalse(
                reports[self.agent].activity_ids.filtered(
                    lambda a: a.user_id == self.service_manager
                )
            )
        with freeze_time(FRIDAY_1800):
            told = self.Weekly._cron_tell_managers()
            # Agent Three's team has no leader: the report waits in the list.
            self.assertEqual(told, reports[self.agent])
            activity = reports[self.agent].activity_ids.filtered(
                lambda a: a.user_id == self.service_manager
            )
            self.assertEqual(activity.summary, "Not submitted: Agent One")
            self.assertFalse(self.Weekly._cron_tell_managers())
            # The manager's list: "Not submitted", and the team's roll-up.
            Weekly = self.Weekly.with_user(self.service_manager)
            self.assertEqual(
                Weekly.search(
                    [
                        ("state", "=", "draft"),
                        ("manager_id", "=", self.service_manager.id),
                    ]
                ),
                reports[self.agent],
            )
            self.assertEqual(
                Weekly._read_group(
                    [
                        ("week_start", "=", MONDAY),
                        ("user_id", "in", self._reports().user_id.ids),
                    ],
                    ["team_id"],
                    ["visits_done:sum", "visits_missed:sum", "complaints_breached:sum"],
                ),
                [(self.team_east, 4, 3, 1), (self.team_west, 0, 0, 0)],
            )

    def test_roll_up_mail_names_who_has_not_submitted(self):
        with freeze_time(FRIDAY_1400):
            self.Weekly._cron_create_weekly_reports()
        with freeze_time(FRIDAY_1800):
            cron = self.env.ref("crm_customer_planning.ir_cron_weekly_service_report")
            cron.method_direct_trigger()
            mail = self.env["mail.mail"].search(
                [
                    ("recipient_ids", "in", self.service_manager.partner_id.ids),
                    ("subject", "=", "Weekly service report"),
                ]
            )
            self.assertEqual(len(mail), 1)
            self.assertIn("Weekly reports not submitted yet", mail.body_html)
            for name in ("Agent One", "Agent Two", "Agent Three"):
                self.assertIn(name, mail.body_html)

    def test_scheduled_friday_14_and_18_in_beijing(self):
        beijing = pytz.timezone("Asia/Shanghai")
        for xmlid, hour in (
            ("ir_cron_weekly_service_report_drafts", 14),
            ("ir_cron_weekly_service_report", 18),
        ):
            cron = self.env.ref(f"crm_customer_planning.{xmlid}")
            self.assertEqual((cron.interval_number, cron.interval_type), (1, "weeks"))
            local = pytz.utc.localize(cron.nextcall).astimezone(beijing)
            self.assertEqual((local.weekday(), local.hour), (4, hour))

    def test_monday_only(self):
        with self.assertRaises(ValidationError):
            self.Weekly.create(
                {"user_id": self.agent.id, "week_start": date(2031, 3, 11)}
            )
