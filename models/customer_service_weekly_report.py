# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The weekly service report a service person submits (周报; DOMAIN §9: every
Friday afternoon each technical and service person reports 本周客户服务情况和客户
反映信息). One record per person, week and company, prefilled by the figure builder
of report/report_weekly_service.py; the person adds remarks and submits it to
their manager (the leader of their sales team). The Friday jobs (drafts at 14:00,
the managers told at 18:00, company time) are at the end of this file."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .planning_rules import get_tz, period_days, todo_values

TODO = "mail.mail_activity_data_todo"
# Friday (Monday + 4 days), 18:00 in the company's time zone.
SUBMIT_WEEKDAY = 4
SUBMIT_HOUR = 18
FIGURE_FIELDS = (
    "visits_done",
    "visits_missed",
    "complaints_received",
    "complaints_closed",
    "complaints_breached",
    "customer_feedback",
)


class CustomerServiceWeeklyReport(models.Model):
    """A service person's week: their figures, the customers' words, their
    remarks, submitted to their manager by Friday 18:00."""

    _name = "customer.service.weekly.report"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.planning.input.mixin"]
    _description = "Weekly Service Report"
    _order = "week_start desc, user_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        "Service Person",
        required=True,
        readonly=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    week_start = fields.Date(
        "Week of",
        required=True,
        readonly=True,
        help="The Monday of the week, in the company's time zone.",
    )
    week_end = fields.Date(compute="_compute_week", store=True)
    date_deadline = fields.Datetime(
        "Submit By",
        compute="_compute_week",
        store=True,
        help="Friday 18:00 of the week, in the company's time zone.",
    )
    team_id = fields.Many2one("crm.team", readonly=True, index="btree_not_null")
    manager_id = fields.Many2one(
        "res.users",
        readonly=True,
        index="btree_not_null",
        help="The leader of the person's sales team when the report was made: "
        "the report is submitted to them.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    date_submitted = fields.Datetime("Submitted On", readonly=True, copy=False)
    manager_told = fields.Boolean(
        readonly=True,
        copy=False,
        help="The manager was told at the deadline that it was not submitted.",
    )
    visits_done = fields.Integer(readonly=True)
    visits_missed = fields.Integer(readonly=True)
    complaints_received = fields.Integer(readonly=True)
    complaints_closed = fields.Integer(readonly=True)
    complaints_breached = fields.Integer(readonly=True)
    customer_feedback = fields.Text(
        readonly=True,
        help="The customers' words of the week, quoted from the results of the "
        "return visits and the comments of the ratings.",
    )
    remarks = fields.Text(
        help="The person's own account of the week: service given, problems, "
        "what the customers asked for."
    )

    _sql_constraints = [
        (
            "person_week_unique",
            "UNIQUE(user_id, week_start, company_id)",
            "A service person has one weekly report a week and company.",
        )
    ]

    @api.depends("user_id", "week_start")
    def _compute_name(self):
        for report in self:
            report.name = self.env._(
                "%(person)s, week of %(week)s",
                person=report.user_id.name or "",
                week=report.week_start or "",
            )

    @api.depends("week_start", "company_id")
    def _compute_week(self):
        for report in self:
            if not report.week_start:
                report.week_end = report.date_deadline = False
                continue
            report.week_end = report.week_start + timedelta(days=6)
            report.date_deadline = self._local_to_utc(
                report.week_start + timedelta(days=SUBMIT_WEEKDAY),
                SUBMIT_HOUR,
                report.company_id._get_company_tz(),
            )

    @api.model
    def _local_to_utc(self, day, hour, tz):
        local = get_tz(tz).localize(datetime.combine(day, time(hour)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.constrains("week_start")
    def _check_week_start(self):
        for report in self:
            if report.week_start.weekday() != 0:
                raise ValidationError(
                    self.env._(
                        "A weekly report starts on a Monday, not on %(day)s.",
                        day=report.week_start,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("user_id") and "manager_id" not in vals:
                user = self.env["res.users"].browse(vals["user_id"])
                vals.setdefault("team_id", user.sale_team_id.id)
                vals["manager_id"] = user.sale_team_id.user_id.id
        reports = super().create(vals_list)
        reports._prefill()
        return reports

    def write(self, vals):
        if "remarks" in vals and any(r.state == "submitted" for r in self):
            raise ValidationError(
                self.env._("A submitted weekly report cannot be changed anymore.")
            )
        return super().write(vals)

    def _prefill(self):
        """The figures of each report's week from the builder: one call per
        company and week, whatever the number of people."""
        Builder = self.env["report.crm_customer_planning.weekly_service_report"]
        groups = {}
        for report in self:
            groups.setdefault((report.company_id, report.week_start), self.browse())
            groups[report.company_id, report.week_start] |= report
        for (company, monday), reports in groups.items():
            figures = Builder._get_weekly_person_figures(
                reports.user_id, company, *period_days("week", monday)
            )
            for report in reports:
                line = figures[report.user_id.id]
                report.sudo().write(
                    {
                        **{
                            key: line[key]
                            for key in FIGURE_FIELDS
                            if key != "customer_feedback"
                        },
                        "customer_feedback": "\n".join(line["feedback"]) or False,
                    }
                )

    def action_refresh(self):
        """Read the week's figures again (a draft only)."""
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("Only a draft weekly report can be read again."))
        self.check_access("write")
        self._prefill()
        return True

    def action_submit(self):
        """Submit to the manager: the person's to-do is done, the manager is
        told in the chatter."""
        for report in self:
            if report.state != "draft":
                raise UserError(
                    self.env._("%(report)s is already submitted.", report=report.name)
                )
            if report.user_id != self.env.user and not self.env.user.has_group(
                "crm_customer_planning.group_customer_service_manager"
            ):
                raise UserError(
                    self.env._(
                        "Only %(person)s submits their weekly report.",
                        person=report.user_id.name,
                    )
                )
        self.check_access("write")
        now = fields.Datetime.now()
        self.sudo().write({"state": "submitted", "date_submitted": now})
        for report in self:
            report.activity_feedback(
                [TODO],
                user_id=report.user_id.id,
                feedback=self.env._("Submitted"),
            )
            report.message_post(
                body=self.env._(
                    "Weekly report of %(person)s submitted.",
                    person=report.user_id.name,
                ),
                partner_ids=report.manager_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    # ------------------------------------------------------------
    # THE FRIDAY JOBS
    # ------------------------------------------------------------

    @api.model
    def _get_service_people(self):
        """Who writes a weekly report: the active internal service agents who
        are not service managers (the managers receive them)."""
        agents = self.env.ref("crm_customer_planning.group_customer_service_agent")
        managers = self.env.ref("crm_customer_planning.group_customer_service_manager")
        return (agents.users - managers.users).filtered(
            lambda user: user.active and not user.share
        )

    @api.model
    def _cron_create_weekly_reports(self):
        """Friday 14:00, company time: a draft for every service person of this
        week (their company's), prefilled, with a to-do to submit it by 18:00.
        A second run creates nothing twice."""
        people = self._get_service_people()
        vals_list = []
        for company in people.company_id:
            monday = period_days("week", company._planning_today())[0]
            staff = people.filtered(lambda user, c=company: user.company_id == c)
            existing = self.search(
                [
                    ("company_id", "=", company.id),
                    ("week_start", "=", monday),
                    ("user_id", "in", staff.ids),
                ]
            ).user_id
            vals_list += [
                {"user_id": user.id, "company_id": company.id, "week_start": monday}
                for user in staff - existing
            ]
        reports = self.create(vals_list)
        self.env["mail.activity"].create(
            [
                todo_values(
                    report,
                    report.user_id,
                    self.env._("Submit your weekly service report"),
                    report.week_start + timedelta(days=SUBMIT_WEEKDAY),
                )
                for report in reports
            ]
        )
        self.env["ir.cron"]._notify_progress(done=len(reports), remaining=0)
        return reports

    @api.model
    def _cron_tell_managers(self):
        """Friday 18:00, company time: each report still a draft at its
        deadline gives its manager a to-do (who has not submitted), once; then
        the managers' roll-up mail goes out. Nothing before the deadline."""
        late = self.search(
            [
                ("state", "=", "draft"),
                ("date_deadline", "<=", fields.Datetime.now()),
                ("manager_told", "=", False),
                ("manager_id", "!=", False),
            ]
        )
        self.env["mail.activity"].create(
            [
                todo_values(
                    report,
                    report.manager_id,
                    self.env._("Not submitted: %(person)s", person=report.user_id.name),
                    report.week_start + timedelta(days=SUBMIT_WEEKDAY),
                )
                for report in late
            ]
        )
        late.manager_told = True
        return late
