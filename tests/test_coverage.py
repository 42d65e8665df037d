# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

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
            # The owner reads it on the customer's form.
            self.assertEqual(
                major.with_user(self.salesman).planning_capacity_warning,
                "Salesman Zhang covers 3 Major Account accounts, more than the "
                "2 one salesperson can serve.",
            )
        self.assertFalse(self.named.planning_capacity_warning)
        # Mass-market has no capacity limit (call center).
        self.assertFalse(self.masses[0].planning_capacity_warning)
        self.majors[0].with_user(self.planning_manager).user_id = self.salesman_2
        self.majors[1].invalidate_recordset()
        self.assertFalse(self.majors[1].planning_capacity_warning)

    def test_strategic_account_is_its_teams(self):
        """A strategic account is covered by a sales team (a team per customer):
        it no longer counts in its owner's Major accounts, and wants a team."""
        strategic = self.majors[0].with_user(self.planning_manager)
        strategic.write({"planning_strategic": True, "team_id": False})
        self.assertEqual(
            strategic.planning_capacity_warning,
            "A strategic account is covered by a sales team: choose one.",
        )
        for major in self.majors[1:]:
            major.invalidate_recordset(["planning_capacity_warning"])
            self.assertFalse(major.planning_capacity_warning, "2 accounts, capacity 2")
        strategic.team_id = self.env.ref("sales_team.team_sales_department")
        self.assertFalse(strategic.planning_capacity_warning)
        rows = {
            (r.user_id, r.tier_id): r
            for r in self.env["customer.coverage.report"].search(
                [("user_id", "=", self.salesman.id)]
            )
        }
        major_row = rows[(self.salesman, self.tier_major)]
        self.assertEqual((major_row.account_count, major_row.over_capacity), (3, False))

    def test_major_account_without_anybody(self):
        orphan = self.majors[2].with_user(self.planning_manager)
        orphan.user_id = False
        self.assertEqual(
            orphan.planning_capacity_warning,
            "Nobody covers this Major Account account: one salesperson per "
            "customer (1:1), or a sales team for a strategic account.",
        )
        # Below 1:1 a customer without an owner is the team's or the call center's.
        self.masses[0].with_user(self.planning_manager).user_id = False
        self.assertFalse(self.masses[0].planning_capacity_warning)

    def test_coverage_report(self):
        domain = [("user_id", "in", (self.salesman | self.salesman_2).ids)]
        Report = self.env["customer.coverage.report"]
        report = Report.with_user(self.planning_manager).search(domain)
        rows = {(r.user_id, r.tier_id): r for r in report}
        major_row = rows[(self.salesman, self.tier_major)]
        self.assertEqual(major_row.account_count, 3)
        self.assertEqual(major_row.capacity, 2)
        self.assertTrue(major_row.over_capacity)
        self.assertFalse(rows[(self.salesman, self.tier_named)].over_capacity)
        self.assertFalse(rows[(self.salesman_2, self.tier_mass)].over_capacity)
        self.assertEqual(rows[(self.salesman_2, self.tier_mass)].account_count, 6)
        # An employee outside customer planning does not read it.
        employee = new_test_user(
            self.env, login="cov_employee", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            Report.with_user(employee).search(domain)

    def test_pyramid_and_80_20(self):
        """Few Major customers hold most of the value: the 80/20 picture."""
        (self.tier_major | self.tier_named | self.tier_mass).invalidate_recordset()
        # As the planning manager reads the pyramid.
        major, mass = (
            tier.with_user(self.planning_manager)
            for tier in (self.tier_major, self.tier_mass)
        )
        self.assertEqual(major.customer_count, 3)
        self.assertAlmostEqual(major.customer_percent, 30.0)
        self.assertAlmostEqual(mass.customer_percent, 60.0)
        total = 3 * 1500000 + 400000 + 6 * 10000
        self.assertAlmostEqual(major.value_percent, 100.0 * 4500000 / total)
        self.assertGreater(major.value_percent, 80.0)
        self.assertLess(major.customer_percent, 50.0)
        self.assertEqual(major.current_value_total, 4500000)
