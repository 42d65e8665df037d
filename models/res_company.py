# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The company settings of the method (value matrix thresholds, return visits and
care, complaints, opportunity screening) and their checks, and the time zone the
company's days are counted in (``_get_planning_tz``, ``_planning_today``). The
monthly Service Supervision Report job is in res_company_supervision.py, its
figures in report/.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .planning_rules import local_today, local_today_sql


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "customer.planning.input.mixin"]

    planning_high_current_value = fields.Monetary(
        "High Current Value From",
        currency_field="currency_id",
        default=300000.0,
        help="From this value of our sales over 12 months on, a customer's current "
        "value counts as high in the value matrix.",
    )
    planning_high_potential_value = fields.Monetary(
        "High Potential Value From",
        currency_field="currency_id",
        default=1000000.0,
        help="From this estimated annual purchasing on, a customer's potential "
        "counts as high in the value matrix.",
    )

    # Return visits and customer care (DOMAIN §9)
    followup_missed_days = fields.Integer(
        "Missed After (days)",
        default=7,
        help="A return visit still planned this many days after its planned date "
        "is marked missed.",
    )
    followup_birthday_mode = fields.Selection(
        [
            ("visit", "A visit for the account owner"),
            ("mail", "A mail from a template"),
        ],
        "Birthday Greetings",
        default="visit",
        required=True,
    )
    followup_birthday_template_id = fields.Many2one(
        "mail.template",
        "Birthday Mail Template",
        domain="[('model', '=', 'res.partner')]",
        help="Mailed to the important contact on their birthday; the shipped "
        "birthday greeting when empty.",
    )
    followup_care_lead_days = fields.Integer(
        "Birthday Lead Time (days)",
        default=3,
        help="Birthday greeting visits are planned this many days ahead.",
    )
    followup_first_visit_lead_days = fields.Integer(
        "First Visit Lead Time (days)",
        default=7,
        help="A customer never visited under a return visit rule has its own day "
        "in the rule's cycle, so that the first visits of a new rule are spread "
        "evenly over its first cycle; that first visit is planned this many days "
        "ahead. After a visit is done, the next one is planned at once.",
    )
    followup_retention_drop = fields.Float(
        "Retention Threshold (%)",
        default=30.0,
        digits=(5, 2),
        help="A customer whose current value over the last 12 months fell by more "
        "than this share against the 12 months before gets a retention visit.",
    )

    @api.constrains(
        "followup_missed_days",
        "followup_care_lead_days",
        "followup_first_visit_lead_days",
        "followup_retention_drop",
    )
    def _check_followup_settings(self):
        for company in self:
            if (
                min(
                    company.followup_missed_days,
                    company.followup_care_lead_days,
                    company.followup_first_visit_lead_days,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The return visit delays of %(company)s cannot be negative.",
                        company=company.name,
                    )
                )
            if not 0 < company.followup_retention_drop < 100:
                raise ValidationError(
                    self.env._(
                        "The retention threshold of %(company)s must be a share "
                        "between 0 and 100%%.",
                        company=company.name,
                    )
                )

    complaint_general_manager_id = fields.Many2one(
        "res.users",
        "General Manager (Complaints)",
        domain="[('share', '=', False)]",
        help="Told at once of every major complaint; owns complaints nobody else "
        "can own.",
    )
    service_supervision_last_month = fields.Date(
        "Last Service Supervision Report",
        readonly=True,
        copy=False,
        help="First day of the last month whose Service Supervision Report was "
        "sent to the general manager: a month is never reported twice.",
    )
    # Opportunity screening (DOMAIN §6)
    qualification_pass_mark = fields.Float(
        "Qualification Pass Mark (%)",
        digits=(5, 2),
        default=60.0,
        help="A step passes when every blocking criterion is answered Yes and the "
        "weighted share of Yes answers reaches this mark.",
    )
    qualification_full_deal_size = fields.Monetary(
        "Full Qualification From",
        currency_field="currency_id",
        default=100000.0,
        help="Opportunities of this expected revenue or more, for customers of a "
        "tier screened in full (Major and Named accounts) or not yet classified, "
        "go through all four steps; the others get the lighter check.",
    )
    qualification_light_real = fields.Boolean(
        "Lighter Check: Is it a real opportunity?", default=True
    )
    qualification_light_compete = fields.Boolean(
        "Lighter Check: Can we compete?", default=True
    )
    qualification_light_win = fields.Boolean("Lighter Check: Can we win?")
    qualification_light_worth = fields.Boolean("Lighter Check: Is it worth winning?")
    # The screen drives the forecast: until a required step passes, the
    # opportunity's probability is at most the step's cap (crm_lead.py).
    qualification_forecast_caps = fields.Boolean(
        "Screen Caps the Forecast",
        default=True,
        help="Until a required step passes, an opportunity's probability of winning "
        "is at most the step's cap; a deal the screen drops is forecast at 0%. "
        "Off: the probability is crm's own (predictive scoring or typed).",
    )
    qualification_cap_real = fields.Float(
        "Forecast Until Real (%)",
        digits=(5, 2),
        default=10.0,
        help="Until 'Is it a real opportunity?' passes, the probability of winning "
        "is at most this.",
    )
    qualification_cap_compete = fields.Float(
        "Forecast Until We Can Compete (%)",
        digits=(5, 2),
        default=25.0,
        help="Until 'Can we compete?' passes, the probability of winning is at most "
        "this.",
    )
    qualification_cap_win = fields.Float(
        "Forecast Until We Can Win (%)",
        digits=(5, 2),
        default=50.0,
        help="Until 'Can we win?' passes, the probability of winning is at most this.",
    )
    qualification_cap_worth = fields.Float(
        "Forecast Until Worth Winning (%)",
        digits=(5, 2),
        default=75.0,
        help="Until 'Is it worth winning?' passes, the probability of winning is at "
        "most this.",
    )

    # Resource allocation (DOMAIN §7, 二八原则): about 80% of the resources on
    # the top 20% of customers; the monthly drift alert is in
    # res_company_allocation.py, the figures in report/.
    allocation_top_share = fields.Float(
        "Top Customers Share (%)",
        digits=(5, 2),
        default=20.0,
        help="The share of the customers, the most valuable first, whose share of "
        "the resources is measured.",
    )
    allocation_target_share = fields.Float(
        "Resource Target Share (%)",
        digits=(5, 2),
        default=80.0,
        help="The share of the resources (time spent, else visits and activities) "
        "the top customers should get.",
    )
    allocation_drift_tolerance = fields.Float(
        "Drift Tolerance (points)",
        digits=(5, 2),
        default=10.0,
        help="The sales managers are alerted when a month's share falls more than "
        "this many points below the target.",
    )
    allocation_alert_last_month = fields.Date(
        "Last Month Checked for Drift",
        readonly=True,
        copy=False,
        help="First day of the last month whose resource allocation was checked "
        "against the target: a month is never checked, nor alerted, twice.",
    )

    @api.constrains(
        "allocation_top_share", "allocation_target_share", "allocation_drift_tolerance"
    )
    def _check_allocation_settings(self):
        for company in self:
            if not (
                0 < company.allocation_top_share <= 100
                and 0 < company.allocation_target_share <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "The top customers share and the resource target share of "
                        "%(company)s must be above 0 and at most 100%%.",
                        company=company.name,
                    )
                )
            if not 0 <= company.allocation_drift_tolerance <= 100:
                raise ValidationError(
                    self.env._(
                        "The drift tolerance of %(company)s must be between 0 and "
                        "100 points.",
                        company=company.name,
                    )
                )

    @api.constrains("planning_high_current_value", "planning_high_potential_value")
    def _check_planning_thresholds(self):
        for company in self:
            if (
                company.planning_high_current_value <= 0
                or company.planning_high_potential_value <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The value matrix thresholds of %(company)s must be positive.",
                        company=company.name,
                    )
                )

    @api.constrains(
        "qualification_pass_mark",
        "qualification_full_deal_size",
        "qualification_light_real",
        "qualification_light_compete",
        "qualification_light_win",
        "qualification_light_worth",
        "qualification_cap_real",
        "qualification_cap_compete",
        "qualification_cap_win",
        "qualification_cap_worth",
    )
    def _check_qualification_settings(self):
        for company in self:
            if not 0 < company.qualification_pass_mark <= 100:
                raise ValidationError(
                    self.env._(
                        "The qualification pass mark of %(company)s must be above 0 "
                        "and at most 100%%.",
                        company=company.name,
                    )
                )
            if company.qualification_full_deal_size < 0:
                raise ValidationError(
                    self.env._(
                        "The deal size for a full qualification of %(company)s cannot "
                        "be negative.",
                        company=company.name,
                    )
                )
            for step in ("real", "compete", "win", "worth"):
                if not 0 <= company[f"qualification_cap_{step}"] <= 100:
                    raise ValidationError(
                        self.env._(
                            "The forecast caps of %(company)s must be between 0 and "
                            "100%%.",
                            company=company.name,
                        )
                    )
            if not company._get_qualification_light_steps():
                raise ValidationError(
                    self.env._(
                        "The lighter check of %(company)s needs at least one step.",
                        company=company.name,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if {"planning_high_current_value", "planning_high_potential_value"} & set(vals):
            self.env["customer.tier"]._invalidate_classification()
        return res

    @api.model
    def _get_value_thresholds(self):
        """``{company_id: (high_current, high_potential)}`` for every company."""
        return {
            company.id: (
                company.planning_high_current_value,
                company.planning_high_potential_value,
            )
            for company in self.sudo().with_context(active_test=False).search([])
        }

    def _get_qualification_light_steps(self):
        """The steps of the lighter check, in order."""
        self.ensure_one()
        return [
            step
            for step in ("real", "compete", "win", "worth")
            if self[f"qualification_light_{step}"]
        ]

    # ------------------------------------------------------------
    # LOCAL TIME: the company's days, not the server's UTC ones
    # ------------------------------------------------------------

    def _get_planning_tz(self):
        """The time zone in which "today", "this week" and "this month" are
        counted (crons, deadlines, reports, dashboards, portal, mails): the
        user's (the context's, else their preference), else the company's.
        Scheduled jobs run as OdooBot, whose own time zone means nothing: they
        count in the company's."""
        self.ensure_one()
        user = self.env.user
        return (
            self.env.context.get("tz")
            or (not user._is_superuser() and user.tz)
            or self._get_company_tz()
        )

    def _get_company_tz(self):
        """The company's own time zone: its working calendar's (the one its
        working hours are counted in), else its address's, else UTC."""
        self.ensure_one()
        company = self.sudo()
        return company.resource_calendar_id.tz or company.partner_id.tz or "UTC"

    def _planning_today(self):
        """Today in the company's calendar (``_get_planning_tz``): at 00:30 in
        Beijing it is already tomorrow of the server's UTC day."""
        return local_today(self._get_planning_tz(), fields.Datetime.now())

    @api.model
    def _company_today_sql(self):
        """SQL: a query of ``(company_id, today)``, today in each company's own
        time zone (``_get_company_tz``) by the database's clock, for views
        and set-based jobs (``CURRENT_DATE`` is the server's UTC day)."""
        return SQL(
            """
            SELECT c.id AS company_id, %s AS today
              FROM res_company c
              LEFT JOIN resource_calendar cal ON cal.id = c.resource_calendar_id
              LEFT JOIN res_partner cp ON cp.id = c.partner_id
            """,
            local_today_sql(SQL("COALESCE(cal.tz, cp.tz, 'UTC')")),
        )
