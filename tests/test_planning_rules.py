# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The pure rules of ``models/planning_rules.py``: plain values in, plain
values out, no database (``BaseCase``). The last class checks, on real
complaints, that the three forms of "breached" (Python, domain, SQL) agree."""

from collections import namedtuple
from datetime import date, datetime, timedelta

from odoo.tests import BaseCase, tagged
from odoo.tools import SQL

from ..models.planning_rules import (
    add_hours,
    breached_sql,
    classify,
    is_at_risk,
    is_breached,
    is_late,
    local_day_start,
    local_days,
    local_period,
    local_today,
    period_days,
    value_quadrant,
    warning_date,
)
from .common import CustomerServiceCase

NOW = datetime(2026, 3, 10, 8, 0)
HOUR = timedelta(hours=1)

Clocks = namedtuple(
    "Clocks",
    "state reply_deadline reply_late first_reply_date reply_warning_date "
    "resolution_deadline resolution_late date_resolved resolution_warning_date "
    "waiting_since",
)


def clocks(**values):
    """A complaint as the rules see it: on time, both clocks running."""
    base = {
        "state": "in_progress",
        "reply_deadline": NOW + 4 * HOUR,
        "reply_late": False,
        "first_reply_date": False,
        "reply_warning_date": NOW + HOUR,
        "resolution_deadline": NOW + 30 * HOUR,
        "resolution_late": False,
        "date_resolved": False,
        "resolution_warning_date": NOW + 20 * HOUR,
        "waiting_since": False,
    }
    base.update(values)
    return Clocks(**base)


# (name, complaint, breached, at risk): every case the rule distinguishes.
CASES = [
    ("on time", clocks(), False, False),
    ("reply warning passed", clocks(reply_warning_date=NOW - HOUR), False, True),
    (
        "reply warning passed but replied",
        clocks(reply_warning_date=NOW - HOUR, first_reply_date=NOW - 2 * HOUR),
        False,
        False,
    ),
    ("reply deadline passed", clocks(reply_deadline=NOW - HOUR), True, False),
    ("reply deadline is now", clocks(reply_deadline=NOW), True, False),
    (
        "reply deadline passed, replied in time",
        clocks(reply_deadline=NOW - HOUR, first_reply_date=NOW - 2 * HOUR),
        False,
        False,
    ),
    ("replied late", clocks(reply_late=True, first_reply_date=NOW), True, False),
    ("resolution deadline passed", clocks(resolution_deadline=NOW - HOUR), True, False),
    (
        "resolution warning passed",
        clocks(resolution_warning_date=NOW - HOUR),
        False,
        True,
    ),
    (
        "resolved in time after the deadlines",
        clocks(
            state="resolved",
            reply_deadline=NOW - 9 * HOUR,
            resolution_deadline=NOW - 5 * HOUR,
            date_resolved=NOW - 10 * HOUR,
        ),
        False,
        False,
    ),
    (
        "resolved late",
        clocks(
            state="closed",
            resolution_late=True,
            resolution_deadline=NOW - 5 * HOUR,
            date_resolved=NOW - HOUR,
        ),
        True,
        False,
    ),
    (
        "waiting for the customer past its deadlines",
        clocks(
            reply_deadline=NOW - 9 * HOUR,
            resolution_deadline=NOW - 5 * HOUR,
            waiting_since=NOW - 10 * HOUR,
        ),
        False,
        False,
    ),
    (
        "waiting for the customer past a warning date",
        clocks(reply_warning_date=NOW - HOUR, waiting_since=NOW - 2 * HOUR),
        False,
        False,
    ),
    (
        "waiting for the customer, replied late",
        clocks(
            reply_late=True,
            first_reply_date=NOW - 11 * HOUR,
            reply_deadline=NOW - 12 * HOUR,
            waiting_since=NOW - 10 * HOUR,
        ),
        True,
        False,
    ),
    (
        "cancelled past its deadlines",
        clocks(
            state="cancelled",
            reply_deadline=NOW - 9 * HOUR,
            resolution_deadline=NOW - 5 * HOUR,
        ),
        False,
        False,
    ),
]


@tagged("post_install", "-at_install")
class TestPlanningRules(BaseCase):
    def test_classify_takes_the_first_tier_reached(self):
        tiers = [(1, 1000, 5000, "all"), (2, 500, 2000, "any"), (3, 0, 0, "any")]
        self.assertEqual(classify(tiers, 1000, 5000), 1)
        self.assertEqual(classify(tiers, 1000, 100), 2)  # both needed for tier 1
        self.assertEqual(classify(tiers, 0, 2000), 2)  # either one for tier 2
        self.assertEqual(classify(tiers, 10, 10), 3)
        self.assertFalse(classify([], 10, 10))

    def test_classify_by_potential(self):
        """The potential decides: however much it buys today, a customer that
        cannot grow stays below; one that could buy much reaches the tier."""
        tiers = [(1, 1000, 5000, "potential"), (2, 500, 2000, "any"), (3, 0, 0, "any")]
        self.assertEqual(classify(tiers, 9000, 4999), 2)
        self.assertEqual(classify(tiers, 0, 5000), 1)
        self.assertEqual(classify(tiers, 400, 1999), 3)

    def test_value_quadrant(self):
        self.assertEqual(value_quadrant(0, 0, 300, 1000), "low_low")
        self.assertEqual(value_quadrant(300, 0, 300, 1000), "high_low")
        self.assertEqual(value_quadrant(299, 1000, 300, 1000), "low_high")
        self.assertEqual(value_quadrant(300, 1000, 300, 1000), "high_high")

    def test_add_hours_without_a_calendar_counts_clock_hours(self):
        self.assertEqual(add_hours(NOW, 12), NOW + 12 * HOUR)
        self.assertEqual(add_hours(NOW, -3), NOW - 3 * HOUR)

    def test_add_hours_through_a_planner(self):
        def plan_days(hours, start):  # a "calendar" of whole days
            return start + timedelta(days=hours)

        self.assertEqual(add_hours(NOW, 2, plan_days), NOW + timedelta(days=2))
        # A planner that finds no date: clock hours.
        self.assertEqual(add_hours(NOW, 2, lambda h, s: False), NOW + 2 * HOUR)

    def test_warning_date_counts_back_from_the_deadline(self):
        deadline = NOW + 12 * HOUR
        # 75% of 12 hours passed: 3 hours before the deadline.
        self.assertEqual(warning_date(deadline, 12, 0.75), NOW + 9 * HOUR)
        self.assertFalse(warning_date(False, 12, 0.75))

    def test_is_late(self):
        self.assertTrue(is_late(NOW, NOW + HOUR))
        self.assertFalse(is_late(NOW, NOW))
        self.assertFalse(is_late(NOW, False))
        self.assertFalse(is_late(False, NOW))

    def test_breached_and_at_risk(self):
        for name, complaint, breached, at_risk in CASES:
            with self.subTest(name):
                self.assertEqual(is_breached(complaint, NOW), breached)
                self.assertEqual(is_at_risk(complaint, NOW), at_risk)

    # Local days: Beijing is UTC+8 all year (no daylight saving time).

    def test_local_today(self):
        # 1 January 00:30 in Beijing is 31 December 16:30 in UTC.
        new_year = datetime(2026, 12, 31, 16, 30)
        self.assertEqual(local_today("Asia/Shanghai", new_year), date(2027, 1, 1))
        self.assertEqual(local_today("UTC", new_year), date(2026, 12, 31))
        self.assertEqual(local_today(False, new_year), date(2026, 12, 31))
        self.assertEqual(
            local_today("Asia/Shanghai", datetime(2026, 12, 31, 15, 59)),
            date(2026, 12, 31),
        )
        # West of UTC the local day lags behind.
        self.assertEqual(
            local_today("America/New_York", datetime(2027, 1, 1, 3, 0)),
            date(2026, 12, 31),
        )
        self.assertEqual(local_today("Not/AZone", new_year), date(2026, 12, 31))

    def test_local_day_start(self):
        self.assertEqual(
            local_day_start(date(2027, 3, 1), "Asia/Shanghai"),
            datetime(2027, 2, 28, 16, 0),
        )
        self.assertEqual(
            local_day_start(date(2028, 2, 29), "Asia/Shanghai"),
            datetime(2028, 2, 28, 16, 0),
        )
        self.assertEqual(local_day_start(date(2027, 3, 1), "UTC"), datetime(2027, 3, 1))
        # A day of daylight saving time change: midnight is still 00:00.
        self.assertEqual(
            local_day_start(date(2027, 3, 28), "Europe/Paris"),
            datetime(2027, 3, 27, 23, 0),
        )
        self.assertEqual(
            local_day_start(date(2027, 3, 29), "Europe/Paris"),
            datetime(2027, 3, 28, 22, 0),
        )

    def test_local_days_are_half_open(self):
        start, end = local_days(date(2026, 11, 30), date(2026, 11, 30), "Asia/Shanghai")
        self.assertEqual(
            (start, end), (datetime(2026, 11, 29, 16), datetime(2026, 11, 30, 16))
        )
        # 30 November 23:30 in Beijing is in, 1 December 00:30 is out.
        self.assertTrue(start <= datetime(2026, 11, 30, 15, 30) < end)
        self.assertFalse(start <= datetime(2026, 11, 30, 16, 30) < end)

    def test_period_days(self):
        friday = date(2027, 1, 8)
        self.assertEqual(period_days("day", friday), (friday, friday))
        self.assertEqual(
            period_days("week", friday), (date(2027, 1, 4), date(2027, 1, 10))
        )
        # A week across the new year, months of every length.
        self.assertEqual(
            period_days("week", date(2027, 1, 1)),
            (date(2026, 12, 28), date(2027, 1, 3)),
        )
        for day, last in (
            (date(2028, 2, 29), date(2028, 2, 29)),
            (date(2027, 2, 6), date(2027, 2, 28)),
            (date(2027, 4, 30), date(2027, 4, 30)),
            (date(2026, 12, 31), date(2026, 12, 31)),
            (date(2027, 1, 1), date(2027, 1, 31)),
        ):
            with self.subTest(day=day):
                self.assertEqual(period_days("month", day), (day.replace(day=1), last))
        # The periods of an account plan: quarters and years.
        self.assertEqual(
            period_days("quarter", date(2027, 2, 28)),
            (date(2027, 1, 1), date(2027, 3, 31)),
        )
        self.assertEqual(
            period_days("year", friday), (date(2027, 1, 1), date(2027, 12, 31))
        )
        with self.assertRaises(ValueError):
            period_days("fortnight", friday)

    def test_local_period(self):
        tz = "Asia/Shanghai"
        self.assertEqual(
            local_period("day", date(2027, 1, 1), tz),
            (datetime(2026, 12, 31, 16), datetime(2027, 1, 1, 16)),
        )
        self.assertEqual(
            local_period("week", date(2027, 1, 8), tz),
            (datetime(2027, 1, 3, 16), datetime(2027, 1, 10, 16)),
        )
        self.assertEqual(
            local_period("month", date(2026, 11, 15), tz),
            (datetime(2026, 10, 31, 16), datetime(2026, 11, 30, 16)),
        )
        self.assertEqual(
            local_period("month", date(2026, 11, 15), "UTC"),
            (datetime(2026, 11, 1), datetime(2026, 12, 1)),
        )


@tagged("post_install", "-at_install")
class TestBreachedForms(CustomerServiceCase):
    """The domain and the SQL form find exactly the complaints the Python form
    calls breached, on the same cases."""

    def test_three_forms_agree(self):
        Complaint = self.env["customer.complaint"]
        stages = {
            stage.state: stage
            for stage in self.env["customer.complaint.stage"].search(
                [("is_waiting", "=", False)]
            )
        }
        complaints, expected = Complaint, {}
        for name, case, breached, _at_risk in CASES:
            complaint = self._create_complaint(
                subject=name, date_received=NOW - 20 * HOUR, force_new=True
            )
            complaint.sudo().with_context(complaint_internal_write=True).write(
                {
                    "stage_id": stages[case.state].id,
                    "reply_deadline": case.reply_deadline,
                    "resolution_deadline": case.resolution_deadline,
                    "first_reply_date": case.first_reply_date,
                    "date_resolved": case.date_resolved,
                    "return_visit_waived": case.state == "closed",
                }
            )
            # The late flags are computed from the dates: set them as the case
            # says, to check the rule on exactly these values.
            complaint.flush_recordset()
            self.env.cr.execute(
                SQL(
                    "UPDATE customer_complaint SET reply_late = %s, "
                    "resolution_late = %s, waiting_since = %s WHERE id = %s",
                    case.reply_late,
                    case.resolution_late,
                    case.waiting_since or None,
                    complaint.id,
                )
            )
            complaints |= complaint
            expected[complaint.id] = breached
        complaints.invalidate_recordset()
        python = {c.id for c in complaints if is_breached(c, NOW)}
        domain = set(
            Complaint.search(
                [("id", "in", complaints.ids)]
                + Complaint._get_sla_domains(NOW)["breached"]
            ).ids
        )
        self.env.cr.execute(
            SQL(
                "SELECT c.id FROM customer_complaint c WHERE c.id IN %s AND (%s)",
                tuple(complaints.ids),
                breached_sql("c", NOW),
            )
        )
        sql = {row[0] for row in self.env.cr.fetchall()}
        wanted = {cid for cid, breached in expected.items() if breached}
        self.assertEqual(python, wanted)
        self.assertEqual(domain, wanted)
        self.assertEqual(sql, wanted)
