# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Hand a complaint to another first-responsible person, with a reason
(customer.complaint.reassign). The change is made by customer.complaint
(models/customer_complaint.py)."""

from odoo import fields, models


class CustomerComplaintReassign(models.TransientModel):
    _name = "customer.complaint.reassign"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Change a Complaint's First-Responsible Person"

    complaint_id = fields.Many2one("customer.complaint", required=True)
    current_owner_id = fields.Many2one(
        related="complaint_id.first_responsible_id", string="Current Owner"
    )
    new_owner_id = fields.Many2one(
        "res.users",
        "New First Responsible",
        required=True,
        domain="[('share', '=', False)]",
    )
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        self.complaint_id._change_first_responsible(self.new_owner_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
