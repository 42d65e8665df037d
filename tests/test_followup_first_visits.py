# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import FollowupCase

CYCLE_START = date(2026, 3, 10)


@tagged("post_install", "-at_install")
class TestFirstVisits(FollowupCase):
    """A new rule (or a new installation) does not make every customer due on
    its first night: each customer never visited under a rule has its own day
    in the rule's cycle, and that first visit is planned the company's lead
    time ahead."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.followup_first_visit_lead_days = 7  # as shipped
        # Thirty Named customers (monthly rule, a cycle of 30 days), of
        # consecutive ids, never visited.
        partners = cls.env["res.partner"].create(
            [
                {
                    "name": f"First Visit {index:02d}",
                    "is_company": True,
                    "user_id": cls.salesman.id,
                }
                for index in range(30)
            ]
        )
        partners.with_context(planning_internal_write=True).write(
            {"customer_tier_id": cls.tier_named.id}
        )
        cls.newcomers = partners

    def _generate(self, day):
        with freeze_time(f"{day.isoformat()} 02:00:00"):
            created = self.Rule._generate_followups()
        return created.filtered(lambda f: f.partner_id in self.newcomers)

    def test_shipped_lead_time(self):
        self.assertEqual(
            self.env["res.company"]
            .create({"name": "New Co"})
            .followup_first_visit_lead_days,
            7,
        )

    def test_first_visits_spread_over_the_first_cycle(self):
        self.company.followup_first_visit_lead_days = 29
        visits = self._generate(CYCLE_START)
        self.assertEqual(len(visits), 30, "one first visit a customer")
        self.assertEqual(
            sorted(visits.mapped("date_planned")),
            [CYCLE_START + timedelta(days=offset) for offset in range(30)],
            "one customer a day over the monthly cycle",
        )
        self.assertEqual(set(visits.mapped("rule_id")), {self.rule_named})
        self.assertEqual(set(visits.mapped("user_id")), {self.salesman})

    def test_first_visit_planned_once_its_day_is_within_the_lead_time(self):
        first = self._generate(CYCLE_START)
        self.assertEqual(
            sorted(first.mapped("date_planned")),
            [CYCLE_START + timedelta(days=offset) for offset in range(8)],
            "today and the 7 days of lead time",
        )
        # Night after night, the customer whose day comes within the lead time
        # gets its visit on the day it had from the start; nobody twice.
        planned = {visit.partner_id: visit.date_planned for visit in first}
        for night in range(1, 30):
            day = CYCLE_START + timedelta(days=night)
            visits = self._generate(day)
            if night <= 22:
                self.assertEqual(visits.mapped("date_planned"), [day + timedelta(7)])
            else:
                self.assertFalse(visits, "the cycle is planned out")
            self.assertFalse(set(visits.partner_id) & set(planned), "nobody twice")
            planned.update({visit.partner_id: visit.date_planned for visit in visits})
        self.assertEqual(len(planned), 30)
        self.assertEqual(len(set(planned.values())), 30)

    def test_visit_done_plans_the_next_at_once(self):
        visit = self._generate(CYCLE_START).filtered(
            lambda f: f.date_planned == CYCLE_START
        )
        with freeze_time("2026-03-12 02:00:00"):
            visit.with_user(self.salesman).action_done()
        self.assertEqual(visit.date_closed, date(2026, 3, 12))
        following = self._generate(date(2026, 3, 12)).filtered(
            lambda f: f.partner_id == visit.partner_id
        )
        # A month on: well beyond the lead time of first visits.
        self.assertEqual(following.date_planned, date(2026, 4, 12))

    def test_projects_spread_over_their_own_cycle(self):
        """Each delivered project has its own day: a customer's old projects
        do not all fall due on one date."""
        with freeze_time("2026-03-10 02:00:00"):
            customer = self._create_customer("Many Projects", owner=self.salesman)
            deals = self.env["crm.lead"]
            for months_ago in (18, 20, 24):
                deals |= self._create_won(customer, 30000, months_ago=months_ago)
        self.company.followup_first_visit_lead_days = 89
        visits = self._generate_for(customer, CYCLE_START)
        self.assertEqual(visits.lead_id, deals)
        self.assertEqual(set(visits.mapped("rule_id")), {self.rule_later})
        days = visits.mapped("date_planned")
        self.assertEqual(len(set(days)), 3, "one day a project")
        for day in days:
            self.assertTrue(CYCLE_START <= day < CYCLE_START + timedelta(90))

    def _generate_for(self, customer, day):
        with freeze_time(f"{day.isoformat()} 02:00:00"):
            created = self.Rule._generate_followups()
        return created.filtered(lambda f: f.partner_id == customer and f.lead_id)

    def test_negative_lead_time_refused(self):
        with self.assertRaises(ValidationError):
            self.company.followup_first_visit_lead_days = -1
        self.assertEqual(self.company.followup_first_visit_lead_days, 7)
