# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""mail.activity.schedule, extended: launching an activity plan on an opportunity or a
customer turns its steps that carry an action plan aspect into action items. The items
are made in models/customer_action_item.py."""

from markupsafe import Markup

from odoo import models

# Documents whose activity plans may carry action plan items.
ACTION_PLAN_MODELS = ("crm.lead", "res.partner")


class MailActivitySchedule(models.TransientModel):
    _inherit = "mail.activity.schedule"

    def _plan_action_item_templates(self):
        if self.res_model not in ACTION_PLAN_MODELS:
            return self.env["mail.activity.plan.template"]
        return self.plan_id.template_ids.filtered("action_category")

    def _plan_filter_activity_templates_to_schedule(self):
        """Steps with an action plan aspect become action items (each with its
        own to-do), not bare activities on the document."""
        return super()._plan_filter_activity_templates_to_schedule() - (
            self._plan_action_item_templates()
        )

    def action_schedule_plan(self):
        templates = self._plan_action_item_templates()
        if templates:
            records = self._get_applied_on_records()
            items = self.env["customer.action.item"]._create_from_plan_templates(
                templates, records, self.plan_on_demand_user_id, self.plan_date
            )
            for record in records:
                record_items = items.filtered(
                    lambda i, r=record: (
                        i.lead_id == r
                        if r._name == "crm.lead"
                        else i.partner_id == r.commercial_partner_id
                    )
                )
                record.message_post(
                    body=Markup("<p>%s</p><ul>%s</ul>")
                    % (
                        self.env._("Action plan items created:"),
                        Markup().join(
                            Markup("<li>%s — %s</li>") % (item.name, item.user_id.name)
                            for item in record_items
                        ),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return super().action_schedule_plan()
