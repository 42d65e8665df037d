# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The resources each customer gets (customer.resource.report, DOMAIN §1 and §7), an SQL
view by customer, and the two mistakes of the value matrix it makes visible: type 2
over-served, type 3 under-served. ``customer_resources_sql`` is also the base of the
80/20 analysis by tier (customer_allocation_report.py)."""

from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.customer_tier import COVERAGE_MODELS
from ..models.planning_rules import VALUE_QUADRANTS

VALUE_MISTAKES = [
    ("over_served", "Type 2 over-served"),
    ("under_served", "Type 3 under-served"),
]
# The coverage of the top resource level (1:1, DOMAIN §3), and the coverages of
# the bottom levels, where a customer that could grow gets too little.
TOP_COVERAGE = "one_to_one"
BOTTOM_COVERAGES = ("one_to_many", "call_center")


def customer_resources_sql(env):
    """SQL: one row per classified customer (``id``, ``tier_id``, ``user_id``,
    ``company_id``, ``value_quadrant``, ``current_value``, ``potential_value``)
    with what it got over the last 12 months: return visits done
    (``visit_count``) and activities, open or done, on it, its contacts and its
    opportunities (``activity_count``)."""
    return SQL(
        """
        WITH customer AS (
            SELECT p.id, p.customer_tier_id AS tier_id, p.user_id, p.company_id,
                   p.value_quadrant,
                   COALESCE(p.current_value, 0) AS current_value,
                   COALESCE(p.potential_value, 0) AS potential_value
              FROM res_partner p
             WHERE p.parent_id IS NULL AND p.active
               AND p.customer_tier_id IS NOT NULL
        ),
        visit AS (
            -- The last 12 months end today in the company's calendar, not in
            -- the database's UTC (CURRENT_DATE).
            SELECT f.partner_id, COUNT(*) AS visit_count
              FROM customer_followup f
              JOIN (%(company_today)s) t ON t.company_id = f.company_id
             WHERE f.state = 'done'
               AND f.date_closed >= t.today - INTERVAL '12 months'
             GROUP BY f.partner_id
        ),
        activity_on AS (
            -- open activities and done ones (kept as messages)
            SELECT a.res_model AS model, a.res_id
              FROM mail_activity a
             WHERE a.active AND a.res_model IN ('res.partner', 'crm.lead')
             UNION ALL
            SELECT m.model, m.res_id
              FROM mail_message m
             WHERE m.mail_activity_type_id IS NOT NULL
               AND m.model IN ('res.partner', 'crm.lead')
               AND m.date >= (NOW() AT TIME ZONE 'UTC') - INTERVAL '12 months'
        ),
        activity AS (
            SELECT rp.commercial_partner_id AS partner_id,
                   COUNT(*) AS activity_count
              FROM activity_on x
              LEFT JOIN crm_lead l ON x.model = 'crm.lead' AND l.id = x.res_id
              JOIN res_partner rp
                ON rp.id = CASE WHEN x.model = 'crm.lead' THEN l.partner_id
                                ELSE x.res_id END
             GROUP BY rp.commercial_partner_id
        )
        SELECT c.*,
               COALESCE(v.visit_count, 0) AS visit_count,
               COALESCE(a.activity_count, 0) AS activity_count
          FROM customer c
          LEFT JOIN visit v ON v.partner_id = c.id
          LEFT JOIN activity a ON a.partner_id = c.id
        """,
        company_today=env["res.company"]._company_today_sql(),
    )


class CustomerResourceReport(models.Model):
    """Per customer: its value type, its tier and coverage, and the return
    visits and activities it got over 12 months. The method's two mistakes
    (DOMAIN §1) are flagged: a type-2 customer (high current, low potential:
    it cannot grow) served at the top resource level (1:1 coverage), and a
    type-3 customer (low current, high potential) left to the bottom levels
    (1:many or the call center), which buys elsewhere once it peaks."""

    _name = "customer.resource.report"
    _description = "Resources per Customer"
    _auto = False
    _order = "mistake, visit_count desc, activity_count desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    tier_id = fields.Many2one("customer.tier", readonly=True)
    coverage_model = fields.Selection(COVERAGE_MODELS, "Coverage", readonly=True)
    user_id = fields.Many2one("res.users", "Account Owner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    value_quadrant = fields.Selection(VALUE_QUADRANTS, "Value Type", readonly=True)
    current_value = fields.Monetary(readonly=True, currency_field="currency_id")
    potential_value = fields.Monetary(readonly=True, currency_field="currency_id")
    visit_count = fields.Integer(
        "Visits", readonly=True, help="Return visits done over the last 12 months."
    )
    activity_count = fields.Integer(
        "Activities",
        readonly=True,
        help="Activities done over the last 12 months and activities still open, "
        "on the customer, its contacts and its opportunities.",
    )
    mistake = fields.Selection(
        VALUE_MISTAKES,
        readonly=True,
        help="Type 2 over-served: high current and low potential value, yet covered "
        "1:1 like a Major account. Type 3 under-served: low current and high "
        "potential value, yet covered 1:many or by the call center.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT r.id,
                       r.id AS partner_id,
                       r.tier_id,
                       t.coverage_model,
                       r.user_id,
                       r.company_id,
                       r.value_quadrant,
                       r.current_value,
                       r.potential_value,
                       r.visit_count,
                       r.activity_count,
                       CASE
                           WHEN r.value_quadrant = 'high_low'
                                AND t.coverage_model = %(top)s
                               THEN 'over_served'
                           WHEN r.value_quadrant = 'low_high'
                                AND t.coverage_model IN %(bottom)s
                               THEN 'under_served'
                       END AS mistake
                  FROM (%(resources)s) r
                  JOIN customer_tier t ON t.id = r.tier_id
            )
            """,
                table=SQL.identifier(self._table),
                top=TOP_COVERAGE,
                bottom=BOTTOM_COVERAGES,
                resources=customer_resources_sql(self.env),
            )
        )
