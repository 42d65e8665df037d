# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Targets against results (customer.target.report, DOMAIN §2), an SQL view by customer,
grouped by salesperson and tier: the sales amount against the amount target for
Non-named and Mass-market accounts, the share of wallet against the share target for
Major and Named ones. The same measure is on the customer form
(``res.partner._compute_planning_target``)."""

from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.planning_rules import TARGET_TYPES

TARGET_VERDICTS = [
    ("met", "Target met"),
    ("short", "Short of target"),
]


class CustomerTargetReport(models.Model):
    """Why rep A is praised for 200 k and rep B criticised for 600 k (鱼与熊掌):
    each customer is measured by its tier's target — the amount for the lower
    tiers, the share of its purchasing for the upper ones."""

    _name = "customer.target.report"
    _description = "Targets and Results"
    _auto = False
    _order = "progress, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    tier_id = fields.Many2one("customer.tier", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    target_type = fields.Selection(TARGET_TYPES, readonly=True)
    current_value = fields.Monetary(
        "Sales (12 months)", readonly=True, currency_field="currency_id"
    )
    potential_value = fields.Monetary(
        "Customer's Purchasing", readonly=True, currency_field="currency_id"
    )
    share_of_wallet = fields.Float(
        "Share of Wallet (%)", readonly=True, digits=(16, 2), aggregator="avg"
    )
    target_amount = fields.Monetary(readonly=True, currency_field="currency_id")
    target_share = fields.Float(
        "Target Share (%)", readonly=True, digits=(16, 2), aggregator="avg"
    )
    progress = fields.Float(
        "Target Progress (%)",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="Sales against the amount target, or share of wallet against the share "
        "target, as the tier pursues.",
    )
    verdict = fields.Selection(TARGET_VERDICTS, readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                WITH measured AS (
                    SELECT p.id,
                           p.user_id,
                           p.customer_tier_id AS tier_id,
                           p.company_id,
                           t.target_type,
                           COALESCE(p.current_value, 0) AS current_value,
                           COALESCE(p.potential_value, 0) AS potential_value,
                           COALESCE(p.share_of_wallet, 0) AS share_of_wallet,
                           COALESCE(t.target_amount, 0) AS target_amount,
                           COALESCE(t.target_share, 0) AS target_share,
                           CASE WHEN t.target_type = 'share'
                                THEN 100.0 * COALESCE(p.share_of_wallet, 0)
                                     / NULLIF(t.target_share, 0)
                                ELSE 100.0 * COALESCE(p.current_value, 0)
                                     / NULLIF(t.target_amount, 0)
                           END AS progress
                      FROM res_partner p
                      JOIN customer_tier t ON t.id = p.customer_tier_id
                     WHERE p.parent_id IS NULL AND p.active
                )
                SELECT m.*,
                       m.id AS partner_id,
                       CASE WHEN m.progress >= 100 THEN 'met'
                            WHEN m.progress IS NOT NULL THEN 'short'
                       END AS verdict
                  FROM measured m
            )
            """,
                table=SQL.identifier(self._table),
            )
        )
