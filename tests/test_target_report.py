# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CustomerPlanningCase


@tagged("post_install", "-at_install")
class TestTargetReport(CustomerPlanningCase):
    """DOMAIN §2 (鱼与熊掌), the source's own example: rep A sells 200 k to a
    Non-named customer, nearly all of its yearly purchasing, and is praised;
    rep B sells 600 k to a Major customer, a sliver of its purchasing, and is
    criticised. The target report per salesperson and tier shows why."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_manager = new_test_user(
            cls.env,
            login="tr_sales_manager",
            name="Sales Director Qin",
            groups="sales_team.group_sale_manager,"
            "crm_customer_planning.group_customer_planning_user",
        )
        cls.customer_a = cls._customer_with_values(
            "Rep A's customer", 200000, 210000, owner=cls.salesman
        )
        cls.customer_b = cls._customer_with_values(
            "Rep B's customer", 600000, 20000000, owner=cls.salesman_2
        )
        cls.env.flush_all()

    def _rows(self, user):
        Report = self.env["customer.target.report"].with_user(user)
        return {
            row.partner_id: (
                row.user_id,
                row.tier_id,
                row.target_type,
                row.current_value,
                round(row.share_of_wallet, 2),
                round(row.progress, 2),
                row.verdict,
            )
            for row in Report.search(
                [("partner_id", "in", (self.customer_a | self.customer_b).ids)]
            )
        }

    def test_rep_a_is_praised_and_rep_b_criticised(self):
        self.assertEqual(
            self._rows(self.sales_manager),
            {
                # 200 k against the Non-named amount target of 150 k.
                self.customer_a: (
                    self.salesman,
                    self.tier_non_named,
                    "amount",
                    200000,
                    95.24,
                    133.33,
                    "met",
                ),
                # 3% of its purchasing against the Major share target of 30%.
                self.customer_b: (
                    self.salesman_2,
                    self.tier_major,
                    "share",
                    600000,
                    3.0,
                    10.0,
                    "short",
                ),
            },
        )

    def test_per_salesperson_and_tier(self):
        groups = (
            self.env["customer.target.report"]
            .with_user(self.sales_manager)
            ._read_group(
                [("partner_id", "in", (self.customer_a | self.customer_b).ids)],
                ["user_id", "tier_id"],
                ["current_value:sum", "progress:avg"],
            )
        )
        self.assertEqual(
            {(u, t): (v, round(p, 2)) for u, t, v, p in groups},
            {
                (self.salesman, self.tier_non_named): (200000, 133.33),
                (self.salesman_2, self.tier_major): (600000, 10.0),
            },
        )

    def test_each_salesperson_sees_their_own(self):
        self.assertEqual(list(self._rows(self.salesman)), [self.customer_a])
        self.assertEqual(list(self._rows(self.salesman_2)), [self.customer_b])
        agent = new_test_user(
            self.env,
            login="tr_agent",
            groups="crm_customer_planning.group_customer_service_agent",
        )
        with self.assertRaises(AccessError):
            self._rows(agent)
