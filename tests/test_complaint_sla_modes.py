# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Time limits in clock hours (7×24, the default: DOMAIN §9 "reply within 12
hours") or in working hours of a rule's calendar. All instants in UTC, their
Shanghai time (UTC+8) in the comment."""

from datetime import datetime

import pytz

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import CustomerServiceCase

THURSDAY_19H35 = datetime(2026, 3, 5, 11, 35)  # Thursday 5 March, 19:35


def office_hours_rule(case):
    """A rule counting 12 / 40 working hours of the case's calendar."""
    return case.env["customer.complaint.sla"].create(
        {
            "name": "Office hours",
            "sequence": 1,
            "company_id": case.company.id,
            "hours_mode": "working",
            "calendar_id": case.calendar.id,
            "reply_hours": 12,
            "resolution_hours": 40,
        }
    )


@tagged("post_install", "-at_install")
class TestComplaintClockHours(CustomerServiceCase):
    def _escalate(self, now):
        return self.env["customer.complaint"]._cron_escalate_complaints(now=now)

    def test_shipped_rule_counts_clock_hours(self):
        """Received Thursday 19:35: the reply is due Friday 07:35, not Monday."""
        complaint = self._create_complaint(date_received=THURSDAY_19H35)
        self.assertEqual(complaint.reply_deadline, datetime(2026, 3, 5, 23, 35))
        # 40 clock hours: Saturday 11:35.
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 3, 7, 3, 35))
        # Warned once 75% of the 12 hours passed: Friday 04:35.
        self.assertEqual(complaint.reply_warning_date, datetime(2026, 3, 5, 20, 35))
        # 75% of 40 hours: Saturday 01:35.
        self.assertEqual(
            complaint.resolution_warning_date, datetime(2026, 3, 6, 17, 35)
        )
        # Major complaints: resolved within 24 clock hours.
        major = self._create_complaint(
            date_received=THURSDAY_19H35, severity="major", force_new=True
        )
        self.assertEqual(major.resolution_deadline, datetime(2026, 3, 6, 11, 35))

    def test_default_without_any_rule(self):
        self.env["customer.complaint.sla"].search([]).action_archive()
        complaint = self._create_complaint(date_received=THURSDAY_19H35)
        self.assertEqual(complaint.reply_deadline, datetime(2026, 3, 5, 23, 35))
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 3, 7, 3, 35))

    def test_state_and_escalation_follow_the_clock(self):
        """No quiet weekend: at risk on Friday night, breached by Friday
        morning, the handler warned then the manager told at those times."""
        complaint = self._create_complaint(
            date_received=THURSDAY_19H35, handler_id=self.agent_teammate.id
        )
        with freeze_time("2026-03-05 20:00:00"):  # Friday 04:00
            complaint.invalidate_recordset(["sla_state"])
            self.assertEqual(complaint.sla_state, "on_time")
        self.assertEqual(self._escalate(datetime(2026, 3, 5, 20, 0)), (0, 0))
        with freeze_time("2026-03-05 21:00:00"):  # Friday 05:00
            complaint.invalidate_recordset(["sla_state"])
            self.assertEqual(complaint.sla_state, "at_risk")
        self.assertEqual(self._escalate(datetime(2026, 3, 5, 21, 0)), (1, 0))
        self.assertTrue(complaint.escalation_reply_warned)
        self.assertFalse(complaint.escalation_reply_breached)
        with freeze_time("2026-03-06 00:00:00"):  # Friday 08:00
            complaint.invalidate_recordset(["sla_state"])
            self.assertEqual(complaint.sla_state, "breached")
        self.assertEqual(self._escalate(datetime(2026, 3, 6, 0, 0)), (1, 0))
        self.assertTrue(complaint.escalation_reply_breached)

    def test_rule_in_working_hours_of_its_calendar(self):
        """The same complaint under a working-hours rule (Monday to Friday
        09:00-18:00): nine hours on Friday, three on Monday: Monday 12:00."""
        office_hours_rule(self)
        complaint = self._create_complaint(date_received=THURSDAY_19H35)
        self.assertEqual(complaint.reply_deadline, datetime(2026, 3, 9, 4, 0))
        # Three working hours before: Monday 09:00.
        self.assertEqual(complaint.reply_warning_date, datetime(2026, 3, 9, 1, 0))

    def test_working_hours_need_a_calendar_of_the_company(self):
        Sla = self.env["customer.complaint.sla"]
        count = Sla.search_count([])
        with self.assertRaises(ValidationError) as error:
            Sla.create({"name": "No calendar", "hours_mode": "working"})
        self.assertIn("choose the calendar", str(error.exception))
        other_company = self.env["res.company"].create({"name": "Other Co"})
        calendar = self.env["resource.calendar"].create(
            {"name": "Other hours", "company_id": other_company.id}
        )
        with self.assertRaises(UserError):
            Sla.create(
                {
                    "name": "Wrong calendar",
                    "company_id": self.company.id,
                    "hours_mode": "working",
                    "calendar_id": calendar.id,
                }
            )
        with self.assertRaises(ValidationError):
            Sla.create({"name": "Bad mode", "hours_mode": "lunar"})
        self.assertEqual(Sla.search_count([]), count)


