# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's account plans (customer.account.plan, issue 18) seen from the
customer: the smart button of the customer form."""

from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    account_plan_ids = fields.One2many("customer.account.plan", "partner_id")
    account_plan_count = fields.Integer(
        "Number of Account Plans", compute="_compute_account_plan_count"
    )

    @api.depends_context("uid")
    def _compute_account_plan_count(self):
        """One grouped query for all the partners, as the user sees the plans."""
        counts = dict(
            self.env["customer.account.plan"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.account_plan_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_account_plans(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_planning.customer_account_plan_action"
        )
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id}
        return action
