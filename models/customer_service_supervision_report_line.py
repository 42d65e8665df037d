# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A person's line of the monthly Service Supervision Report
(customer_service_supervision_report.py): the month's figures from the builder
and the supervisor's evaluation (监督员的评价). Read-only once the report is
signed."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_service_supervision_report import LOCKED_STATES

SCORES = [
    ("1", "1 - Poor"),
    ("2", "2 - Below expectations"),
    ("3", "3 - Meets expectations"),
    ("4", "4 - Good"),
    ("5", "5 - Excellent"),
]


class CustomerServiceSupervisionReportLine(models.Model):
    """One service person's month, as the supervisor evaluates it."""

    _name = "customer.service.supervision.report.line"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Service Supervision Report Line"
    _order = "report_id, user_id"

    report_id = fields.Many2one(
        "customer.service.supervision.report",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    user_id = fields.Many2one("res.users", "Person", required=True, readonly=True)
    complaints = fields.Integer(readonly=True)
    reply_on_time_rate = fields.Float("Replies On Time (%)", readonly=True)
    resolution_on_time_rate = fields.Float("Resolved On Time (%)", readonly=True)
    visits_done = fields.Integer(readonly=True)
    visits_missed = fields.Integer(readonly=True)
    rating_count = fields.Integer("Ratings", readonly=True)
    rating = fields.Float("Customers' Rating", digits=(16, 2), readonly=True)
    score = fields.Selection(SCORES)
    evaluation = fields.Text("Supervisor's Evaluation")

    def _check_unlocked(self, reports=None):
        """Nothing of a signed report's evaluations changes."""
        reports = self.report_id if reports is None else reports
        if any(report.state in LOCKED_STATES for report in reports):
            raise ValidationError(
                self.env._(
                    "The evaluations of a signed Service Supervision Report "
                    "cannot be changed."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_unlocked(
            self.env["customer.service.supervision.report"].browse(
                [vals["report_id"] for vals in vals_list if vals.get("report_id")]
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        self._check_unlocked()
        return super().write(vals)

    def unlink(self):
        self._check_unlocked()
        return super().unlink()
