# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import FollowupCase


@tagged("post_install", "-at_install")
class TestFollowup(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._tiered_customer("Visit Named", cls.tier_named, cls.salesman)
        cls.contact = cls.env["res.partner"].create(
            {"name": "Visit Contact", "parent_id": cls.customer.id, "type": "contact"}
        )
        cls.other_customer = cls._tiered_customer(
            "Visit Other", cls.tier_mass, cls.salesman_2
        )

    # Recording results

    def test_satisfaction_from_one_to_five(self):
        count = self.Followup.search_count([])
        for bad in (0, 6, "0", "6", -1):
            with self.assertRaises(ValidationError):
                self._followup(self.customer, satisfaction=bad)
        self.assertEqual(self.Followup.search_count([]), count, "nothing half-written")
        visit = self._followup(self.customer, satisfaction=3)
        self.assertEqual(visit.satisfaction, "3")
        self.assertEqual(visit.satisfaction_score, 3)
        for bad in (0, 6):
            with self.assertRaises(ValidationError):
                visit.write({"satisfaction": bad, "result_notes": "Should not stay"})
        self.assertEqual(visit.satisfaction, "3")
        self.assertFalse(visit.result_notes)
        visit.satisfaction = "5"
        self.assertEqual(visit.satisfaction_score, 5)
        visit.satisfaction = False
        self.assertEqual(visit.satisfaction_score, 0)

    @freeze_time("2026-03-10")
    def test_result_with_next_action_schedules_it(self):
        visit = self._followup(
            self.customer,
            contact_id=self.contact.id,
            rule_id=self.rule_named.id,
            channel="onsite",
            date_planned=date(2026, 3, 9),
        )
        visit.write(
            {
                "result_notes": "Wants a demo of the new servo line",
                "satisfaction": "4",
                "next_action": "Demonstrate the servo line",
                "next_action_date": date(2026, 3, 20),
            }
        )
        visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.date_closed, date(2026, 3, 10))
        following = visit.next_followup_id
        self.assertTrue(following)
        self.assertEqual(following.state, "planned")
        self.assertEqual(following.date_planned, date(2026, 3, 20))
        self.assertEqual(following.name, "Demonstrate the servo line")
        self.assertEqual(following.partner_id, self.customer)
        self.assertEqual(following.contact_id, self.contact)
        self.assertEqual(following.user_id, self.salesman)
        self.assertEqual(following.channel, "onsite")
        # The next action is the rule's next visit: the rule plans no other.
        self.assertEqual(following.rule_id, self.rule_named)
        self.assertFalse(
            self.Rule._generate_followups().filtered(
                lambda f: f.partner_id == self.customer
            )
        )
        # Done twice schedules nothing more.
        visit.action_done()
        self.assertEqual(
            self.Followup.search_count([("partner_id", "=", self.customer.id)]), 2
        )

    def test_late_result_when_the_rule_planned_again(self):
        """A missed visit done late: its next action does not clash with the
        visit the rule planned meanwhile."""
        missed = self._followup(
            self.customer,
            rule_id=self.rule_named.id,
            state="missed",
            next_action="Send the catalogue",
            next_action_date=self.today,
        )
        planned = self.Rule._generate_followups().filtered(
            lambda f: f.partner_id == self.customer
        )
        self.assertEqual(planned.rule_id, self.rule_named)
        missed.action_done()
        self.assertEqual(missed.next_followup_id.name, "Send the catalogue")
        self.assertFalse(missed.next_followup_id.rule_id)
        self.assertEqual(planned.state, "planned")

    def test_done_without_next_action_schedules_nothing(self):
        visit = self._followup(self.customer)
        visit.action_done()
        self.assertFalse(visit.next_followup_id)
        self.assertEqual(visit.date_closed, self.today)

    def test_next_action_needs_a_date(self):
        visit = self._followup(self.customer, next_action="Call back")
        with self.assertRaises(UserError):
            visit.action_done()
        self.assertEqual(visit.state, "planned")

    def test_kanban_move_to_done_schedules_next_action(self):
        visit = self._followup(
            self.customer, next_action="Send samples", next_action_date=self.today
        )
        visit.write({"state": "done"})
        self.assertEqual(visit.next_followup_id.name, "Send samples")

    def test_cancel_and_reset(self):
        visit = self._followup(self.customer)
        visit.action_cancel()
        self.assertEqual((visit.state, visit.date_closed), ("cancelled", self.today))
        visit.action_reset()
        self.assertEqual((visit.state, visit.date_closed), ("planned", False))

    def test_complaint_hook(self):
        visit = self.Followup._create_complaint_followup(self.contact, self.today)
        self.assertEqual(visit.kind, "complaint")
        self.assertEqual(visit.partner_id, self.customer)
        self.assertEqual(visit.user_id, self.salesman)
        self.assertIn("Complaint return visit", visit.display_name)

    # On the customer

    @freeze_time("2026-06-15")
    def test_customer_figures(self):
        self._followup(
            self.customer, state="done", date_closed=date(2025, 12, 1), satisfaction="2"
        )
        self._followup(
            self.customer, state="done", date_closed=date(2026, 2, 1), satisfaction="5"
        )
        self._followup(
            self.customer, state="done", date_closed=date(2026, 5, 3), satisfaction="4"
        )
        self._followup(self.customer, state="done", date_closed=date(2026, 6, 1))
        self._followup(self.customer, state="missed", date_planned=date(2026, 6, 2))
        self._followup(self.customer, date_planned=date(2026, 7, 1))
        self._followup(self.customer, date_planned=date(2026, 6, 20))
        self._followup(self.other_customer, state="done", date_closed=date(2026, 6, 14))
        customer = self.customer.with_user(self.salesman)
        self.assertEqual(customer.followup_last_date, date(2026, 6, 1))
        self.assertEqual(customer.followup_next_date, date(2026, 6, 20))
        self.assertEqual(customer.followup_year_count, 3)
        self.assertAlmostEqual(
            customer.followup_satisfaction, (2 + 5 + 4) / 3, places=2
        )
        self.assertEqual(customer.followup_count, 7)
        action = customer.action_view_followups()
        self.assertEqual(
            self.Followup.search_count(action["domain"]), customer.followup_count
        )
        # Recording a visit updates the figures.
        self._followup(
            self.customer, state="done", date_closed=date(2026, 6, 10), satisfaction="1"
        )
        self.assertEqual(customer.followup_last_date, date(2026, 6, 10))
        self.assertEqual(customer.followup_year_count, 4)

    def test_customer_figures_query_count(self):
        """The figures of many customers cost as many queries as of one."""
        partners = self.customer | self.other_customer
        for partner in partners:
            self._followup(partner, state="done", satisfaction="4")
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.assertIsInstance(self.customer.followup_satisfaction, float)
        one = self.env.cr.sql_log_count - start
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        partners.mapped("followup_satisfaction")
        two = self.env.cr.sql_log_count - start
        self.assertEqual(one, two)

    # Who sees what

    def test_service_agents_see_own_and_team_visits(self):
        own = self._followup(self.other_customer, user_id=self.agent.id)
        teammate = self._followup(self.other_customer, user_id=self.agent_teammate.id)
        other_team = self._followup(
            self.other_customer, user_id=self.agent_other_team.id
        )
        unrelated = self._followup(self.customer, user_id=self.salesman.id)
        visible = self.Followup.with_user(self.agent).search(
            [("id", "in", (own | teammate | other_team | unrelated).ids)]
        )
        self.assertEqual(visible, own | teammate)
        with self.assertRaises(AccessError):
            other_team.with_user(self.agent).read(["state"])
        with self.assertRaises(AccessError):
            unrelated.with_user(self.agent).write({"result_notes": "Not mine"})
        # Recording a result on a teammate's visit is allowed.
        teammate.with_user(self.agent).write({"result_notes": "Covered for Two"})
        managed = self.Followup.with_user(self.service_manager).search(
            [("id", "in", (own | teammate | other_team | unrelated).ids)]
        )
        self.assertEqual(managed, own | teammate | other_team | unrelated)

    def test_salespeople_see_their_customers_visits(self):
        mine = self._followup(self.customer, user_id=self.agent.id)
        theirs = self._followup(self.other_customer, user_id=self.salesman_2.id)
        visible = self.Followup.with_user(self.salesman).search(
            [("id", "in", (mine | theirs).ids)]
        )
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).read(["state"])
        # A salesperson records visits, but deletes none.
        with self.assertRaises(AccessError):
            mine.with_user(self.salesman).unlink()
        with self.assertRaises(AccessError):
            self.rule_named.with_user(self.salesman).interval_number = 2

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "Service Company B"})
        visit_b = self.Followup.create(
            {
                "partner_id": self.other_customer.id,
                "user_id": self.service_manager.id,
                "company_id": company_b.id,
            }
        )
        visible = self.Followup.with_user(self.service_manager).search(
            [("id", "=", visit_b.id)]
        )
        self.assertFalse(visible)
        with self.assertRaises(AccessError):
            visit_b.with_user(self.service_manager).read(["state"])
