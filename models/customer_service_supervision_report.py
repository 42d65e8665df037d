# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The monthly Service Supervision Report as a record (服务监督报告; DOMAIN §9:
服务、监督两条线, each person evaluated monthly, the customers' ratings included).
The monthly job (models/res_company_supervision.py) creates it from the figure
builder of report/report_service_supervision.py; a Service Supervisor (监督员, who
does not do the service) evaluates each person (the lines, in
customer_service_supervision_report_line.py), reviews and signs it (签署); once
signed it goes to the company's general manager and nothing in it changes."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .planning_rules import todo_values

SUPERVISOR_GROUP = "crm_customer_planning.group_customer_service_supervisor"
TODO = "mail.mail_activity_data_todo"
LOCKED_STATES = ("signed", "sent")
# What a signed report keeps as signed (its chatter and activities go on).
LOCKED_FIELDS = {
    "company_id",
    "date_from",
    "date_to",
    "line_ids",
    "complaints",
    "reply_on_time_rate",
    "resolution_on_time_rate",
    "breached",
    "visits_done",
    "visits_missed",
    "ratings",
    "rating",
    "conclusion",
    "reviewed_by_id",
    "date_reviewed",
    "signed_by_id",
    "date_signed",
}


class CustomerServiceSupervisionReport(models.Model):
    """A company's month of service, evaluated and signed by a supervisor."""

    _name = "customer.service.supervision.report"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.planning.input.mixin"]
    _description = "Service Supervision Report"
    _order = "date_from desc, company_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_from = fields.Date("From", required=True, readonly=True)
    date_to = fields.Date("To", required=True, readonly=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("reviewed", "Reviewed"),
            ("signed", "Signed"),
            ("sent", "Sent"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    line_ids = fields.One2many(
        "customer.service.supervision.report.line", "report_id", "Evaluations"
    )
    complaints = fields.Integer(readonly=True)
    reply_on_time_rate = fields.Float("Replies On Time (%)", readonly=True)
    resolution_on_time_rate = fields.Float("Resolved On Time (%)", readonly=True)
    breached = fields.Integer(readonly=True)
    visits_done = fields.Integer(readonly=True)
    visits_missed = fields.Integer(readonly=True)
    ratings = fields.Integer("Ratings Given", readonly=True)
    rating = fields.Float("Average Rating", digits=(16, 2), readonly=True)
    conclusion = fields.Text(
        "Supervisor's Conclusion",
        help="The supervisor's overall view of the month's service.",
    )
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    date_reviewed = fields.Datetime("Reviewed On", readonly=True)
    signed_by_id = fields.Many2one("res.users", readonly=True)
    date_signed = fields.Datetime("Signed On", readonly=True)
    date_sent = fields.Datetime("Sent On", readonly=True)
    general_manager_id = fields.Many2one(
        related="company_id.complaint_general_manager_id", string="General Manager"
    )

    _sql_constraints = [
        (
            "company_month_unique",
            "UNIQUE(company_id, date_from)",
            "A company has one Service Supervision Report a month.",
        )
    ]

    @api.depends("date_from", "company_id")
    def _compute_name(self):
        for report in self:
            report.name = self.env._(
                "Service Supervision Report %(month)s, %(company)s",
                month=report.date_from and report.date_from.strftime("%Y-%m") or "",
                company=report.company_id.name or "",
            )

    def write(self, vals):
        if set(vals) & LOCKED_FIELDS and any(
            report.state in LOCKED_STATES for report in self
        ):
            raise ValidationError(
                self.env._("A signed Service Supervision Report cannot be changed.")
            )
        return super().write(vals)

    # ------------------------------------------------------------
    # CREATION FROM THE FIGURES
    # ------------------------------------------------------------

    @api.model
    def _create_from_figures(self, company, date_from, date_to):
        """The month's report of ``company`` from the figure builder, a line
        per person, and a to-do for each of the company's supervisors."""
        Builder = self.env["report.crm_customer_planning.service_supervision_report"]
        data = Builder._get_service_supervision_data(company, date_from, date_to)
        report = self.create(
            {
                "company_id": company.id,
                "date_from": date_from,
                "date_to": date_to,
                "complaints": data["complaints"],
                "reply_on_time_rate": data["reply_on_time_rate"] or 0.0,
                "resolution_on_time_rate": data["resolution_on_time_rate"] or 0.0,
                "breached": data["breached"],
                "visits_done": data["visits_done"],
                "visits_missed": data["visits_missed"],
                "ratings": data["ratings"],
                "rating": data["rating"] or 0.0,
                "line_ids": [
                    fields.Command.create(
                        {
                            "user_id": line["user_id"],
                            "complaints": line["complaints"],
                            "reply_on_time_rate": line["reply_on_time_rate"] or 0.0,
                            "resolution_on_time_rate": line["resolution_on_time_rate"]
                            or 0.0,
                            "visits_done": line["visits_done"],
                            "visits_missed": line["visits_missed"],
                            "rating_count": line["rating_count"],
                            "rating": line["rating"] or 0.0,
                        }
                    )
                    for line in Builder._get_supervision_person_lines(data)
                ],
            }
        )
        supervisors = self.env.ref(SUPERVISOR_GROUP).users.filtered(
            lambda user: user.active and company in user.company_ids
        )
        self.env["mail.activity"].create(
            [
                todo_values(
                    report, supervisor, self.env._("Evaluate and sign the report")
                )
                for supervisor in supervisors
            ]
        )
        return report

    # ------------------------------------------------------------
    # REVIEW AND SIGN-OFF
    # ------------------------------------------------------------

    def _check_supervisor(self):
        if not self.env.user.has_group(SUPERVISOR_GROUP):
            raise AccessError(
                self.env._(
                    "Only a Service Supervisor reviews and signs the Service "
                    "Supervision Report."
                )
            )

    def action_review(self):
        """Draft → reviewed: every person evaluated (a score each)."""
        self._check_supervisor()
        for report in self:
            if report.state != "draft":
                raise UserError(
                    self.env._("%(report)s is not a draft.", report=report.name)
                )
            missing = report.line_ids.filtered(lambda line: not line.score)
            if missing:
                raise UserError(
                    self.env._(
                        "Give a score to every person before the review: %(people)s.",
                        people=", ".join(missing.user_id.mapped("name")),
                    )
                )
        self.write(
            {
                "state": "reviewed",
                "reviewed_by_id": self.env.uid,
                "date_reviewed": fields.Datetime.now(),
            }
        )
        return True

    def action_back_to_draft(self):
        self._check_supervisor()
        if any(report.state != "reviewed" for report in self):
            raise UserError(
                self.env._("Only a reviewed, unsigned report goes back to draft.")
            )
        self.write({"state": "draft"})
        return True

    def action_sign(self):
        """Reviewed → signed (who and when), then sent to the general
        manager. Nothing is written when the company has no general manager."""
        self._check_supervisor()
        for report in self:
            if report.state != "reviewed":
                raise UserError(
                    self.env._(
                        "%(report)s must be reviewed before it is signed.",
                        report=report.name,
                    )
                )
            if not report.general_manager_id:
                raise UserError(
                    self.env._(
                        "Set the general manager of %(company)s in the settings "
                        "before signing: the signed report goes to them.",
                        company=report.company_id.name,
                    )
                )
        self.write(
            {
                "state": "signed",
                "signed_by_id": self.env.uid,
                "date_signed": fields.Datetime.now(),
            }
        )
        self.activity_feedback([TODO], feedback=self.env._("Signed"))
        self._send_to_general_manager()
        return True

    def _send_to_general_manager(self):
        """The signed report, as PDF, with the month's figures mail to the
        general manager (the company's mail of res_company_supervision.py)."""
        pdf_report = self.env.ref(
            "crm_customer_planning.action_report_service_supervision"
        )
        for report in self:
            content, _type = pdf_report.sudo()._render_qweb_pdf(
                pdf_report.report_name, report.ids
            )
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": f"{report.name}.pdf",
                        "raw": content,
                        "res_model": self._name,
                        "res_id": report.id,
                        "mimetype": "application/pdf",
                    }
                )
            )
            report.company_id.sudo()._send_service_supervision_report(
                report.date_from,
                report.date_to,
                supervision_report=report,
                attachments=attachment,
            )
            report.message_post(
                body=self.env._(
                    "Signed by %(supervisor)s and sent to %(manager)s.",
                    supervisor=report.signed_by_id.name,
                    manager=report.general_manager_id.name,
                ),
                attachment_ids=attachment.ids,
            )
        self.write({"state": "sent", "date_sent": fields.Datetime.now()})
