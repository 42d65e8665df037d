# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The volume of the lower tiers (customer.volume.report, DOMAIN §2 and §6), an SQL view
of the won deals of the customers whose tier pursues the sales amount: for them the
method judges the volume (量), not the deal."""

from odoo import fields, models, tools
from odoo.tools import SQL


class CustomerVolumeReport(models.Model):
    """One row per won deal of a Non-named or Mass-market customer (any tier
    with an amount target), dated in the company's calendar: orders and amount
    per period, the average order and the trend (the graph by month)."""

    _name = "customer.volume.report"
    _description = "Volume of the Lower Tiers"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    lead_id = fields.Many2one("crm.lead", "Deal", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    tier_id = fields.Many2one("customer.tier", readonly=True)
    user_id = fields.Many2one("res.users", "Account Owner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date("Won On", readonly=True)
    amount = fields.Monetary(readonly=True, currency_field="currency_id")
    average_amount = fields.Monetary(
        "Average Order",
        readonly=True,
        currency_field="currency_id",
        aggregator="avg",
        help="The average amount of the won deals grouped here.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT l.id,
                       l.id AS lead_id,
                       p.id AS partner_id,
                       p.customer_tier_id AS tier_id,
                       p.user_id,
                       l.company_id,
                       (l.date_closed AT TIME ZONE 'UTC'
                           AT TIME ZONE COALESCE(cal.tz, cp.tz, 'UTC'))::date AS date,
                       COALESCE(l.expected_revenue, 0) AS amount,
                       COALESCE(l.expected_revenue, 0) AS average_amount
                  FROM crm_lead l
                  JOIN res_partner c ON c.id = l.partner_id
                  JOIN res_partner p ON p.id = c.commercial_partner_id
                  JOIN customer_tier t ON t.id = p.customer_tier_id
                  LEFT JOIN res_company co ON co.id = l.company_id
                  LEFT JOIN resource_calendar cal ON cal.id = co.resource_calendar_id
                  LEFT JOIN res_partner cp ON cp.id = co.partner_id
                 WHERE l.active AND l.probability = 100
                   AND l.date_closed IS NOT NULL
                   AND t.target_type = 'amount'
            )
            """,
                table=SQL.identifier(self._table),
            )
        )
