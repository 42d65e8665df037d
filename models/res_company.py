# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

# How many frequent problems the Service Supervision Report names.
SUPERVISION_PROBLEMS = 5
SUPERVISION_BATCH_SIZE = 50


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
    followup_retention_drop = fields.Float(
        "Retention Threshold (%)",
        default=30.0,
        digits=(5, 2),
        help="A customer whose current value over the last 12 months fell by more "
        "than this share against the 12 months before gets a retention visit.",
    )

    @api.constrains(
        "followup_missed_days", "followup_care_lead_days", "followup_retention_drop"
    )
    def _check_followup_settings(self):
        for company in self:
            if company.followup_missed_days < 0 or company.followup_care_lead_days < 0:
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
    # SERVICE SUPERVISION (DOMAIN §9, 服务监督报告)
    # ------------------------------------------------------------

    @api.model
    def _get_supervision_month(self, today=None):
        """First and last day of the month before ``today``."""
        today = today or fields.Date.context_today(self)
        date_to = today.replace(day=1) - timedelta(days=1)
        return date_to.replace(day=1), date_to

    def _get_supervision_bounds(self, date_from, date_to):
        """The days as UTC datetimes ``[start, end)``, in the time zone of the
        general manager who reads the report."""
        self.ensure_one()
        tz = pytz.timezone(
            self.complaint_general_manager_id.tz or self.env.user.tz or "UTC"
        )

        def to_utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return to_utc(date_from), to_utc(date_to + timedelta(days=1))

    def _get_service_supervision_data(self, date_from, date_to):
        """The figures of the company's Service Supervision Report for the days
        from ``date_from`` to ``date_to`` (included): complaints received by
        type, category and team, first replies on time, resolution time,
        satisfaction, breaches, return visits done and missed by owner, and the
        most frequent problems. Grouped queries only, whatever the volume."""
        self.ensure_one()
        start, end = self._get_supervision_bounds(date_from, date_to)
        Report = self.env["customer.complaint.report"]
        domain = [
            ("company_id", "=", self.id),
            ("date_received", ">=", start),
            ("date_received", "<", end),
        ]
        [totals] = Report._read_group(
            domain,
            [],
            [
                "complaint_count:sum",
                "replied_count:sum",
                "reply_on_time_rate:avg",
                "resolution_on_time_rate:avg",
                "resolution_hours:avg",
                "satisfaction:avg",
                "breach_count:sum",
                "repeat_count:sum",
            ],
        )
        count, replied, on_time, resolved_on_time, hours, satisfaction = totals[:6]
        breached, came_back = totals[6:]

        def rounded(value, digits=1):
            return round(value, digits) if value is not None else None

        def lines(groupby, label):
            groups = Report._read_group(
                domain,
                [groupby],
                ["complaint_count:sum", "reply_on_time_rate:avg", "breach_count:sum"],
                order="complaint_count:sum desc",
            )
            return [
                {
                    "name": label(key),
                    "count": group_count,
                    "reply_on_time_rate": rounded(rate),
                    "breached": group_breached,
                }
                for key, group_count, rate, group_breached in groups
            ]

        types = dict(Report._fields["complaint_type"]._description_selection(self.env))
        problems = Report._read_group(
            domain,
            ["category_id"],
            ["complaint_count:sum", "repeat_count:sum"],
        )
        problems = sorted(
            (
                {
                    "name": category.display_name or self.env._("No category"),
                    "count": problem_count + returns,
                    "complaints": problem_count,
                    "came_back": returns,
                }
                for category, problem_count, returns in problems
            ),
            key=lambda line: (-line["count"], line["name"]),
        )[:SUPERVISION_PROBLEMS]
        visits = self._get_supervision_visit_figures(date_from, date_to)
        by_type = lines("complaint_type", lambda key: types.get(key, ""))
        by_category = lines(
            "category_id",
            lambda key: key.display_name or self.env._("No category"),
        )
        by_team = lines(
            "team_id", lambda key: key.display_name or self.env._("No team")
        )
        return {
            "company": self.name,
            "date_from": date_from,
            "date_to": date_to,
            "month": format_date(self.env, date_from, date_format="MMMM y"),
            "complaints": count or 0,
            "replied": replied or 0,
            "reply_on_time_rate": rounded(on_time),
            "resolution_on_time_rate": rounded(resolved_on_time),
            "resolution_hours": rounded(hours),
            "satisfaction": rounded(satisfaction, 2),
            "breached": breached or 0,
            "came_back": came_back or 0,
            "by_type": by_type,
            "by_category": by_category,
            "by_team": by_team,
            "sections": [
                {"title": title, "lines": section_lines}
                for title, section_lines in (
                    (self.env._("By type"), by_type),
                    (self.env._("By category"), by_category),
                    (self.env._("By department"), by_team),
                )
                if section_lines
            ],
            "frequent_problems": problems,
            **visits,
        }

    def _get_supervision_visit_figures(self, date_from, date_to):
        """Return visits closed in the period: done and missed per owner, and
        the average satisfaction of those done."""
        self.ensure_one()
        Followup = self.env["customer.followup"]
        period = [
            ("company_id", "=", self.id),
            ("date_closed", ">=", date_from),
            ("date_closed", "<=", date_to),
        ]
        owners = {}
        for user, state, count in Followup._read_group(
            period + [("state", "in", ("done", "missed"))],
            ["user_id", "state"],
            ["__count"],
        ):
            line = owners.setdefault(
                user,
                {
                    "name": user.name or self.env._("Unassigned"),
                    "done": 0,
                    "missed": 0,
                },
            )
            line[state] = count
        [(rated, score)] = Followup._read_group(
            period + [("state", "=", "done"), ("satisfaction", "!=", False)],
            [],
            ["__count", "satisfaction_score:sum"],
        )
        owner_lines = sorted(owners.values(), key=lambda line: line["name"])
        return {
            "visits_done": sum(line["done"] for line in owner_lines),
            "visits_missed": sum(line["missed"] for line in owner_lines),
            "visit_satisfaction": round(score / rated, 2) if rated else None,
            "visit_owners": owner_lines,
        }

    def _send_service_supervision_report(self, date_from, date_to):
        """Mail the month's report to the general manager, once per month."""
        self.ensure_one()
        template = self.env.ref(
            "crm_customer_planning.mail_template_service_supervision_report"
        )
        manager = self.complaint_general_manager_id
        data = self.with_context(lang=manager.lang)._get_service_supervision_data(
            date_from, date_to
        )
        mail_id = template.with_context(supervision=data).send_mail(
            self.id, email_layout_xmlid="mail.mail_notification_light"
        )
        self.sudo().service_supervision_last_month = date_from
        return self.env["mail.mail"].browse(mail_id)

    @api.model
    def _cron_send_service_supervision_report(self, today=None, batch_size=None):
        """On the 1st of each month: the Service Supervision Report of the month
        before goes to the general manager of each company. The month sent is
        stored, so a second run (or a retry) sends nothing twice."""
        date_from, date_to = self._get_supervision_month(today)
        companies = self.search(
            [
                ("complaint_general_manager_id", "!=", False),
                "|",
                ("service_supervision_last_month", "=", False),
                ("service_supervision_last_month", "<", date_from),
            ],
            order="id",
        )
        batch = companies[: batch_size or SUPERVISION_BATCH_SIZE]
        mails = self.env["mail.mail"]
        for company in batch:
            mails |= company._send_service_supervision_report(date_from, date_to)
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=len(companies) - len(batch)
        )
        return mails
