# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Where a new user lands (issue 19): on the screen of their daily work, not in
Discuss. An administrator who creates a user, or gives one a home action by
hand, keeps the last word: only users created without a home action get one."""

from odoo import api, models

# (group, home action), the first group the user has wins: a manager steers from
# the dashboard, the supervisor signs the supervision reports, an agent works the
# complaints, a salesperson their own accounts.
LANDINGS = (
    (
        "crm_customer_planning.group_customer_planning_manager",
        "crm_customer_planning.spreadsheet_dashboard_action_customer_planning",
    ),
    (
        "crm_customer_planning.group_customer_service_manager",
        "crm_customer_planning.spreadsheet_dashboard_action_customer_planning",
    ),
    (
        "crm_customer_planning.group_customer_service_supervisor",
        "crm_customer_planning.customer_service_supervision_report_action",
    ),
    (
        "crm_customer_planning.group_customer_service_agent",
        "crm_customer_planning.customer_complaint_action",
    ),
    (
        "crm_customer_planning.group_customer_planning_user",
        "crm_customer_planning.res_partner_action_my_accounts",
    ),
)


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._set_customer_planning_landing()
        return users

    def _customer_planning_landings(self):
        """The (group, home action) pairs, first match wins; extend to add roles."""
        return LANDINGS

    def _set_customer_planning_landing(self):
        """Give each internal user of ``self`` without a home action the landing
        screen of their first role in ``_customer_planning_landings``: one
        write per screen."""
        pending = self.filtered(lambda user: not user.action_id and not user.share)
        for group_xmlid, action_xmlid in self._customer_planning_landings():
            group = self.env.ref(group_xmlid, raise_if_not_found=False)
            action = self.env.ref(action_xmlid, raise_if_not_found=False)
            if not pending or not group or not action:
                continue
            landing = pending.filtered(lambda user, role=group: role in user.groups_id)
            landing.sudo().action_id = action.id
            pending -= landing
