# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Merge complaints that are one matter into the one kept, with a reason
(customer.complaint.merge). The merge is made by customer.complaint
(models/customer_complaint_merge.py)."""

from odoo import api, fields, models


class CustomerComplaintMerge(models.TransientModel):
    _name = "customer.complaint.merge"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Merge Complaints"

    target_id = fields.Many2one(
        "customer.complaint",
        "Complaint to Keep",
        required=True,
        domain="[('id', 'in', complaint_ids)]",
    )
    complaint_ids = fields.Many2many(
        "customer.complaint", string="Complaints", required=True
    )
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        """From the list: the complaints selected, the oldest one kept."""
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "customer.complaint":
            complaints = (
                self.env["customer.complaint"]
                .browse(self.env.context.get("active_ids") or [])
                .exists()
            )
            if "complaint_ids" in fields_list:
                res["complaint_ids"] = [fields.Command.set(complaints.ids)]
            if "target_id" in fields_list and complaints:
                res["target_id"] = complaints.sorted("id")[0].id
        return res

    def action_merge(self):
        self.ensure_one()
        target = (self.complaint_ids - self.target_id)._merge_into(
            self.target_id, self.reason
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.complaint",
            "res_id": target.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
