# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""mail.activity, extended: marking the to-do of an action item done closes the item.
The item and its to-do are in customer_action_item.py."""

from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

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
