# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    company_currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", readonly=True
    )
    planning_high_current_value = fields.Monetary(
        related="company_id.planning_high_current_value",
        currency_field="company_currency_id",
        readonly=False,
    )
    planning_high_potential_value = fields.Monetary(
        related="company_id.planning_high_potential_value",
        currency_field="company_currency_id",
        readonly=False,
    )
    planning_recompute_batch_size = fields.Integer(
        "Recompute Batch Size",
        config_parameter="crm_customer_planning.recompute_batch_size",
        default=5000,
        help="Customers recomputed per transaction by the scheduled action.",
    )
    qualification_pass_mark = fields.Float(
        related="company_id.qualification_pass_mark", readonly=False
    )
    qualification_full_deal_size = fields.Monetary(
        related="company_id.qualification_full_deal_size",
        currency_field="company_currency_id",
        readonly=False,
    )
    qualification_light_real = fields.Boolean(
        related="company_id.qualification_light_real", readonly=False
    )
    qualification_light_compete = fields.Boolean(
        related="company_id.qualification_light_compete", readonly=False
    )
    qualification_light_win = fields.Boolean(
        related="company_id.qualification_light_win", readonly=False
    )
    qualification_light_worth = fields.Boolean(
        related="company_id.qualification_light_worth", readonly=False
    )
