# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""mail.activity.plan.template, extended: a step of an activity plan may carry an action
plan aspect, and then becomes an action item. The launch is in
wizards/mail_activity_schedule.py, the items in customer_action_item.py."""

from odoo import fields, models

from .planning_rules import ACTION_CATEGORIES


class MailActivityPlanTemplate(models.Model):
    _inherit = "mail.activity.plan.template"

    action_category = fields.Selection(
        ACTION_CATEGORIES,
        "Action Plan Aspect",
        help="Launched on an opportunity or a customer, this step becomes an action "
        "item of this aspect (with its to-do for the owner) instead of a bare "
        "activity.",
    )
