# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""mail.activity, extended: marking the to-do of an action item done closes the item
(the item and its to-do are in customer_action_item.py); a call logged on a customer
or an opportunity records the customer's request (首问责任制)."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

# The records a call can record a customer request from.
REQUEST_MODELS = ("res.partner", "crm.lead")


class MailActivity(models.Model):
    _inherit = "mail.activity"

    can_record_customer_request = fields.Boolean(
        compute="_compute_can_record_customer_request"
    )

    @api.depends("activity_type_id.category", "res_model")
    def _compute_can_record_customer_request(self):
        for activity in self:
            activity.can_record_customer_request = (
                activity.activity_type_id.category == "phonecall"
                and activity.res_model in REQUEST_MODELS
            )

    def action_record_customer_request(self):
        """While logging a call: the customer's request (咨询、建议、意见、投诉)
        becomes a complaint of the customer (and opportunity), owned by whoever
        records it (首问责任制), with the call's summary and note."""
        self.ensure_one()
        if not self.can_record_customer_request:
            raise UserError(
                self.env._(
                    "A customer request is recorded from a call on a customer or "
                    "an opportunity."
                )
            )
        record = self.env[self.res_model].browse(self.res_id)
        record.check_access("read")
        action = record.action_record_customer_request()
        context = dict(action["context"], default_channel="phone")
        if self.summary:
            context["default_subject"] = self.summary
        if not is_html_empty(self.note):
            context["default_description"] = self.note
        action["context"] = context
        return action

    def _action_done(self, feedback=False, attachment_ids=None):
        """The owner marks the to-do of an action item done: the item is done."""
        item_ids = [
            activity.res_id
            for activity in self
            if activity.res_model == "customer.action.item"
        ]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if item_ids:
            items = self.env["customer.action.item"].sudo().browse(item_ids).exists()
            items.filtered(lambda i: i.state == "open")._action_item_set_done()
        return result
