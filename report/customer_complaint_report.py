# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The complaint analysis (customer.complaint.report, DOMAIN §9), an SQL view, one row a
complaint. "Breached" is ``planning_rules.breached_sql``, the rule the complaint's own
time limits use (models/customer_complaint_deadline.py). The customer's rating is
the complaint's last one (``rating.mixin``'s ``rating_last_value``,
models/customer_complaint_rating.py)."""

from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.planning_rules import (
    CHANNELS,
    COMPLAINT_STATES,
    COMPLAINT_TYPES,
    SEVERITIES,
    breached_sql,
)


class CustomerComplaintReport(models.Model):
    """Complaints counted by month, type, category and department; how often
    the first reply came on time and how long resolving took (DOMAIN §9:
    classify and count, study the frequent problems). One row per complaint:
    averages skip the rows where a measure does not apply yet."""

    _name = "customer.complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _order = "date_received desc"

    complaint_id = fields.Many2one("customer.complaint", readonly=True)
    date_received = fields.Datetime("Received", readonly=True)
    complaint_type = fields.Selection(COMPLAINT_TYPES, "Type", readonly=True)
    category_id = fields.Many2one("customer.complaint.category", readonly=True)
    team_id = fields.Many2one("crm.team", readonly=True)
    severity = fields.Selection(SEVERITIES, readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    stage_id = fields.Many2one("customer.complaint.stage", readonly=True)
    state = fields.Selection(COMPLAINT_STATES, "Status", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    first_responsible_id = fields.Many2one("res.users", readonly=True)
    handler_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    complaint_count = fields.Integer("Complaints", readonly=True)
    replied_count = fields.Integer("Replied", readonly=True)
    reply_on_time_rate = fields.Float(
        "First Reply On Time (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the replied complaints whose first reply met its deadline.",
    )
    reply_hours = fields.Float("Hours to First Reply", readonly=True, aggregator="avg")
    resolution_hours = fields.Float(
        "Hours to Resolve",
        readonly=True,
        aggregator="avg",
        help="Average time from reception to resolution, resolved complaints only.",
    )
    resolution_on_time_rate = fields.Float(
        "Resolved On Time (%)", readonly=True, aggregator="avg"
    )
    satisfaction = fields.Float(readonly=True, aggregator="avg", digits=(16, 1))
    customer_rating = fields.Float(
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="The customer's own rating of the service (1 to 5, Odoo's faces: 1, 3 "
        "or 5), the last one given; rated complaints only.",
    )
    rated_count = fields.Integer(
        "Rated by the Customer",
        readonly=True,
        help="Complaints the customer rated after their close.",
    )
    breach_count = fields.Integer(
        "Breached",
        readonly=True,
        help="Complaints whose reply or resolution came, or is still due, after "
        "its deadline (as the Time Limit filter counts them).",
    )
    repeat_count = fields.Integer("Customer Came Back", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT c.id,
                       c.id AS complaint_id,
                       c.date_received,
                       c.complaint_type,
                       c.category_id,
                       c.team_id,
                       c.severity,
                       c.channel,
                       c.stage_id,
                       c.state,
                       c.commercial_partner_id AS partner_id,
                       c.first_responsible_id,
                       c.handler_id,
                       c.company_id,
                       1 AS complaint_count,
                       CASE WHEN c.first_reply_date IS NULL THEN 0 ELSE 1 END
                           AS replied_count,
                       CASE WHEN c.first_reply_date IS NULL THEN NULL
                            WHEN c.first_reply_date <= c.reply_deadline THEN 100.0
                            ELSE 0.0 END AS reply_on_time_rate,
                       EXTRACT(EPOCH FROM c.first_reply_date - c.date_received)
                           / 3600.0 AS reply_hours,
                       EXTRACT(EPOCH FROM c.date_resolved - c.date_received)
                           / 3600.0 AS resolution_hours,
                       CASE WHEN c.date_resolved IS NULL THEN NULL
                            WHEN c.date_resolved <= c.resolution_deadline THEN 100.0
                            ELSE 0.0 END AS resolution_on_time_rate,
                       NULLIF(c.satisfaction, 0) AS satisfaction,
                       NULLIF(c.rating_last_value, 0) AS customer_rating,
                       CASE WHEN c.rating_last_value > 0 THEN 1 ELSE 0 END
                           AS rated_count,
                       COALESCE(c.repeat_count, 0) AS repeat_count,
                       CASE WHEN %s
                            THEN 1 ELSE 0 END AS breach_count
                  FROM customer_complaint c
                 WHERE c.active AND c.state != 'cancelled'
            )
            """,
                SQL.identifier(self._table),
                breached_sql("c"),
            )
        )
