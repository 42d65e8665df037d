# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Close a complaint without a return visit, with a reason (customer.complaint.waive).
The closing is ``customer.complaint._waive_return_visit``
(models/customer_complaint.py)."""

from odoo import fields, models


class CustomerComplaintWaive(models.TransientModel):
    _name = "customer.complaint.waive"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Close a Complaint Without Return Visit"

    complaint_id = fields.Many2one("customer.complaint", required=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        self.complaint_id._waive_return_visit(self.reason)
        self.complaint_id.action_close()
        return {"type": "ir.actions.act_window_close"}
