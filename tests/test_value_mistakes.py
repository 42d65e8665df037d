# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import DashboardCase


@tagged("post_install", "-at_install")
class TestValueMistakes(DashboardCase):
    """The shipped pyramid weighs both axes at the top, and managers see the two
    mistakes of the value matrix with the resources each customer gets
    (DOMAIN §1, §3, §7)."""

    def _override(self, customer, tier):
        wizard = Form(
            self.env["customer.tier.override"]
            .with_user(self.planning_manager)
            .with_context(active_model="res.partner", active_ids=customer.ids)
        )
        wizard.tier_id = tier
        wizard.reason = "The owner asked for it."
        wizard.save().action_apply()

    def _mistakes(self, user=None):
        Report = self.env["customer.resource.report"].with_user(
            user or self.planning_manager
        )
        self.env.flush_all()
        return {
            row.partner_id: row.mistake
            for row in Report.search([("mistake", "!=", False)])
        }

    def test_type_2_does_not_reach_the_top_by_its_current_value(self):
        """1.5 M of sales but little more to win: high current, low potential.
        Under 'either threshold' it was Major (weekly visits, 1:1 coverage); now
        it is Named, while a type-3 customer that could buy 6 M is Major."""
        cash_cow = self._customer_with_values(
            "Huabei Castings", 1500000, 900000, self.salesman
        )
        rising = self._customer_with_values(
            "Xinjiang Solar", 50000, 6000000, self.salesman_2
        )
        self.assertEqual(
            (cash_cow.value_quadrant, cash_cow.customer_tier_id),
            ("high_low", self.tier_named),
        )
        self.assertEqual(
            (rising.value_quadrant, rising.customer_tier_id),
            ("low_high", self.tier_major),
        )
        self.assertEqual(self.major.customer_tier_id, self.tier_major)
        # The rule stays the manager's: either threshold again puts it on top.
        self.tier_major.with_user(self.planning_manager).threshold_logic = "any"
        cash_cow._planning_recompute_values()
        self.assertEqual(cash_cow.customer_tier_id, self.tier_major)

    def test_major_coverage_is_one_to_one(self):
        self.assertEqual(
            (self.tier_major.coverage_model, self.tier_major.capacity),
            ("one_to_one", 1),
        )
        self.assertFalse(self.major.planning_capacity_warning)
        second = self._customer_with_values(
            "Changjiang Shipyard", 2000000, 9000000, self.salesman
        )
        self.assertEqual(second.customer_tier_id, self.tier_major)
        second.invalidate_recordset(["planning_capacity_warning"])
        self.assertEqual(
            second.planning_capacity_warning,
            f"{self.salesman.name} covers 2 Major Account accounts, more than the "
            "1 one salesperson can serve.",
        )

    def test_the_two_mistakes_with_their_resources(self):
        """Bohai Shipping (400 k of 800 k: type 2) is served 1:1 once overridden
        into Major; Chengdu Grid (nothing yet of 2 M: type 3) is left to the
        call center once overridden into Mass-market. The classified pyramid of
        the dataset itself makes neither mistake."""
        self.assertEqual(self._mistakes(), {})
        self._override(self.named_b, self.tier_major)
        self._override(self.named_c, self.tier_mass)
        self.assertEqual(
            self._mistakes(),
            {self.named_b: "over_served", self.named_c: "under_served"},
        )
        rows = self.env["customer.resource.report"].search(
            [("partner_id", "in", (self.named_b | self.named_c | self.major).ids)]
        )
        self.assertEqual(
            {
                row.partner_id: (
                    row.value_quadrant,
                    row.tier_id,
                    row.coverage_model,
                    row.user_id,
                )
                for row in rows
            },
            {
                self.named_b: (
                    "high_low",
                    self.tier_major,
                    "one_to_one",
                    self.salesman,
                ),
                self.named_c: (
                    "low_high",
                    self.tier_mass,
                    "call_center",
                    self.salesman_2,
                ),
                self.major: ("high_high", self.tier_major, "one_to_one", self.salesman),
            },
        )
        # The resources each one got: the same figures as the 80/20 analysis.
        allocation = {
            row.tier_id: (row.visit_count, row.activity_count)
            for row in self.env["customer.allocation.report"].search([])
        }
        by_tier = {}
        for row in self.env["customer.resource.report"].search([]):
            visits, activities = by_tier.get(row.tier_id, (0, 0))
            by_tier[row.tier_id] = (
                visits + row.visit_count,
                activities + row.activity_count,
            )
        self.assertEqual(by_tier, allocation)
        self.assertEqual(
            (rows.filtered(lambda r: r.partner_id == self.major).visit_count), 4
        )

    def test_the_lists_are_for_planning_managers(self):
        self._override(self.named_b, self.tier_major)
        self.assertEqual(
            self._mistakes(self.planning_manager), {self.named_b: "over_served"}
        )
        with self.assertRaisesRegex(AccessError, "Resources per Customer"):
            self._mistakes(self.salesman)
        action = self.env.ref("crm_customer_planning.customer_resource_report_action")
        self.assertEqual(
            action.context,
            "{'search_default_over_served': 1, 'search_default_under_served': 1, "
            "'search_default_group_mistake': 1}",
        )
