# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Answer or refuse a hand-over (customer.complaint.handover.reply): the answer, or the
reason for refusing. The business is ``customer.complaint.handover._answer`` and
``_refuse`` (models/customer_complaint_handover.py)."""

from odoo import fields, models


class CustomerComplaintHandoverReply(models.TransientModel):
    _name = "customer.complaint.handover.reply"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Answer or Refuse a Hand-over"

    handover_id = fields.Many2one(
        "customer.complaint.handover", "Hand-over", required=True
    )
    request = fields.Text(related="handover_id.request")
    kind = fields.Selection(
        [("answer", "Answer"), ("refuse", "Refuse")], required=True, default="answer"
    )
    text = fields.Text("Answer")

    def action_apply(self):
        self.ensure_one()
        if self.kind == "answer":
            self.handover_id._answer(self.text)
        else:
            self.handover_id._refuse(self.text)
        return {"type": "ir.actions.act_window_close"}
