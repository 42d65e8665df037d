# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One change of a customer's tier (customer.tier.history), automatic or a manual
override, with its reason. Written by res_partner_planning.py (the recompute) and
res_partner.py (the override)."""

from odoo import fields, models


class CustomerTierHistory(models.Model):
    _name = "customer.tier.history"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Customer Tier Change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, index="btree_not_null"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    old_tier_id = fields.Many2one("customer.tier", ondelete="set null")
    new_tier_id = fields.Many2one("customer.tier", ondelete="set null")
    change_type = fields.Selection(
        [("auto", "Automatic"), ("manual", "Manual override")],
        "Change",
        required=True,
        default="auto",
    )
    reason = fields.Text()
    user_id = fields.Many2one(
        "res.users", "Changed By", default=lambda self: self.env.user
    )
