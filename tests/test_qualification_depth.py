# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import OpportunityScreeningCase


@tagged("post_install", "-at_install")
class TestQualificationDepth(OpportunityScreeningCase):
    """DOMAIN §6: Major and Named customers' big deals go through all four steps;
    Non-named and Mass-market customers get the lighter check."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.major = cls._customer_with_values("Major Steel", 1500000, 6000000)
        cls.named = cls._customer_with_values("Named Glass", 400000, 1200000)
        cls.non_named = cls._customer_with_values("Non-named Tools", 60000, 100000)
        cls.mass = cls._customer_with_values("Mass Shop", 1000, 2000)
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer Zhou", "parent_id": cls.major.id}
        )

    def test_depth_by_tier_and_deal_size(self):
        cases = [
            (self.major, 100000, "full"),
            (self.major, 99999, "light"),
            (self.contact, 500000, "full"),  # the contact's company decides
            (self.named, 250000, "full"),
            (self.non_named, 5000000, "light"),
            (self.mass, 5000000, "light"),
            (None, 150000, "full"),  # not classified yet: the deal size decides
            (None, 50000, "light"),
        ]
        for partner, revenue, depth in cases:
            with self.subTest(customer=partner and partner.name, revenue=revenue):
                lead = self._create_opportunity(
                    "Deal", partner=partner, revenue=revenue
                )
                self.assertEqual(lead.qualification_depth, depth)

    def test_lighter_check_asks_the_configured_steps(self):
        lead = self._create_opportunity("Small order", partner=self.mass)
        self.assertEqual(lead._get_qualification_required_steps(), ["real", "compete"])
        self.assertEqual(lead.qualification_win_verdict, "skipped")
        self.assertEqual(lead.qualification_worth_verdict, "skipped")
        self._pass_steps(lead, "real", "compete")
        self.assertEqual(lead.qualification_recommendation, "pursue")
        self.assertEqual(lead.qualification_step, "compete")
        self.assertFalse(lead.qualification_next_step)
        # A gate further down the pipe lets the light-checked deal through.
        self.stage_won.required_qualification_step = "worth"
        lead.with_user(self.salesman).action_set_won()
        self.assertEqual(lead.stage_id, self.stage_won)

        # The company asks for "Can we win?" in the lighter check too.
        other = self._create_opportunity("Another small order", partner=self.mass)
        self._pass_steps(other, "real", "compete")
        self.company.qualification_light_win = True
        self.assertEqual(other.qualification_win_verdict, "open")
        self.assertEqual(other.qualification_recommendation, "review")
        self.assertEqual(other.qualification_next_step, "win")
        self._pass_steps(other, "win")
        self.assertEqual(other.qualification_recommendation, "pursue")

    def test_skipped_steps_do_not_block_later_ones(self):
        self.company.write(
            {"qualification_light_compete": False, "qualification_light_worth": True}
        )
        lead = self._create_opportunity("Odd check", partner=self.non_named)
        self._pass_steps(lead, "real", "worth")
        self.assertEqual(lead.qualification_compete_verdict, "skipped")
        self.assertEqual(lead.qualification_worth_verdict, "passed")
        self.assertEqual(lead.qualification_step, "worth")

    def test_full_depth_follows_deal_size_and_tier_changes(self):
        named = self._customer_with_values("Named by potential", 60000, 1200000)
        self.assertEqual(named.customer_tier_id, self.tier_named)
        lead = self._create_opportunity("Growing deal", partner=named, revenue=50000)
        self.assertEqual(lead.qualification_depth, "light")
        lead.expected_revenue = 300000
        self.assertEqual(lead.qualification_depth, "full")
        self.company.qualification_full_deal_size = 500000
        self.assertEqual(lead.qualification_depth, "light")
        self.company.qualification_full_deal_size = 100000
        self.assertEqual(lead.qualification_depth, "full")
        # The customer drops to Non-named through the recompute (a set-based
        # SQL update): the depth of its open deals follows.
        named.potential_value = 100000
        self.assertEqual(named.customer_tier_id, self.tier_non_named)
        self.assertEqual(lead.qualification_depth, "light")
        # A manager overrides it back to Named.
        named.with_user(self.planning_manager)._planning_set_manual_tier(
            self.tier_named, "Strategic account"
        )
        self.assertEqual(lead.qualification_depth, "full")
        # The tier's depth itself is configurable.
        self.tier_named.qualification_depth = "light"
        self.assertEqual(lead.qualification_depth, "light")

    def test_rescreening_after_a_tier_change_is_set_based(self):
        """A customer who moves up to Major has every open deal re-screened in
        the same number of queries, whether it has three deals or twelve, each
        with its own answers or none."""

        def rescreen(count):
            customer = self._customer_with_values(f"Shop of {count}", 1000, 2000)
            leads = self.env["crm.lead"]
            for index in range(count):
                leads |= self._create_opportunity(
                    f"Order {index}", partner=customer, revenue=150000 + index
                )
            self._pass_steps(leads[0], "real")
            self.env.flush_all()
            self.assertEqual(set(leads.mapped("qualification_depth")), {"light"})
            start = self.env.cr.sql_log_count
            customer.potential_value = 6000000
            self.env.flush_all()
            queries = self.env.cr.sql_log_count - start
            self.assertEqual(customer.customer_tier_id, self.tier_major)
            self.assertEqual(set(leads.mapped("qualification_depth")), {"full"})
            self.assertEqual(leads[0].qualification_real_verdict, "passed")
            self.assertEqual(
                set(leads[1:].mapped("qualification_real_verdict")), {"open"}
            )
            self.assertEqual(set(leads.mapped("qualification_worth_verdict")), {"open"})
            return queries

        rescreen(2)  # caches warm
        self.assertEqual(rescreen(3), rescreen(12))

    def test_lighter_check_needs_a_step(self):
        with self.assertRaises(ValidationError):
            self.company.write(
                {
                    "qualification_light_real": False,
                    "qualification_light_compete": False,
                }
            )
        for mark in (0, -5, 101):
            with self.subTest(mark=mark), self.assertRaises(ValidationError):
                self.company.qualification_pass_mark = mark
        with self.assertRaises(ValidationError):
            self.company.qualification_full_deal_size = -1
