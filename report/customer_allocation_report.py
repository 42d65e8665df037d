# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The 80/20 allocation analysis (customer.allocation.report, DOMAIN §7), an SQL view by
tier, summed from the resources per customer (customer_resource_report.py). The tiers,
and the shares shown on their form, are in models/customer_tier.py."""

from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.planning_rules import TARGET_TYPES
from .customer_resource_report import customer_resources_sql


class CustomerAllocationReport(models.Model):
    """The 80/20 picture (DOMAIN §7): per tier, the share of the customers, of
    the current value and of the resources spent on them — return visits done,
    activities, meetings and the time all of them took (and timesheets, with
    their cost, when Timesheets are installed) — over the last 12 months.
    Customers form a pyramid; the resources should form an inverted one.
    Shares are within a company."""

    _name = "customer.allocation.report"
    _description = "Resource Allocation Analysis"
    _auto = False
    _order = "tier_sequence, tier_id"
    _rec_name = "tier_id"

    tier_id = fields.Many2one("customer.tier", readonly=True)
    tier_sequence = fields.Integer(readonly=True, aggregator="min")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    target_type = fields.Selection(TARGET_TYPES, readonly=True)
    customer_count = fields.Integer("Customers", readonly=True)
    customer_share = fields.Float("% of Customers", readonly=True, digits=(16, 2))
    current_value = fields.Monetary(readonly=True, currency_field="currency_id")
    value_share = fields.Float("% of Value", readonly=True, digits=(16, 2))
    potential_value = fields.Monetary(readonly=True, currency_field="currency_id")
    share_of_wallet = fields.Float(
        "Share of Wallet (%)",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="The tier's current value as a share of its customers' potential value.",
    )
    target_share = fields.Float(
        "Target Share of Wallet (%)", readonly=True, digits=(16, 2), aggregator="max"
    )
    visit_count = fields.Integer(
        "Visits", readonly=True, help="Return visits done over the last 12 months."
    )
    visit_share = fields.Float("% of Visits", readonly=True, digits=(16, 2))
    activity_count = fields.Integer(
        "Activities",
        readonly=True,
        help="Activities done over the last 12 months and activities still open, "
        "on the customer, its contacts and its opportunities.",
    )
    activity_share = fields.Float("% of Activities", readonly=True, digits=(16, 2))
    meeting_count = fields.Integer(
        "Meetings", readonly=True, help="Meetings held over the last 12 months."
    )
    visit_hours = fields.Float(readonly=True, digits=(16, 2))
    meeting_hours = fields.Float(readonly=True, digits=(16, 2))
    timesheet_hours = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="Hours logged on the customers' projects (with Timesheets).",
    )
    time_spent = fields.Float(
        "Time Spent (hours)",
        readonly=True,
        digits=(16, 2),
        help="Hours of return visits, meetings and timesheets over the last 12 months.",
    )
    time_share = fields.Float("% of Time", readonly=True, digits=(16, 2))
    timesheet_cost = fields.Monetary(
        "Time Cost",
        readonly=True,
        currency_field="currency_id",
        help="The cost of the hours logged on the customers' projects over the "
        "last 12 months (with Timesheets).",
    )
    cost_share = fields.Float("% of Time Cost", readonly=True, digits=(16, 2))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                WITH customer AS (%(resources)s),
                by_tier AS (
                    SELECT MIN(c.id) AS id,
                           c.tier_id,
                           c.company_id,
                           COUNT(*) AS customer_count,
                           SUM(c.current_value) AS current_value,
                           SUM(c.potential_value) AS potential_value,
                           SUM(c.visit_count) AS visit_count,
                           SUM(c.activity_count) AS activity_count,
                           SUM(c.meeting_count) AS meeting_count,
                           SUM(c.visit_hours) AS visit_hours,
                           SUM(c.meeting_hours) AS meeting_hours,
                           SUM(c.timesheet_hours) AS timesheet_hours,
                           SUM(c.time_spent) AS time_spent,
                           SUM(c.timesheet_cost) AS timesheet_cost
                      FROM customer c
                     GROUP BY c.tier_id, c.company_id
                )
                SELECT b.id,
                       b.tier_id,
                       t.sequence AS tier_sequence,
                       b.company_id,
                       t.target_type,
                       b.customer_count,
                       COALESCE(100.0 * b.customer_count / NULLIF(SUM(b.customer_count)
                           OVER (PARTITION BY b.company_id), 0), 0) AS customer_share,
                       b.current_value,
                       COALESCE(100.0 * b.current_value / NULLIF(SUM(b.current_value)
                           OVER (PARTITION BY b.company_id), 0), 0) AS value_share,
                       b.potential_value,
                       COALESCE(100.0 * b.current_value
                           / NULLIF(b.potential_value, 0), 0) AS share_of_wallet,
                       CASE WHEN t.target_type = 'share' THEN t.target_share
                            ELSE 0 END AS target_share,
                       b.visit_count,
                       COALESCE(100.0 * b.visit_count / NULLIF(SUM(b.visit_count)
                           OVER (PARTITION BY b.company_id), 0), 0) AS visit_share,
                       b.activity_count,
                       COALESCE(100.0 * b.activity_count / NULLIF(SUM(b.activity_count)
                           OVER (PARTITION BY b.company_id), 0), 0) AS activity_share,
                       b.meeting_count,
                       b.visit_hours,
                       b.meeting_hours,
                       b.timesheet_hours,
                       b.time_spent,
                       COALESCE(100.0 * b.time_spent / NULLIF(SUM(b.time_spent)
                           OVER (PARTITION BY b.company_id), 0), 0) AS time_share,
                       b.timesheet_cost,
                       COALESCE(100.0 * b.timesheet_cost / NULLIF(SUM(b.timesheet_cost)
                           OVER (PARTITION BY b.company_id), 0), 0) AS cost_share
                  FROM by_tier b
                  JOIN customer_tier t ON t.id = b.tier_id
            )
            """,
                table=SQL.identifier(self._table),
                resources=customer_resources_sql(self.env),
            )
        )
