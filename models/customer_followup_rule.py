# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The return visit rule record (customer.followup.rule): which customers, the
cadence, what to plan and who makes the visit, its checks and its buttons. The
visit generation ("Plan Due Visits Now" and the nightly cron) is in
customer_followup_rule_planning.py."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .planning_rules import FOLLOWUP_CHANNELS, FOLLOWUP_KINDS

# Editing one of these re-plans the rule's coming visits.
PLANNING_FIELDS = {
    "active",
    "rule_type",
    "tier_id",
    "account_age",
    "interval_number",
    "interval_unit",
    "kind",
    "channel",
    "owner_policy",
    "user_id",
    "team_id",
    "company_id",
}


class CustomerFollowupRule(models.Model):
    """When return visits are due: a cadence for the customers of a tier, or
    for delivered projects by account age (DOMAIN §9, 回访制度)."""

    _name = "customer.followup.rule"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Return Visit Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    # Which customers
    rule_type = fields.Selection(
        [("tier", "Customer tier"), ("account_age", "Account age")],
        "Applies By",
        required=True,
        default="tier",
    )
    tier_id = fields.Many2one(
        "customer.tier",
        "Customer Tier",
        ondelete="cascade",
        check_company=True,
        help="The rule plans visits for the customers of this tier.",
    )
    account_age = fields.Selection(
        [
            ("first_year", "Delivered project, first year"),
            ("after_first_year", "Delivered project, after the first year"),
        ],
        help="A delivered project is a won opportunity; each one is visited on "
        "its own: monthly while it was won less than 12 months ago, quarterly "
        "after that.",
    )

    # What to plan
    interval_number = fields.Integer(
        "Every", required=True, default=1, help="The cadence: one visit every..."
    )
    interval_unit = fields.Selection(
        [("days", "Days"), ("weeks", "Weeks"), ("months", "Months")],
        "Unit",
        required=True,
        default="months",
    )
    kind = fields.Selection(FOLLOWUP_KINDS, required=True, default="routine")
    channel = fields.Selection(FOLLOWUP_CHANNELS, required=True, default="phone")
    owner_policy = fields.Selection(
        [
            ("account_owner", "Account owner"),
            ("team", "A team (call center, telesales)"),
            ("user", "A given user"),
        ],
        "Visit Owner",
        required=True,
        default="account_owner",
        help="Account owner: the customer's salesperson makes the visit (the "
        "given user when the customer has none). A team: the visits are shared "
        "out among the team's members, each customer always to the same member "
        "(the account owner when the team has no members).",
    )
    team_id = fields.Many2one(
        "crm.team",
        "Visiting Team",
        check_company=True,
        help="The call-center or telesales team that makes the visits.",
    )
    user_id = fields.Many2one(
        "res.users",
        "Given User",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    followup_count = fields.Integer("Visits", compute="_compute_followup_count")

    @api.constrains("interval_number")
    def _check_interval_number(self):
        for rule in self:
            if rule.interval_number <= 0:
                raise ValidationError(
                    self.env._(
                        "The cadence of rule %(rule)s must be a positive number of "
                        "days, weeks or months, not %(number)s.",
                        rule=rule.name,
                        number=rule.interval_number,
                    )
                )

    @api.constrains(
        "rule_type", "tier_id", "account_age", "owner_policy", "user_id", "team_id"
    )
    def _check_target(self):
        for rule in self:
            if rule.rule_type == "tier" and not rule.tier_id:
                raise ValidationError(
                    self.env._("Rule %(rule)s needs a customer tier.", rule=rule.name)
                )
            if rule.rule_type == "account_age" and not rule.account_age:
                raise ValidationError(
                    self.env._("Rule %(rule)s needs an account age.", rule=rule.name)
                )
            if rule.owner_policy == "team" and not rule.team_id:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s needs the team that makes its visits.",
                        rule=rule.name,
                    )
                )
            if rule.owner_policy == "user" and not rule.user_id:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s needs the user who makes its visits.",
                        rule=rule.name,
                    )
                )

    def _compute_followup_count(self):
        groups = self.env["customer.followup"]._read_group(
            [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
        )
        counts = {rule.id: count for rule, count in groups}
        for rule in self:
            rule.followup_count = counts.get(rule.id, 0)

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def write(self, vals):
        res = super().write(vals)
        if PLANNING_FIELDS & vals.keys():
            self._replan_followups()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_generate_followups(self):
        """Plan the next due visit of every customer of the selected rules now,
        batch after batch."""
        created = self._generate_followups()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s return visits planned.", count=len(created)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_planning.customer_followup_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        action["context"] = {"default_rule_id": self.id}
        return action
