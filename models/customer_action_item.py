# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An action plan item (customer.action.item, DOMAIN §8) on an opportunity or a
customer, with its owner's to-do kept in step. Activity plans make items through
wizards/mail_activity_schedule.py; a to-do marked done closes its item
(mail_activity.py)."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .planning_rules import ACTION_CATEGORIES

ACTION_STATES = [
    ("open", "Open"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
ACTIVITY_TYPE = "mail.mail_activity_data_todo"


class CustomerActionItem(models.Model):
    _name = "customer.action.item"
    _description = "Action Plan Item"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.planning.input.mixin"]
    _order = "state_sequence, date_deadline, id"
    _check_company_auto = True

    name = fields.Char("Action", required=True, tracking=True)
    category = fields.Selection(
        ACTION_CATEGORIES, required=True, tracking=True, index=True
    )
    description = fields.Text()
    lead_id = fields.Many2one(
        "crm.lead",
        "Opportunity",
        index="btree_not_null",
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users",
        "Owner",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        check_company=True,
    )
    date_deadline = fields.Date("Deadline", required=True, tracking=True)
    objective_id = fields.Many2one(
        "customer.account.plan.objective",
        "Plan Objective",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id), "
        "('plan_id.state', 'in', ('draft', 'active', 'review'))]",
        help="The objective of the customer's account plan this action serves.",
    )
    account_plan_id = fields.Many2one(
        related="objective_id.plan_id", store=True, index="btree_not_null"
    )
    state = fields.Selection(
        ACTION_STATES, required=True, default="open", tracking=True, copy=False
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    date_done = fields.Date("Done On", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )

    @api.depends("lead_id")
    def _compute_partner_id(self):
        for item in self:
            if item.lead_id.partner_id:
                item.partner_id = item.lead_id.partner_id.commercial_partner_id

    @api.depends("lead_id", "partner_id")
    def _compute_company_id(self):
        for item in self:
            item.company_id = (
                item.lead_id.company_id
                or item.partner_id.company_id
                or item.company_id
                or self.env.company
            )

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {key: index for index, (key, _label) in enumerate(ACTION_STATES)}
        for item in self:
            item.state_sequence = order.get(item.state, 0)

    @api.constrains("lead_id", "partner_id")
    def _check_document(self):
        for item in self:
            if not item.lead_id and not item.partner_id:
                raise ValidationError(
                    self.env._(
                        "Action “%(action)s” needs a customer or an opportunity.",
                        action=item.name,
                    )
                )

    @api.constrains("objective_id", "partner_id")
    def _check_objective(self):
        for item in self:
            objective = item.objective_id
            if objective and objective.partner_id != item.partner_id:
                raise ValidationError(
                    self.env._(
                        "Action “%(action)s” is for %(customer)s: it cannot serve "
                        "an objective of the account plan of %(other)s.",
                        action=item.name,
                        customer=item.partner_id.display_name,
                        other=objective.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def write(self, vals):
        res = super().write(vals)
        if {"user_id", "date_deadline", "name"} & vals.keys():
            self.filtered(lambda i: i.state == "open")._action_item_sync_activity()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_schedule_activity(self):
        """Put the action in its owner's activities, due on its deadline."""
        if any(item.state != "open" for item in self):
            raise UserError(self.env._("Only open actions can be scheduled."))
        self._action_item_schedule_activity()
        return True

    def action_done(self):
        self.filtered(lambda i: i.state == "open")._action_item_set_done()
        return True

    def action_cancel(self):
        open_items = self.filtered(lambda i: i.state == "open")
        open_items.write({"state": "cancelled"})
        open_items._action_item_activities().unlink()
        return True

    def action_reopen(self):
        self.filtered(lambda i: i.state != "open").write(
            {"state": "open", "date_done": False}
        )
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _action_item_activities(self):
        activity_type = self.env.ref(ACTIVITY_TYPE)
        return self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _action_item_schedule_activity(self, activity_type=None, note=None):
        """Schedule (or move) the to-do of each item for its owner: never two
        activities for one item."""
        activity_type = activity_type or self.env.ref(ACTIVITY_TYPE)
        for item in self:
            existing = item.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            )
            if existing:
                existing.write(item._action_item_activity_values())
                continue
            item.activity_schedule(
                activity_type_id=activity_type.id,
                note=note or Markup("<p>%s</p>") % (item.description or ""),
                **item._action_item_activity_values(),
            )

    def _action_item_activity_values(self):
        self.ensure_one()
        return {
            "summary": self.name,
            "user_id": self.user_id.id,
            "date_deadline": self.date_deadline,
        }

    def _action_item_sync_activity(self):
        """Owner, deadline or name changed: move the scheduled to-do along."""
        for item in self:
            item._action_item_activities().write(item._action_item_activity_values())

    def _action_item_set_done(self):
        self.write({"state": "done", "date_done": self.env.company._planning_today()})
        activities = self._action_item_activities()
        if activities:
            activities.action_feedback(feedback=self.env._("The action is done."))

    @api.model
    def _create_from_plan_templates(
        self, templates, records, on_demand_user, plan_date
    ):
        """Action items from the templates of an activity plan that carry an
        action category, on opportunities or customers (``records``); each
        item schedules its to-do for its owner. Returns the items."""
        vals_list = []
        for record in records:
            lead = record if record._name == "crm.lead" else self.env["crm.lead"]
            partner = (
                record.commercial_partner_id
                if record._name == "res.partner"
                else record.partner_id.commercial_partner_id
            )
            for template in templates:
                responsible = (
                    template._determine_responsible(on_demand_user, record)[
                        "responsible"
                    ]
                    or record.user_id
                    or self.env.user
                )
                vals_list.append(
                    {
                        "name": template.summary or template.activity_type_id.name,
                        "category": template.action_category,
                        "description": template.note
                        and Markup(template.note).striptags(),
                        "lead_id": lead.id,
                        "partner_id": partner.id,
                        "user_id": responsible.id,
                        "date_deadline": template._get_date_deadline(plan_date),
                    }
                )
        items = self.create(vals_list)
        items._action_item_schedule_activity()
        return items
