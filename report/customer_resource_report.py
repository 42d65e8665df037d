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


# The SQL views built on the resource lines: rebuilt when Timesheets come after
# them (``CustomerResourceReport._register_hook``).
RESOURCE_VIEWS = (
    "customer.resource.report",
    "customer.allocation.report",
    "customer.allocation.month.report",
)


def has_timesheets(env):
    """Whether timesheets (``hr_timesheet``) are installed: analytic lines with
    a project, whose customer is the line's partner. Not a dependency: the
    resources count their hours and cost only then."""
    Line = env.registry.get("account.analytic.line")
    return bool(
        Line is not None
        and "project_id" in Line._fields
        and "partner_id" in Line._fields
    )


def customer_home_sql():
    """SQL: the classified customers (``id``, ``current_value``) and the company
    whose settings and calendar count their resources (``company_id``): the
    customer's own, else its account owner's, else the first company (a
    customer shared between companies)."""
    return SQL(
        """
        SELECT p.id,
               COALESCE(p.company_id, u.company_id, first_company.id) AS company_id,
               COALESCE(p.current_value, 0) AS current_value
          FROM res_partner p
          LEFT JOIN res_users u ON u.id = p.user_id
          CROSS JOIN (SELECT MIN(id) AS id FROM res_company) first_company
         WHERE p.parent_id IS NULL AND p.active
           AND p.customer_tier_id IS NOT NULL
        """
    )


def customer_resource_lines_sql(env):
    """SQL: one row per resource spent on a classified customer, dated in its
    company's calendar: ``partner_id`` (the customer), ``company_id`` (its
    company, ``customer_home_sql``), ``day``, and what the row
    counts: ``visit_count`` (a return visit done, its ``duration``),
    ``activity_count`` (an activity done on the customer, its contacts or its
    opportunities), ``meeting_count`` (a meeting, not all-day, with the
    customer or its contacts as attendees, or on its opportunity, counted once
    a customer), the hours of each (``visit_hours``, ``meeting_hours``,
    ``timesheet_hours``) and the ``timesheet_cost`` when Timesheets are
    installed. ``time_spent`` is the sum of the hours."""
    timesheets = SQL(
        """
            UNION ALL
            SELECT c.id, c.company_id, aal.date,
                   0, 0, 0, 0.0, 0.0,
                   COALESCE(aal.unit_amount, 0), -COALESCE(aal.amount, 0)
              FROM account_analytic_line aal
              JOIN res_partner rp ON rp.id = aal.partner_id
              JOIN customer c ON c.id = rp.commercial_partner_id
             WHERE aal.project_id IS NOT NULL
        """
    )
    return SQL(
        """
        WITH customer AS (%(customers)s),
        company_tz AS (
            SELECT c.id AS company_id, COALESCE(cal.tz, cp.tz, 'UTC') AS tz
              FROM res_company c
              LEFT JOIN resource_calendar cal ON cal.id = c.resource_calendar_id
              LEFT JOIN res_partner cp ON cp.id = c.partner_id
        ),
        meeting_customer AS (
            SELECT DISTINCT e.id AS event_id, rp.commercial_partner_id AS partner_id
              FROM calendar_event e
              JOIN calendar_event_res_partner_rel rel ON rel.calendar_event_id = e.id
              JOIN res_partner rp ON rp.id = rel.res_partner_id
             WHERE e.active AND NOT COALESCE(e.allday, FALSE)
             UNION
            SELECT e.id, rp.commercial_partner_id
              FROM calendar_event e
              JOIN crm_lead l ON l.id = e.opportunity_id
              JOIN res_partner rp ON rp.id = l.partner_id
             WHERE e.active AND NOT COALESCE(e.allday, FALSE)
        ),
        line AS (
            SELECT c.id AS partner_id, c.company_id, f.date_closed AS day,
                   1 AS visit_count, 0 AS activity_count, 0 AS meeting_count,
                   COALESCE(f.duration, 0) AS visit_hours,
                   0.0 AS meeting_hours, 0.0 AS timesheet_hours,
                   0.0 AS timesheet_cost
              FROM customer_followup f
              JOIN customer c ON c.id = f.partner_id
             WHERE f.state = 'done' AND f.date_closed IS NOT NULL
             UNION ALL
            -- activities done (kept as messages)
            SELECT c.id, c.company_id,
                   (m.date AT TIME ZONE 'UTC' AT TIME ZONE tz.tz)::date,
                   0, 1, 0, 0.0, 0.0, 0.0, 0.0
              FROM mail_message m
              LEFT JOIN crm_lead l ON m.model = 'crm.lead' AND l.id = m.res_id
              JOIN res_partner rp
                ON rp.id = CASE WHEN m.model = 'crm.lead' THEN l.partner_id
                                ELSE m.res_id END
              JOIN customer c ON c.id = rp.commercial_partner_id
              JOIN company_tz tz ON tz.company_id = c.company_id
             WHERE m.mail_activity_type_id IS NOT NULL
               AND m.model IN ('res.partner', 'crm.lead')
             UNION ALL
            SELECT c.id, c.company_id,
                   (e.start AT TIME ZONE 'UTC' AT TIME ZONE tz.tz)::date,
                   0, 0, 1, 0.0, COALESCE(e.duration, 0), 0.0, 0.0
              FROM meeting_customer mc
              JOIN calendar_event e ON e.id = mc.event_id
              JOIN customer c ON c.id = mc.partner_id
              JOIN company_tz tz ON tz.company_id = c.company_id
             WHERE e.start <= (NOW() AT TIME ZONE 'UTC')
            %(timesheets)s
        )
        SELECT line.*,
               line.visit_hours + line.meeting_hours + line.timesheet_hours
                   AS time_spent
          FROM line
        """,
        customers=customer_home_sql(),
        timesheets=timesheets if has_timesheets(env) else SQL(""),
    )


