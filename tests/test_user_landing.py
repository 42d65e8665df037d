# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A new user lands on the screen of their daily work (models/res_users.py)."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import CustomerPlanningCase

MODULE = "crm_customer_planning"


@tagged("post_install", "-at_install")
class TestUserLanding(CustomerPlanningCase):
    def _new_user(self, login, groups, **values):
        return new_test_user(self.env, login=login, groups=groups, **values)

    def _landing(self, xmlid):
        """The id of a landing action (a user's ``action_id`` is an
        ``ir.actions.actions`` record, whatever the action's own model)."""
        return self.env.ref(f"{MODULE}.{xmlid}").id

    def test_each_role_lands_on_its_daily_screen(self):
        cases = [
            (
                "base.group_user,sales_team.group_sale_salesman",
                "res_partner_action_my_accounts",
            ),
            (
                f"base.group_user,{MODULE}.group_customer_service_agent",
                "customer_complaint_action",
            ),
            (
                f"base.group_user,{MODULE}.group_customer_service_supervisor",
                "customer_service_supervision_report_action",
            ),
            (
                "base.group_user,sales_team.group_sale_manager",
                "spreadsheet_dashboard_action_customer_planning",
            ),
            (
                f"base.group_user,{MODULE}.group_customer_service_manager",
                "spreadsheet_dashboard_action_customer_planning",
            ),
        ]
        for index, (groups, landing) in enumerate(cases):
            with self.subTest(groups=groups):
                user = self._new_user(f"cp_landing_{index}", groups)
                self.assertEqual(user.action_id.id, self._landing(landing))

    def test_the_highest_role_wins(self):
        # A salesperson who is also a service agent works the complaints; a
        # service manager who also sells steers from the dashboard.
        agent_seller = self._new_user(
            "cp_landing_agent_seller",
            f"sales_team.group_sale_salesman,{MODULE}.group_customer_service_agent",
        )
        self.assertEqual(
            agent_seller.action_id.id, self._landing("customer_complaint_action")
        )
        manager_seller = self._new_user(
            "cp_landing_manager_seller",
            f"sales_team.group_sale_salesman,{MODULE}.group_customer_service_manager",
        )
        self.assertEqual(
            manager_seller.action_id.id,
            self._landing("spreadsheet_dashboard_action_customer_planning"),
        )

    def test_a_home_action_given_at_creation_is_kept(self):
        pipeline = self.env.ref("crm.crm_lead_action_pipeline")
        user = self._new_user(
            "cp_landing_own",
            "sales_team.group_sale_salesman",
            action_id=pipeline.id,
        )
        self.assertEqual(user.action_id.id, pipeline.id)

    def test_users_outside_the_method_keep_odoo_default(self):
        employee = self._new_user("cp_landing_employee", "base.group_user")
        portal = self._new_user("cp_landing_portal", "base.group_portal")
        self.assertFalse(employee.action_id)
        self.assertFalse(portal.action_id)

    def test_batch_creation_gives_each_user_their_screen(self):
        users = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": f"Batch {login}",
                        "login": login,
                        "groups_id": [Command.set([self.env.ref(group).id])],
                    }
                    for login, group in [
                        ("cp_batch_sales", "sales_team.group_sale_salesman"),
                        ("cp_batch_agent", f"{MODULE}.group_customer_service_agent"),
                    ]
                ]
            )
        )
        self.assertEqual(
            [user.action_id.id for user in users],
            [
                self._landing("res_partner_action_my_accounts"),
                self._landing("customer_complaint_action"),
            ],
        )
