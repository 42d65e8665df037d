# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An objective of an account plan (customer.account.plan.objective, issue 18):
a share of wallet or an amount to reach in the plan's period (DOMAIN §2), a
relationship to build with a contact of the buying organisation (§4) or a
competitor to displace (§5), with its measured actual. Action items of the five
aspects (§8) link to it."""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount, formatLang

from .planning_rules import ATTITUDES, local_days

OBJECTIVE_KINDS = [
    ("share", "Share of Wallet"),
    ("amount", "Amount"),
    ("relationship", "Relationship to Build"),
    ("competitor", "Competitor to Displace"),
]
# From the least to the most favourable attitude towards us.
ATTITUDE_RANK = {"opposed": 0, "neutral": 1, "supportive": 2}


class CustomerAccountPlanObjective(models.Model):
    _name = "customer.account.plan.objective"
    _description = "Account Plan Objective"
    _inherit = ["customer.planning.input.mixin"]
    _order = "plan_id, sequence, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "customer.account.plan",
        "Account Plan",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    name = fields.Char("Objective", required=True)
    kind = fields.Selection(OBJECTIVE_KINDS, required=True, default="share")
    partner_id = fields.Many2one(
        related="plan_id.partner_id", store=True, index=True, string="Customer"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")

    # Measures
    target_share = fields.Float(
        "Target Share (%)",
        digits=(5, 2),
        help="Our share of the customer's purchasing in our category to reach in "
        "the period (its potential value, prorated to a quarter).",
    )
    target_amount = fields.Monetary(
        currency_field="currency_id", help="Our sales to reach in the period."
    )
    contact_id = fields.Many2one(
        "res.partner",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), "
        "('id', '!=', partner_id), ('is_company', '=', False)]",
        help="The person of the buying organisation to win over.",
    )
    target_attitude = fields.Selection(ATTITUDES, default="supportive")
    contact_attitude = fields.Selection(
        related="contact_id.attitude", string="Current Attitude"
    )
    competitor_id = fields.Many2one(
        "res.partner",
        check_company=True,
        help="Displaced once we win a deal of the customer in the period "
        "against this competitor.",
    )

    # Results
    actual_amount = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_actuals",
        help="Won opportunities (and confirmed orders) of the customer in the "
        "plan's period.",
    )
    actual_share = fields.Float(
        "Actual Share (%)", digits=(5, 2), compute="_compute_actuals"
    )
    competitor_displaced = fields.Boolean(compute="_compute_actuals")
    achieved = fields.Float("Achieved (%)", digits=(5, 1), compute="_compute_actuals")
    target_display = fields.Char("Target", compute="_compute_displays")
    actual_display = fields.Char("Actual", compute="_compute_displays")
    done = fields.Boolean(help="Ticked when the objective is reached.")
    action_item_ids = fields.One2many(
        "customer.action.item", "objective_id", "Action Items"
    )
    note = fields.Text()

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "kind",
        "target_share",
        "target_amount",
        "target_attitude",
        "contact_id.attitude",
        "competitor_id",
        "plan_id.partner_id.potential_value",
        "plan_id.date_start",
        "plan_id.date_end",
    )
    def _compute_actuals(self):
        """A fixed number of queries for all the objectives: the won amounts
        once per distinct period, the competitors met on won deals once."""
        amounts = self._get_won_amounts()
        displaced = self._get_displaced()
        for objective in self:
            plan = objective.plan_id
            amount = amounts.get((plan.partner_id._origin.id, plan.date_start), 0.0)
            share = 0.0
            potential = plan.partner_id.potential_value * objective._get_year_part()
            if potential:
                share = 100.0 * amount / potential
            objective.actual_amount = amount
            objective.actual_share = share
            objective.competitor_displaced = objective.id in displaced
            objective.achieved = objective._get_achieved(amount, share, displaced)

    def _get_achieved(self, amount, share, displaced):
        self.ensure_one()
        if self.kind == "share":
            target = self.target_share
            return 100.0 * share / target if target else 0.0
        if self.kind == "amount":
            target = self.target_amount
            return 100.0 * amount / target if target else 0.0
        if self.kind == "relationship":
            reached = (
                self.contact_id.attitude
                and self.target_attitude
                and ATTITUDE_RANK[self.contact_id.attitude]
                >= ATTITUDE_RANK[self.target_attitude]
            )
            return 100.0 if reached else 0.0
        return 100.0 if self.id in displaced else 0.0

    @api.depends("kind", "achieved", "actual_amount", "actual_share")
    @api.depends_context("lang")
    def _compute_displays(self):
        attitudes = dict(
            self._fields["target_attitude"]._description_selection(self.env)
        )
        for objective in self:
            currency = objective.currency_id or self.env.company.currency_id
            kind = objective.kind
            if kind == "share":
                target = f"{formatLang(self.env, objective.target_share)} %"
                actual = f"{formatLang(self.env, objective.actual_share)} %"
            elif kind == "amount":
                target = format_amount(self.env, objective.target_amount, currency)
                actual = format_amount(self.env, objective.actual_amount, currency)
            elif kind == "relationship":
                contact = objective.contact_id.name or ""
                target = f"{contact}: {attitudes.get(objective.target_attitude, '')}"
                actual = attitudes.get(objective.contact_id.attitude) or self.env._(
                    "Unknown"
                )
            else:
                target = objective.competitor_id.name or ""
                actual = (
                    self.env._("Displaced")
                    if objective.competitor_displaced
                    else self.env._("Not yet")
                )
            objective.target_display = target
            objective.actual_display = actual

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains(
        "kind", "target_share", "target_amount", "contact_id", "competitor_id"
    )
    def _check_measure(self):
        for objective in self:
            kind = objective.kind
            if kind == "share" and not 0 < objective.target_share <= 100:
                raise ValidationError(
                    self.env._(
                        "Objective “%(objective)s”: the target share must be more "
                        "than 0 and at most 100 %%.",
                        objective=objective.name,
                    )
                )
            if kind == "amount" and objective.target_amount <= 0:
                raise ValidationError(
                    self.env._(
                        "Objective “%(objective)s”: the target amount must be "
                        "more than 0.",
                        objective=objective.name,
                    )
                )
            customer = objective.plan_id.partner_id
            contact = objective.contact_id
            if kind == "relationship" and (
                not contact
                or contact == customer
                or contact.commercial_partner_id != customer
            ):
                raise ValidationError(
                    self.env._(
                        "Objective “%(objective)s”: a relationship to build names "
                        "a contact of %(customer)s.",
                        objective=objective.name,
                        customer=customer.display_name,
                    )
                )
            if kind == "competitor" and not objective.competitor_id:
                raise ValidationError(
                    self.env._(
                        "Objective “%(objective)s”: name the competitor to displace.",
                        objective=objective.name,
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_year_part(self):
        """The part of a year the plan's period is: a quarter is 1/4, since the
        potential value is the customer's annual purchasing."""
        self.ensure_one()
        plan = self.plan_id
        if not plan.date_start or not plan.date_end:
            return 1.0
        months = (plan.date_end.year - plan.date_start.year) * 12 + (
            plan.date_end.month - plan.date_start.month + 1
        )
        return months / 12.0

    def _get_won_amounts(self):
        """Our sales to each plan's customer in its period, from the one place
        that says where sales come from (``res.partner._planning_current_values``):
        ``{(partner_id, date_start): amount}``, one query per distinct period."""
        partners_by_period = defaultdict(set)
        for objective in self:
            plan = objective.plan_id
            partner_id = plan.partner_id._origin.id
            if objective.kind in ("share", "amount") and plan.date_start and partner_id:
                partners_by_period[(plan.date_start, plan.date_end)].add(partner_id)
        Partner = self.env["res.partner"]
        amounts = {}
        for (start, end), partner_ids in partners_by_period.items():
            values = Partner._planning_current_values(
                list(partner_ids), start, end + timedelta(days=1)
            )
            for partner_id in partner_ids:
                amounts[(partner_id, start)] = values.get(partner_id, 0.0)
        return amounts

    def _get_displaced(self):
        """The ids of the competitor objectives met on a deal of the customer
        won in the plan's period: one search over all of them. The competitors
        of every opportunity count, also of those the user may not open (the
        plan's figure, not the deal's details)."""
        objectives = self.filtered(
            lambda o: o.kind == "competitor"
            and o.competitor_id
            and o.plan_id.date_start
            and o.id
        )
        if not objectives:
            return set()
        tz = self.env.company._get_planning_tz()
        plans = objectives.plan_id
        start, end = local_days(
            min(plans.mapped("date_start")), max(plans.mapped("date_end")), tz
        )
        lines = (
            self.env["crm.lead.competitor"]
            .sudo()
            .search(
                [
                    ("competitor_id", "in", objectives.competitor_id.ids),
                    (
                        "lead_id.partner_id.commercial_partner_id",
                        "in",
                        plans.partner_id.ids,
                    ),
                    ("lead_id.probability", "=", 100),
                    ("lead_id.date_closed", ">=", start),
                    ("lead_id.date_closed", "<", end),
                ]
            )
        )
        met = defaultdict(list)
        for line in lines:
            lead = line.lead_id
            met[
                (lead.partner_id.commercial_partner_id.id, line.competitor_id.id)
            ].append(lead.date_closed)
        displaced = set()
        for objective in objectives:
            plan = objective.plan_id
            plan_start, plan_end = local_days(plan.date_start, plan.date_end, tz)
            closed = met.get((plan.partner_id.id, objective.competitor_id.id), [])
            if any(plan_start <= moment < plan_end for moment in closed):
                displaced.add(objective.id)
        return displaced
