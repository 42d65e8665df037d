# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every screen of the addon's menu, opened as each role the way the web client
opens it (views, records of the list, the first record's form, the pivot's
totals), on the dashboard's data; and each menu shown to exactly the roles that
work with it."""

from lxml import etree

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DashboardCase

ROOT_MENU = "crm_customer_planning.crm_customer_planning_menu_root"

# The roles, and the screens (menu xmlids, without the module) each one sees.
EVERYONE = {"customer_complaint_menu", "customer_complaint_handover_menu"}
PLANNING = {
    "res_partner_menu_my_accounts",
    "res_partner_menu_planning",
    "res_partner_menu_value_matrix",
    "customer_action_item_menu",
    "customer_account_plan_menu",
    "res_partner_menu_competitors",
    "customer_followup_menu",
    "customer_tier_menu_allocation",
    "customer_coverage_report_menu",
    "customer_tier_history_menu",
    "crm_competitor_report_menu",
    "customer_followup_menu_analysis",
    "res_partner_menu_pyramid",
    "res_partner_menu_value_matrix_analysis",
    "res_partner_menu_share_of_wallet",
    "customer_allocation_report_menu",
    "customer_volume_report_menu",
    "customer_allocation_month_report_menu",
    "customer_service_weekly_report_menu",
}
SALES = {
    "crm_lead_menu_pipeline",
    "crm_lead_menu_qualification_analysis",
    "customer_target_report_menu",
}
SERVICE_CONFIG = {
    "customer_complaint_category_menu",
    "customer_complaint_stage_menu",
    "customer_complaint_sla_menu",
}
SHARED_CONFIG = {"customer_followup_rule_menu", "customer_care_holiday_menu"}
DASHBOARD = {"spreadsheet_dashboard_menu_customer_planning"}
# The settings need an administrator (base.group_system) besides.
PLANNING_CONFIG = {
    "customer_tier_menu",
    "crm_qualification_criterion_menu",
    "customer_purchasing_role_menu",
}
COMPLAINT_ANALYSIS = {
    "customer_complaint_report_menu",
    "customer_complaint_target_menu",
}
PLANNING_MANAGER_REPORTS = {"customer_resource_report_menu"}


@tagged("post_install", "-at_install")
class TestScreens(DashboardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(
            cls.env, login="scr_employee", name="Clerk Wu", groups="base.group_user"
        )
        cls.roles = {
            "employee": (cls.employee, EVERYONE),
            "salesperson": (cls.salesman, EVERYONE | PLANNING | SALES),
            "service agent": (
                cls.agent,
                EVERYONE | PLANNING | COMPLAINT_ANALYSIS,
            ),
            "service manager": (
                cls.service_manager,
                EVERYONE
                | PLANNING
                | COMPLAINT_ANALYSIS
                | SERVICE_CONFIG
                | SHARED_CONFIG
                | DASHBOARD,
            ),
            "planning manager": (
                cls.planning_manager,
                EVERYONE
                | PLANNING
                | SALES
                | COMPLAINT_ANALYSIS
                | SHARED_CONFIG
                | PLANNING_CONFIG
                | PLANNING_MANAGER_REPORTS
                | DASHBOARD,
            ),
        }
        root = cls.env.ref(ROOT_MENU)
        cls.screens = cls.env["ir.ui.menu"].search(
            [("id", "child_of", root.id), ("action", "!=", False)]
        )

    def _name(self, menu):
        return menu.get_external_id()[menu.id].split(".", 1)[1]

    def _visible(self, user):
        """The screens the user reaches: the menu and every menu above it shown."""
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

        def reached(menu):
            return not menu or (menu.id in visible and reached(menu.parent_id))

        return {self._name(menu) for menu in self.screens if reached(menu)}

    def test_each_role_sees_its_screens(self):
        every_screen = {self._name(menu) for menu in self.screens}
        for role, (user, expected) in self.roles.items():
            with self.subTest(role=role):
                self.assertLessEqual(expected, every_screen)
                self.assertEqual(self._visible(user), expected)

    @staticmethod
    def _spec(arch):
        """The fields a view asks for (those of its own, not of subviews)."""
        root = etree.fromstring(arch)
        return {
            node.get("name"): {}
            for node in root.iter("field")
            if not any(parent.tag == "field" for parent in node.iterancestors())
        }

    def _open(self, action, user):
        """What the web client asks for when it opens ``action`` as ``user``:
        the views, the records of the list or kanban with their fields, the
        first record in the form, the totals of the pivot or graph."""
        env = self.env(user=user)
        eval_context = {"uid": user.id, "active_id": False, "active_ids": []}
        domain = action.domain or "[]"
        domain = safe_eval(domain, eval_context) if isinstance(domain, str) else domain
        context = safe_eval(action.context or "{}", eval_context)
        Model = env[action.res_model].with_context(**context)
        views = list(action.views)
        if not any(mode == "search" for _view, mode in views):
            views.append((action.search_view_id.id, "search"))
        arch = {
            mode: self._spec(view["arch"])
            for mode, view in Model.get_views(views)["views"].items()
        }
        if Model._transient:  # a dialog or the settings: a new record's form
            Model.onchange({}, [], arch["form"])
            return
        records = Model.browse()
        for mode in ("list", "kanban"):
            if mode in arch:
                rows = Model.web_search_read(domain, arch[mode], limit=80)
                records = Model.browse([row["id"] for row in rows["records"]])
        if "form" in arch:
            records = records or Model.search(domain, limit=1)
            if records:
                records[:1].web_read(arch["form"])
        if {"pivot", "graph"} & set(arch):
            Model.read_group(domain, ["__count"], [])

    def test_each_screen_opens_for_its_roles(self):
        for role, (user, _expected) in self.roles.items():
            for menu in self.screens:
                if self._name(menu) not in self._visible(user):
                    continue
                action = menu.action.sudo()
                if action._name != "ir.actions.act_window":
                    continue
                with self.subTest(role=role, screen=self._name(menu)):
                    self._open(action, user)
