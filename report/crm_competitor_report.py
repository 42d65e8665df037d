# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The competitor analysis (crm.competitor.report, DOMAIN §5), an SQL view: per
competitor, opportunities met, won and lost, and our win rate. The competitors met on
each opportunity are in models/crm_lead_competitor.py."""

from odoo import fields, models, tools


class CrmCompetitorReport(models.Model):
    """For each competitor: opportunities met, won, lost and our win rate
    against it (DOMAIN §5). Won: active at 100% probability; lost: archived at
    0% (crm's own definitions). Win rate: won / (won + lost)."""

    _name = "crm.competitor.report"
    _description = "Competitor Analysis"
    _auto = False
    _order = "met_count desc, competitor_id"
    _rec_name = "competitor_id"

    competitor_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    met_count = fields.Integer("Met", readonly=True)
    open_count = fields.Integer("Open", readonly=True)
    won_count = fields.Integer("Won", readonly=True)
    lost_count = fields.Integer("Lost", readonly=True)
    win_rate = fields.Float(
        "Win Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Opportunities won against this competitor among those decided "
        "(won or lost).",
    )
    won_revenue = fields.Monetary(readonly=True, currency_field="currency_id")
    lost_revenue = fields.Monetary(readonly=True, currency_field="currency_id")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT MIN(x.line_id) AS id,
                       x.competitor_id,
                       x.company_id,
                       COUNT(*) AS met_count,
                       COUNT(*) FILTER (WHERE x.outcome = 'open') AS open_count,
                       COUNT(*) FILTER (WHERE x.outcome = 'won') AS won_count,
                       COUNT(*) FILTER (WHERE x.outcome = 'lost') AS lost_count,
                       COALESCE(
                           100.0 * COUNT(*) FILTER (WHERE x.outcome = 'won')
                           / NULLIF(COUNT(*) FILTER (
                               WHERE x.outcome IN ('won', 'lost')), 0),
                           0) AS win_rate,
                       COALESCE(SUM(x.revenue) FILTER (WHERE x.outcome = 'won'), 0)
                           AS won_revenue,
                       COALESCE(SUM(x.revenue) FILTER (WHERE x.outcome = 'lost'), 0)
                           AS lost_revenue
                  FROM (
                    SELECT c.id AS line_id,
                           c.competitor_id,
                           l.company_id,
                           l.expected_revenue AS revenue,
                           CASE WHEN l.active AND l.probability = 100 THEN 'won'
                                WHEN NOT l.active AND l.probability = 0 THEN 'lost'
                                WHEN l.active THEN 'open'
                           END AS outcome
                      FROM crm_lead_competitor c
                      JOIN crm_lead l ON l.id = c.lead_id
                  ) AS x
                 GROUP BY x.competitor_id, x.company_id
            )
            """  # noqa: S608
        )
