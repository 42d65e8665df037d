# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CustomerPlanningCase


@tagged("post_install", "-at_install")
class TestTierConfig(CustomerPlanningCase):
    def test_shipped_tiers(self):
        tiers = self.env["customer.tier"].search([("company_id", "=", False)])
        self.assertEqual(
            tiers,
            self.tier_major | self.tier_named | self.tier_non_named | self.tier_mass,
        )
        self.assertEqual(
            tiers[0], self.tier_major, "the top of the pyramid comes first"
        )
        self.assertEqual(self.tier_major.coverage_model, "one_to_one")
        self.assertEqual(self.tier_mass.coverage_model, "call_center")
        self.assertEqual(self.tier_major.target_type, "share")
        self.assertEqual(self.tier_non_named.target_type, "amount")

    def test_bad_values_refused(self):
        Tier = self.env["customer.tier"].with_user(self.planning_manager)
        bad_values = [
            {"min_current_value": -1},
            {"min_potential_value": -100},
            {"capacity": -3},
            {"target_share": 120},
            {"target_amount": -5},
        ]
        for vals in bad_values:
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                Tier.create({"name": "Broken", "sequence": 99, **vals})
        self.assertFalse(Tier.search([("name", "=", "Broken")]))

    def test_inverted_pyramid_refused(self):
        with self.assertRaises(ValidationError) as error:
            self.tier_named.with_user(self.planning_manager).min_current_value = 2000000
        self.assertIn("Named Account", str(error.exception))
        self.assertIn("Major Account", str(error.exception))
        self.assertEqual(self.tier_named.min_current_value, 300000)
        with self.assertRaises(ValidationError):
            self.tier_mass.with_user(self.planning_manager).sequence = 1

    def test_only_managers_edit_tiers(self):
        tier = self.tier_major.with_user(self.salesman)
        self.assertEqual(tier.name, "Major Account")  # users read them
        with self.assertRaises(AccessError):
            tier.capacity = 50
        with self.assertRaises(AccessError):
            self.env["customer.tier"].with_user(self.salesman).create({"name": "Mine"})
        self.tier_major.with_user(self.planning_manager).capacity = 8
        self.assertEqual(self.tier_major.capacity, 8)

    def test_company_tiers(self):
        """A company with tiers of its own classifies with them; the shared tiers
        serve the others, and users of one company do not see another's tiers."""
        company_b = self.env["res.company"].create({"name": "Planning Co B"})
        gold = self.env["customer.tier"].create(
            {
                "name": "B Gold",
                "sequence": 1,
                "company_id": company_b.id,
                "min_current_value": 10000,
                "min_potential_value": 10000,
            }
        )
        basic = self.env["customer.tier"].create(
            {"name": "B Basic", "sequence": 2, "company_id": company_b.id}
        )
        customer_b = self._customer_with_values(
            "B Customer", 20000, 0, company_id=company_b.id
        )
        small_b = self._customer_with_values("B Small", 100, 0, company_id=company_b.id)
        customer_a = self._customer_with_values("A Customer", 20000, 0)
        self.assertEqual(customer_b.customer_tier_id, gold)
        self.assertEqual(small_b.customer_tier_id, basic)
        self.assertEqual(customer_a.customer_tier_id, self.tier_mass)
        visible = self.env["customer.tier"].with_user(self.salesman).search([])
        self.assertNotIn(gold, visible)
        self.assertIn(self.tier_major, visible)
