# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The 80/20 target by month (customer.allocation.month.report, DOMAIN §7, 二八原则), an
SQL view by company and month: the share of the resources spent on the top customers
against the company's target. Built on the dated resource lines of
customer_resource_report.py; the settings are on res.company, the monthly drift alert
in models/res_company_allocation.py."""

from odoo import fields, models, tools
from odoo.tools import SQL

from .customer_resource_report import customer_home_sql, customer_resource_lines_sql

ALLOCATION_BASES = [
    ("time", "Time spent"),
    ("count", "Visits and activities"),
]


class CustomerAllocationMonthReport(models.Model):
    """Per company and month, the share of the resources spent on the top
    customers (by default the 20% of the most valuable ones, by current value,
    ranked as they stand today) against the target share (by default 80%).
    The resources are the time spent (visits, meetings, timesheets) when the
    month has any, else the visits and activities counted."""

    _name = "customer.allocation.month.report"
    _description = "Resource Allocation Target by Month"
    _auto = False
    _order = "month desc, company_id"
    _rec_name = "month"

    company_id = fields.Many2one("res.company", readonly=True)
    month = fields.Date(readonly=True, help="The first day of the month.")
    customer_count = fields.Integer("Customers", readonly=True, aggregator="max")
    top_customer_count = fields.Integer(
        "Top Customers",
        readonly=True,
        aggregator="max",
        help="The most valuable customers, as many as the top customers share of "
        "the classified customers (rounded up).",
    )
    top_share = fields.Float(
        "Top Customers Share (%)", readonly=True, digits=(16, 2), aggregator="max"
    )
    basis = fields.Selection(
        ALLOCATION_BASES,
        "Measured By",
        readonly=True,
        help="Time spent when the month has any hours, else visits and activities.",
    )
    time_spent = fields.Float(
        "Time Spent (hours)", readonly=True, digits=(16, 2), aggregator="sum"
    )
    top_time_spent = fields.Float(
        "Time on Top Customers (hours)", readonly=True, digits=(16, 2)
    )
    action_count = fields.Integer("Visits and Activities", readonly=True)
    top_action_count = fields.Integer(
        "Visits and Activities on Top Customers", readonly=True
    )
    resource_share = fields.Float(
        "Share on Top Customers (%)",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="The share of the month's resources spent on the top customers.",
    )
    target_share = fields.Float(
        "Target Share (%)", readonly=True, digits=(16, 2), aggregator="avg"
    )
    gap = fields.Float(
        "Gap (points)",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="The share on the top customers minus the target: below zero, the "
        "resources drift away from the most valuable customers.",
    )
    is_drifting = fields.Boolean(
        "Drifting",
        readonly=True,
        help="The share is below the target by more than the company's tolerance.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                WITH ranked AS (
                    SELECT h.id, h.company_id,
                           ROW_NUMBER() OVER (PARTITION BY h.company_id
                               ORDER BY h.current_value DESC, h.id) AS rank,
                           COUNT(*) OVER (PARTITION BY h.company_id)
                               AS customer_count
                      FROM (%(customers)s) h
                ),
                top AS (
                    SELECT r.id, r.company_id, r.customer_count,
                           CEIL(r.customer_count * c.allocation_top_share
                               / 100.0)::integer AS top_customer_count,
                           r.rank <= CEIL(r.customer_count
                               * c.allocation_top_share / 100.0) AS is_top
                      FROM ranked r
                      JOIN res_company c ON c.id = r.company_id
                ),
                by_month AS (
                    SELECT l.company_id,
                           date_trunc('month', l.day)::date AS month,
                           MAX(t.customer_count) AS customer_count,
                           MAX(t.top_customer_count) AS top_customer_count,
                           SUM(l.time_spent) AS time_spent,
                           COALESCE(SUM(l.time_spent) FILTER (WHERE t.is_top), 0)
                               AS top_time_spent,
                           SUM(l.visit_count + l.activity_count) AS action_count,
                           COALESCE(SUM(l.visit_count + l.activity_count)
                               FILTER (WHERE t.is_top), 0) AS top_action_count
                      FROM (%(lines)s) l
                      JOIN top t ON t.id = l.partner_id
                     GROUP BY l.company_id, date_trunc('month', l.day)
                ),
                measured AS (
                    SELECT m.*,
                           CASE WHEN m.time_spent > 0 THEN 'time' ELSE 'count' END
                               AS basis,
                           COALESCE(CASE WHEN m.time_spent > 0
                               THEN 100.0 * m.top_time_spent / m.time_spent
                               ELSE 100.0 * m.top_action_count
                                    / NULLIF(m.action_count, 0)
                           END, 0) AS resource_share
                      FROM by_month m
                )
                SELECT (m.company_id::bigint * 1000000
                        + EXTRACT(YEAR FROM m.month)::bigint * 100
                        + EXTRACT(MONTH FROM m.month)::bigint) AS id,
                       m.company_id,
                       m.month,
                       m.customer_count,
                       m.top_customer_count,
                       c.allocation_top_share AS top_share,
                       m.basis,
                       m.time_spent,
                       m.top_time_spent,
                       m.action_count,
                       m.top_action_count,
                       m.resource_share,
                       c.allocation_target_share AS target_share,
                       m.resource_share - c.allocation_target_share AS gap,
                       m.resource_share < c.allocation_target_share
                           - c.allocation_drift_tolerance AS is_drifting
                  FROM measured m
                  JOIN res_company c ON c.id = m.company_id
            )
            """,
                table=SQL.identifier(self._table),
                customers=customer_home_sql(),
                lines=customer_resource_lines_sql(self.env),
            )
        )
