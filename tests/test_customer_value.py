# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import QUIET_DAY, CustomerPlanningCase


@tagged("post_install", "-at_install")
@freeze_time(QUIET_DAY)
class TestCustomerValue(CustomerPlanningCase):
    def test_value_types_from_known_numbers(self):
        """The four value types of DOMAIN §1, around the company thresholds."""
        cases = [
            ("Small Shop", 10000, 50000, "low_low", self.tier_mass),
            ("Old Mill", 400000, 500000, "high_low", self.tier_named),
            ("Rising Star", 20000, 6000000, "low_high", self.tier_major),
            ("Anchor Group", 1200000, 8000000, "high_high", self.tier_major),
        ]
        for name, current, potential, quadrant, tier in cases:
            with self.subTest(customer=name):
                partner = self._customer_with_values(name, current, potential)
                self.assertEqual(partner.current_value, current)
                self.assertEqual(partner.value_quadrant, quadrant)
                self.assertEqual(partner.customer_tier_id, tier)
                self.assertEqual(partner.planning_values_date, self.today)

    def test_tier_boundaries(self):
        """Each tier from known numbers, on and just below its thresholds."""
        cases = [
            # Major: the potential decides; a high current value alone is not
            # enough (value type 2, DOMAIN §1).
            (50000000, 4999999, self.tier_named),
            (999999, 0, self.tier_named),
            (0, 5000000, self.tier_major),
            (0, 4999999, self.tier_named),
            (300000, 0, self.tier_named),
            (0, 1000000, self.tier_named),
            (299999, 999999, self.tier_non_named),
            (50000, 0, self.tier_non_named),
            (0, 200000, self.tier_non_named),
            (49999, 199999, self.tier_mass),
            (0, 0, self.tier_mass),
        ]
        for current, potential, tier in cases:
            with self.subTest(current=current, potential=potential):
                partner = self._customer_with_values(
                    f"Customer {current}/{potential}", current, potential
                )
                self.assertEqual(partner.customer_tier_id, tier)

    def test_both_thresholds_logic(self):
        self.tier_named.threshold_logic = "all"
        only_current = self._customer_with_values("Only Current", 400000, 0)
        both = self._customer_with_values("Both", 400000, 1200000)
        self.assertEqual(only_current.customer_tier_id, self.tier_non_named)
        self.assertEqual(both.customer_tier_id, self.tier_named)

    def test_current_value_sources(self):
        """Won opportunities of the trailing 12 months, of the company and its
        contacts; neither open, lost, nor older deals count."""
        partner = self._create_customer("Huadong Machinery", 2000000)
        contact = self.env["res.partner"].create(
            {"name": "Buyer Liu", "parent_id": partner.id}
        )
        self._create_won(partner, 100000, months_ago=2)
        self._create_won(contact, 50000, months_ago=11)
        self._create_won(partner, 700000, months_ago=13)  # too old
        self.env["crm.lead"].create(
            {
                "name": "Open deal",
                "type": "opportunity",
                "partner_id": partner.id,
                "expected_revenue": 900000,
            }
        )
        lost = self.env["crm.lead"].create(
            {
                "name": "Lost deal",
                "type": "opportunity",
                "partner_id": partner.id,
                "expected_revenue": 800000,
            }
        )
        lost.action_set_lost()
        partner._planning_recompute_values()
        self.assertEqual(partner.current_value, 150000)
        self.assertAlmostEqual(partner.share_of_wallet, 7.5)
        self.assertEqual(partner.value_quadrant, "low_high")
        self.assertFalse(contact.customer_tier_id, "contacts are not tiered")

    def test_share_of_wallet_without_potential(self):
        partner = self._customer_with_values("Unknown Wallet", 80000, 0)
        self.assertEqual(partner.share_of_wallet, 0.0)
        self.assertEqual(partner.planning_target_type, "amount")

    def test_domain_example_rep_a_and_rep_b(self):
        """DOMAIN §2: 200k to a Non-named customer, nearly all its purchasing, is
        praised; 600k to a Major customer, a sliver of its purchasing, is not."""
        customer_a = self._customer_with_values(
            "Rep A's customer", 200000, 210000, owner=self.salesman
        )
        customer_b = self._customer_with_values(
            "Rep B's customer", 600000, 20000000, owner=self.salesman_2
        )
        self.assertEqual(customer_a.customer_tier_id, self.tier_non_named)
        self.assertEqual(customer_a.planning_target_type, "amount")
        self.assertGreater(customer_a.share_of_wallet, 95.0)
        self.assertGreaterEqual(customer_a.planning_target_progress, 100.0)

        self.assertEqual(customer_b.customer_tier_id, self.tier_major)
        self.assertEqual(customer_b.planning_target_type, "share")
        self.assertAlmostEqual(customer_b.share_of_wallet, 3.0)
        self.assertAlmostEqual(customer_b.planning_target_progress, 10.0)
        # Rep B sold three times more, yet is much further from target.
        self.assertGreater(customer_b.current_value, customer_a.current_value)
        self.assertLess(
            customer_b.planning_target_progress, customer_a.planning_target_progress
        )

    def test_potential_change_reclassifies_at_once(self):
        partner = self._customer_with_values("Growing Co", 60000, 100000)
        self.assertEqual(partner.customer_tier_id, self.tier_non_named)
        partner.with_user(self.salesman).write({"potential_value": 6000000})
        self.assertEqual(partner.customer_tier_id, self.tier_major)
        self.assertEqual(partner.value_quadrant, "low_high")
        last = partner.customer_tier_history_ids.sorted("id")[-1]
        self.assertEqual(last.old_tier_id, self.tier_non_named)
        self.assertEqual(last.new_tier_id, self.tier_major)
        self.assertEqual(last.change_type, "auto")

    def test_negative_potential_refused(self):
        partner = self._customer_with_values("Careful Co", 60000, 100000)
        with self.assertRaises(ValidationError):
            partner.write({"potential_value": -1})
        self.assertEqual(partner.potential_value, 100000)
        with self.assertRaises(ValidationError):
            self._create_customer("Negative Co", -5)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Negative Co")]))

    def test_matrix_thresholds_per_company(self):
        self.company.planning_high_current_value = 10000
        partner = self._customer_with_values("Small but high", 20000, 0)
        self.assertEqual(partner.value_quadrant, "high_low")
        with self.assertRaises(ValidationError):
            self.company.planning_high_potential_value = 0
