# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import CustomerPlanningCase


@tagged("post_install", "-at_install")
class TestCoverage(CustomerPlanningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_major.capacity = 2
        cls.majors = [
            cls._customer_with_values(
                f"Major {i}", 1500000, 6000000, owner=cls.salesman
            )
            for i in range(3)
        ]
        cls.named = cls._customer_with_values(
            "Named 1", 400000, 1200000, owner=cls.salesman
        )
        cls.masses = [
            cls._customer_with_values(f"Mass {i}", 10000, 20000, owner=cls.salesman_2)
            for i in range(6)
        ]

    def test_capacity_warning_on_customer(self):
        for major in self.majors:
            self.assertEqual(
                major.planning_capacity_warning,
                "Salesman Zhang covers 3 Major Account accounts, more than the "
                "2 one salesperson can serve.",
            )
        self.assertFalse(self.named.planning_capacity_warning)
        # Mass-market has no capacity limit (call center).
        self.assertFalse(self.masses[0].planning_capacity_warning)
        self.majors[0].user_id = self.salesman_2
        self.majors[1].invalidate_recordset()
        self.assertFalse(self.majors[1].planning_capacity_warning)

    def test_coverage_report(self):
        report = self.env["customer.coverage.report"].search(
            [("user_id", "in", (self.salesman | self.salesman_2).ids)]
        )
        rows = {(r.user_id, r.tier_id): r for r in report}
        major_row = rows[(self.salesman, self.tier_major)]
        self.assertEqual(major_row.account_count, 3)
        self.assertEqual(major_row.capacity, 2)
        self.assertTrue(major_row.over_capacity)
        self.assertFalse(rows[(self.salesman, self.tier_named)].over_capacity)
        self.assertFalse(rows[(self.salesman_2, self.tier_mass)].over_capacity)
        self.assertEqual(rows[(self.salesman_2, self.tier_mass)].account_count, 6)

    def test_pyramid_and_80_20(self):
        """Few Major customers hold most of the value: the 80/20 picture."""
        tiers = self.tier_major | self.tier_named | self.tier_mass
        tiers.invalidate_recordset()
        self.assertEqual(self.tier_major.customer_count, 3)
        self.assertAlmostEqual(self.tier_major.customer_percent, 30.0)
        self.assertAlmostEqual(self.tier_mass.customer_percent, 60.0)
        total = 3 * 1500000 + 400000 + 6 * 10000
        self.assertAlmostEqual(self.tier_major.value_percent, 100.0 * 4500000 / total)
        self.assertGreater(self.tier_major.value_percent, 80.0)
        self.assertLess(self.tier_major.customer_percent, 50.0)
        self.assertEqual(self.tier_major.current_value_total, 4500000)
