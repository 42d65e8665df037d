# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The coverage analysis (customer.coverage.report, DOMAIN §3), an SQL view: accounts
per salesperson and tier against the tier's capacity. The warning on one customer is
computed in models/res_partner.py."""

from odoo import fields, models, tools


class CustomerCoverageReport(models.Model):
    """Accounts per salesperson and tier against the tier's capacity (DOMAIN §3)."""

    _name = "customer.coverage.report"
    _description = "Customer Coverage Analysis"
    _auto = False
    _order = "over_capacity desc, account_count desc"

    user_id = fields.Many2one("res.users", "Account Owner", readonly=True)
    tier_id = fields.Many2one("customer.tier", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    account_count = fields.Integer("Accounts", readonly=True)
    capacity = fields.Integer(readonly=True, aggregator="max")
    over_capacity = fields.Boolean(readonly=True)
    current_value = fields.Monetary(readonly=True, currency_field="currency_id")
    potential_value = fields.Monetary(readonly=True, currency_field="currency_id")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT MIN(p.id) AS id,
                       p.user_id,
                       p.customer_tier_id AS tier_id,
                       p.company_id,
                       COUNT(*) AS account_count,
                       t.capacity,
                       -- strategic accounts are their team's (res_partner.py)
                       (t.capacity > 0
                        AND COUNT(*) FILTER (WHERE p.planning_strategic IS NOT TRUE)
                            > t.capacity) AS over_capacity,
                       SUM(p.current_value) AS current_value,
                       SUM(p.potential_value) AS potential_value
                  FROM res_partner p
                  JOIN customer_tier t ON t.id = p.customer_tier_id
                 WHERE p.parent_id IS NULL AND p.active
                 GROUP BY p.user_id, p.customer_tier_id, p.company_id, t.capacity
            )
            """  # noqa: S608
        )
