# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Set customers' tier by hand, with a reason (customer.tier.override). The override is
``res.partner._planning_set_manual_tier`` (models/res_partner.py)."""

from odoo import api, fields, models


class CustomerTierOverride(models.TransientModel):
    _name = "customer.tier.override"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Override a Customer's Tier"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    tier_id = fields.Many2one("customer.tier", "New Tier", required=True)
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        context = self.env.context
        if "partner_ids" in fields_list and not res.get("partner_ids"):
            if context.get("active_model") == "res.partner" and context.get(
                "active_ids"
            ):
                res["partner_ids"] = [fields.Command.set(context["active_ids"])]
            elif context.get("default_partner_id"):
                res["partner_ids"] = [
                    fields.Command.set([context["default_partner_id"]])
                ]
        return res

    def action_apply(self):
        self.ensure_one()
        self.partner_ids._planning_set_manual_tier(self.tier_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
