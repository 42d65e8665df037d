# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Record the return visit of a complaint (customer.complaint.return.visit):
satisfaction and the customer's words. The visit is created, and the complaint moved on,
by ``customer.complaint._record_return_visit`` (models/customer_complaint.py)."""

from odoo import fields, models

SATISFACTION_LEVELS = [
    ("1", "Very dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very satisfied"),
]


class CustomerComplaintReturnVisit(models.TransientModel):
    _name = "customer.complaint.return.visit"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Record a Complaint Return Visit"

    complaint_id = fields.Many2one("customer.complaint", required=True)
    partner_id = fields.Many2one(related="complaint_id.partner_id")
    satisfaction = fields.Selection(SATISFACTION_LEVELS, required=True)
    customer_feedback = fields.Text(
        "Customer's Words",
        required=True,
        help="What the customer said about the measures taken, in their words.",
    )

    def action_apply(self):
        self.ensure_one()
        self.complaint_id._record_return_visit(
            int(self.satisfaction), self.customer_feedback
        )
        return {"type": "ir.actions.act_window_close"}