def customer_resources_sql(env):
    """SQL: one row per classified customer (``id``, ``tier_id``, ``user_id``,
    ``company_id``, ``value_quadrant``, ``current_value``, ``potential_value``)
    with what it got over the last 12 months, from its resource lines
    (``customer_resource_lines_sql``): return visits done (``visit_count``,
    ``visit_hours``), activities, open or done, on it, its contacts and its
    opportunities (``activity_count``), meetings (``meeting_count``,
    ``meeting_hours``), timesheets (``timesheet_hours``, ``timesheet_cost``)
    and the hours together (``time_spent``)."""
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
        spent AS (
            -- The last 12 months end today in the company's calendar, not in
            -- the database's UTC (CURRENT_DATE).
            SELECT l.partner_id,
                   SUM(l.visit_count) AS visit_count,
                   SUM(l.activity_count) AS activity_count,
                   SUM(l.meeting_count) AS meeting_count,
                   SUM(l.visit_hours) AS visit_hours,
                   SUM(l.meeting_hours) AS meeting_hours,
                   SUM(l.timesheet_hours) AS timesheet_hours,
                   SUM(l.timesheet_cost) AS timesheet_cost,
                   SUM(l.time_spent) AS time_spent
              FROM (%(lines)s) l
              JOIN (%(company_today)s) t ON t.company_id = l.company_id
             WHERE l.day >= t.today - INTERVAL '12 months' AND l.day <= t.today
             GROUP BY l.partner_id
        ),
        open_activity AS (
            SELECT rp.commercial_partner_id AS partner_id,
                   COUNT(*) AS activity_count
              FROM mail_activity a
              LEFT JOIN crm_lead l ON a.res_model = 'crm.lead' AND l.id = a.res_id
              JOIN res_partner rp
                ON rp.id = CASE WHEN a.res_model = 'crm.lead' THEN l.partner_id
                                ELSE a.res_id END
             WHERE a.active AND a.res_model IN ('res.partner', 'crm.lead')
             GROUP BY rp.commercial_partner_id
        )
        SELECT c.*,
               COALESCE(s.visit_count, 0) AS visit_count,
               COALESCE(s.activity_count, 0) + COALESCE(a.activity_count, 0)
                   AS activity_count,
               COALESCE(s.meeting_count, 0) AS meeting_count,
               COALESCE(s.visit_hours, 0) AS visit_hours,
               COALESCE(s.meeting_hours, 0) AS meeting_hours,
               COALESCE(s.timesheet_hours, 0) AS timesheet_hours,
               COALESCE(s.timesheet_cost, 0) AS timesheet_cost,
               COALESCE(s.time_spent, 0) AS time_spent
          FROM customer c
          LEFT JOIN spent s ON s.partner_id = c.id
          LEFT JOIN open_activity a ON a.partner_id = c.id
        """,
        lines=customer_resource_lines_sql(env),
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
    meeting_count = fields.Integer(
        "Meetings", readonly=True, help="Meetings held over the last 12 months."
    )
    time_spent = fields.Float(
        "Time Spent (hours)",
        readonly=True,
        digits=(16, 2),
        help="Hours of the return visits done, the meetings held and, with "
        "Timesheets, the hours logged on its projects over the last 12 months.",
    )
    timesheet_cost = fields.Monetary(
        "Time Cost",
        readonly=True,
        currency_field="currency_id",
        help="The cost of the hours logged on its projects over the last 12 "
        "months (with Timesheets).",
    )
    mistake = fields.Selection(
        VALUE_MISTAKES,
        readonly=True,
        help="Type 2 over-served: high current and low potential value, yet covered "
        "1:1 like a Major account. Type 3 under-served: low current and high "
        "potential value, yet covered 1:many or by the call center.",
    )

    def _register_hook(self):
        """Timesheets installed after this addon: the views were built without
        their lines, rebuild them (once: then they read account_analytic_line)."""
        res = super()._register_hook()
        if has_timesheets(self.env):
            cr = self.env.cr
            cr.execute(
                SQL(
                    "SELECT pg_get_viewdef(to_regclass(%s))",
                    self._table,
                )
            )
            definition = cr.fetchone()[0]
            if definition and "account_analytic_line" not in definition:
                for model in RESOURCE_VIEWS:
                    self.env[model].init()
        return res

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
                       r.meeting_count,
                       r.time_spent,
                       r.timesheet_cost,
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