@tagged("post_install", "-at_install")
class TestChinaCalendar(CustomerServiceCase):
    """A working-hours rule on a Monday–Friday 09:00–18:00 calendar in Shanghai
    that knows China's public holidays and make-up working days (调休), from
    the holidays package: real dates of 2026 and 2027."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar.public_holiday_country_id = cls.env.ref("base.cn")
        cls.env["customer.complaint.sla"].create(
            {
                "name": "Office hours in China",
                "sequence": 1,
                "company_id": cls.company.id,
                "hours_mode": "working",
                "calendar_id": cls.calendar.id,
                "reply_hours": 12,
                "resolution_hours": 40,
            }
        )

    def _received(self, moment):
        return self._create_complaint(date_received=moment, force_new=True)

    @freeze_time("2026-02-13 09:00:00")
    def test_spring_festival_2026(self):
        """Received Friday 13 February 17:00: one hour on Friday, nine on
        Saturday 14 (a make-up working day), then the Spring Festival (16 to
        23 February): the last two hours on Tuesday 24, due 11:00."""
        complaint = self._received(datetime(2026, 2, 13, 9, 0))
        self.assertEqual(complaint.reply_deadline, datetime(2026, 2, 24, 3, 0))
        # 40 hours: 1 + 9 + Tuesday 24 to Thursday 26 27 + Friday 3 = 12:00.
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 2, 27, 4, 0))
        # Without the country: Monday 16 and Tuesday 17 count as working days.
        self.calendar.public_holiday_country_id = False
        other = self._received(datetime(2026, 2, 13, 9, 0))
        self.assertEqual(other.reply_deadline, datetime(2026, 2, 17, 3, 0))

    @freeze_time("2026-02-27 09:00:00")
    def test_make_up_saturday(self):
        """Received Friday 27 February 17:00: Saturday 28 is worked (调休):
        one hour, nine on Saturday, two on Monday: due Monday 2 March 11:00,
        and the warning (three working hours before) on Saturday 17:00."""
        complaint = self._received(datetime(2026, 2, 27, 9, 0))
        self.assertEqual(complaint.reply_deadline, datetime(2026, 3, 2, 3, 0))
        self.assertEqual(complaint.reply_warning_date, datetime(2026, 2, 28, 9, 0))

    def test_work_hours_of_the_weeks(self):
        """Through the calendar itself: the week of 9 February has 45 hours and
        the make-up Saturday (9), the Spring Festival week none."""
        tz = pytz.timezone("Asia/Shanghai")

        def hours(first, last):
            return self.calendar.get_work_hours_count(
                tz.localize(first), tz.localize(last), compute_leaves=True
            )

        self.assertEqual(hours(datetime(2026, 2, 9), datetime(2026, 2, 16)), 54)
        self.assertEqual(hours(datetime(2026, 2, 16), datetime(2026, 2, 23)), 0)
        # National Day 2026: 1 to 7 October off, Saturday 10 worked.
        self.assertEqual(hours(datetime(2026, 10, 1), datetime(2026, 10, 12)), 27)

    @freeze_time("2027-02-04 09:00:00")
    def test_spring_festival_2027(self):
        """Received Thursday 4 February 2027 17:00: the holidays run from
        Friday 5 to Wednesday 10: one hour, nine on Thursday 11, two on Friday
        12: due 11:00."""
        complaint = self._received(datetime(2027, 2, 4, 9, 0))
        self.assertEqual(complaint.reply_deadline, datetime(2027, 2, 12, 3, 0))

    def test_unknown_country_refused(self):
        country = self.env["res.country"].create({"name": "Atlantis", "code": "XX"})
        with self.assertRaises(ValidationError) as error:
            self.calendar.public_holiday_country_id = country
        self.assertIn("Atlantis", str(error.exception))
        self.calendar.invalidate_recordset()
        self.assertEqual(
            self.calendar.public_holiday_country_id, self.env.ref("base.cn")
        )


@tagged("post_install", "-at_install")
class TestCommitmentInWords(CustomerServiceCase):
    """The form states the commitment, in the reader's time zone and language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent.tz = "Asia/Shanghai"
        cls.agent_other.tz = "Europe/Paris"

    def _commitment(self, complaint, user, lang="en_US"):
        reader = complaint.with_user(user).sudo()  # as read by ``user``, anywhere
        return reader.with_context(lang=lang).sla_commitment

    def test_clock_hours_in_the_users_time_zone(self):
        complaint = self._create_complaint(date_received=THURSDAY_19H35)
        self.assertEqual(
            self._commitment(complaint, self.agent),
            "Reply within 12 hours — due Fri 07:35; "
            "resolve within 40 hours — due Sat 11:35",
        )
        # Paris is UTC+1 in March: the same instants, read there.
        self.assertEqual(
            self._commitment(complaint, self.agent_other),
            "Reply within 12 hours — due Fri 00:35; "
            "resolve within 40 hours — due Sat 04:35",
        )

    def test_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["crm_customer_planning"], ["zh_CN"], overwrite=True
        )
        complaint = self._create_complaint(date_received=THURSDAY_19H35)
        self.assertEqual(
            self._commitment(complaint, self.agent, lang="zh_CN"),
            "12 小时内回复 — 截止 周五 07:35；40 小时内解决 — 截止 周六 11:35",
        )

    def test_working_hours_and_a_deadline_beyond_the_week(self):
        """Forty working hours from Thursday evening end the next Thursday:
        the date is given, not the weekday alone."""
        office_hours_rule(self)
        complaint = self._create_complaint(date_received=THURSDAY_19H35)
        self.assertEqual(
            self._commitment(complaint, self.agent),
            "Reply within 12 working hours — due Mon 12:00; "
            "resolve within 40 working hours — due 2026-03-12 Thu 13:00",
        )
