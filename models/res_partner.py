# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer record: ``res.partner``'s planning fields, computes,
constraints, ORM overrides, actions and the business methods its buttons call.
The nightly tier recompute extends the model in ``res_partner_planning.py``; the
account plan is built by its report, ``report/report_account_plan.py``."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .planning_rules import (
    ATTITUDES,
    COUNTERPART_LEVELS,
    PLANNING_COMPUTED_FIELDS,
    VALUE_QUADRANTS,
)

ADMINISTRATIVE_LEVELS = [
    ("top", "Top Management"),
    ("senior", "Senior Management"),
    ("middle", "Middle Management"),
    ("staff", "Staff"),
]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.planning.input.mixin"]

    # Value (DOMAIN §1)
    planning_currency_id = fields.Many2one(
        "res.currency", compute="_compute_planning_currency_id"
    )
    current_value = fields.Monetary(
        currency_field="planning_currency_id",
        readonly=True,
        copy=False,
        help="Our sales to the customer over the trailing 12 months: won "
        "opportunities (and confirmed sales orders when Sales is installed).",
    )
    potential_value = fields.Monetary(
        currency_field="planning_currency_id",
        copy=False,
        tracking=True,
        help="The customer's estimated annual purchasing in our category.",
    )
    potential_value_date = fields.Date("Potential Estimated On", copy=False)
    potential_value_note = fields.Text(
        "Potential Evidence", help="Where the estimate of the potential comes from."
    )
    share_of_wallet = fields.Float(
        "Share of Wallet (%)",
        digits=(16, 2),
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Current value as a share of the customer's potential value.",
    )
    value_quadrant = fields.Selection(
        VALUE_QUADRANTS, "Value Type", readonly=True, copy=False, index=True
    )
    customer_tier_id = fields.Many2one(
        "customer.tier",
        readonly=True,
        copy=False,
        index=True,
        ondelete="restrict",
    )
    customer_tier_manual = fields.Boolean(
        "Tier Set Manually",
        readonly=True,
        copy=False,
        help="A manager has overridden the tier: the recompute keeps it.",
    )
    planning_values_date = fields.Date(
        "Values Changed On",
        readonly=True,
        copy=False,
        help="The nightly job checks every customer's values; this is the day they "
        "were first computed or last changed.",
    )
    customer_tier_history_ids = fields.One2many(
        "customer.tier.history", "partner_id", "Tier History"
    )
    team_id = fields.Many2one(
        "crm.team",
        "Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        help="The sales team covering this account; the account owner's team by "
        "default.",
    )

    # Targets (DOMAIN §2)
    planning_target_type = fields.Selection(
        related="customer_tier_id.target_type", string="Target Type"
    )
    planning_target_share = fields.Float(
        related="customer_tier_id.target_share", string="Target Share (%)"
    )
    planning_target_amount = fields.Monetary(
        "Target Amount",
        currency_field="planning_currency_id",
        compute="_compute_planning_target",
    )
    planning_target_progress = fields.Float(
        "Target Progress (%)", compute="_compute_planning_target"
    )

    # Coverage (DOMAIN §3)
    planning_strategic = fields.Boolean(
        "Strategic Account",
        help="A sales team, not one salesperson, covers this account (1:1 with a "
        "team per customer): it does not count in its owner's accounts.",
    )
    planning_capacity_warning = fields.Char(
        "Coverage Warning", compute="_compute_planning_capacity_warning"
    )

    # Return visits and customer care (DOMAIN §9)
    birthday = fields.Date()
    is_important_contact = fields.Boolean(
        "Important Contact",
        help="A boss or key person of the customer: greeted on their birthday when "
        "the customer's tier has customer care.",
    )
    followup_ids = fields.One2many("customer.followup", "partner_id", "Return Visits")
    followup_count = fields.Integer(
        "Visits",
        compute="_compute_followup_stats",
        groups="crm_customer_planning.group_customer_planning_user",
    )
    followup_last_date = fields.Date(
        "Last Visit",
        compute="_compute_followup_stats",
        groups="crm_customer_planning.group_customer_planning_user",
    )
    followup_next_date = fields.Date(
        "Next Visit",
        compute="_compute_followup_stats",
        groups="crm_customer_planning.group_customer_planning_user",
    )
    followup_year_count = fields.Integer(
        "Visits This Year",
        compute="_compute_followup_stats",
        groups="crm_customer_planning.group_customer_planning_user",
        help="Visits done since the first of January.",
    )
    followup_satisfaction = fields.Float(
        "Average Satisfaction",
        digits=(3, 2),
        compute="_compute_followup_stats",
        groups="crm_customer_planning.group_customer_planning_user",
        help="Average satisfaction (1 to 5) of the rated visits done.",
    )
    complaint_count = fields.Integer("Complaints", compute="_compute_complaint_count")

    # Buying organisation (DOMAIN §4)
    administrative_level = fields.Selection(
        ADMINISTRATIVE_LEVELS, help="The contact's rank in the customer's hierarchy."
    )
    purchasing_role_id = fields.Many2one(
        "customer.purchasing.role",
        ondelete="restrict",
        help="The contact's usual role in the customer's buying group.",
    )
    attitude = fields.Selection(
        ATTITUDES, help="The contact's attitude towards us.", tracking=True
    )
    counterpart_user_id = fields.Many2one(
        "res.users",
        "Covered By",
        tracking=True,
        help="Who covers this contact on our side: our organisation follows theirs.",
    )
    counterpart_level = fields.Selection(
        COUNTERPART_LEVELS,
        "Covered At",
        help="The level of our person covering this contact: a salesperson, a "
        "technical person or an executive.",
    )

    # Competitors (DOMAIN §5)
    is_competitor = fields.Boolean(
        "Competitor",
        index=True,
        copy=False,
        help="A company we meet in bids. Competitors are not classified as customers.",
    )
    competitor_line_ids = fields.One2many(
        "crm.lead.competitor", "competitor_id", "Opportunities Met"
    )

    # Action plans (DOMAIN §8)
    action_item_ids = fields.One2many(
        "customer.action.item", "partner_id", "Action Items"
    )
    open_action_item_ids = fields.One2many(
        "customer.action.item",
        "partner_id",
        "Open Action Items",
        domain=[("state", "=", "open")],
    )

    @api.depends(
        "followup_ids.state",
        "followup_ids.date_planned",
        "followup_ids.date_closed",
        "followup_ids.satisfaction",
    )
    @api.depends_context("uid", "tz")
    def _compute_followup_stats(self):
        """Three grouped queries for all the partners at once, as the user sees
        the visits."""
        Followup = self.env["customer.followup"]
        partners = self.filtered("id")
        stats = defaultdict(dict)
        if partners:
            domain = [("partner_id", "in", partners.ids)]
            for partner, state, count, last, first in Followup._read_group(
                domain,
                ["partner_id", "state"],
                ["__count", "date_closed:max", "date_planned:min"],
            ):
                row = stats[partner.id]
                row["count"] = row.get("count", 0) + count
                if state == "done":
                    row["last"] = last
                elif state == "planned":
                    row["next"] = first
            year_start = self.env.company._planning_today().replace(month=1, day=1)
            for partner, count in Followup._read_group(
                domain + [("state", "=", "done"), ("date_closed", ">=", year_start)],
                ["partner_id"],
                ["__count"],
            ):
                stats[partner.id]["year"] = count
            for partner, count, score in Followup._read_group(
                domain + [("state", "=", "done"), ("satisfaction", "!=", False)],
                ["partner_id"],
                ["__count", "satisfaction_score:sum"],
            ):
                stats[partner.id]["satisfaction"] = score / count
        for partner in self:
            row = stats.get(partner.id, {})
            partner.followup_count = row.get("count", 0)
            partner.followup_last_date = row.get("last", False)
            partner.followup_next_date = row.get("next", False)
            partner.followup_year_count = row.get("year", 0)
            partner.followup_satisfaction = row.get("satisfaction", 0.0)

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_planning_currency_id(self):
        for partner in self:
            partner.planning_currency_id = (
                partner.company_id or self.env.company
            ).currency_id

    @api.depends("user_id")
    def _compute_team_id(self):
        for partner in self:
            if partner.user_id and not partner.team_id:
                partner.team_id = partner.user_id.sale_team_id

    @api.depends("customer_tier_id", "current_value", "share_of_wallet")
    def _compute_planning_target(self):
        for partner in self:
            tier = partner.customer_tier_id
            partner.planning_target_amount = tier.target_amount
            if tier.target_type == "share":
                achieved, target = partner.share_of_wallet, tier.target_share
            else:
                achieved, target = partner.current_value, tier.target_amount
            partner.planning_target_progress = (
                100.0 * achieved / target if target else 0.0
            )

    @api.depends(
        "user_id", "team_id", "customer_tier_id.coverage_model", "planning_strategic"
    )
    def _compute_planning_capacity_warning(self):
        load = self._get_owner_tier_load(self.user_id)
        for partner in self:
            partner.planning_capacity_warning = partner._get_coverage_warning(load)

    def _get_coverage_warning(self, load):
        """What breaks the tier's coverage model (DOMAIN §3), or ``False``: an
        owner over the tier's capacity; a 1:1 account with nobody on it; a
        strategic account without its team. ``load``: ``_get_owner_tier_load``."""
        self.ensure_one()
        tier = self.customer_tier_id
        if self.planning_strategic:
            if not self.team_id:
                return self.env._(
                    "A strategic account is covered by a sales team: choose one."
                )
            return False
        if tier.coverage_model == "one_to_one" and not self.user_id:
            return self.env._(
                "Nobody covers this %(tier)s account: one salesperson per customer "
                "(1:1), or a sales team for a strategic account.",
                tier=tier.name,
            )
        count = load.get((self.user_id.id, tier.id), 0)
        if self.user_id and tier.capacity and count > tier.capacity:
            return self.env._(
                "%(owner)s covers %(count)s %(tier)s accounts, more than the "
                "%(capacity)s one salesperson can serve.",
                owner=self.user_id.name,
                count=count,
                tier=tier.name,
                capacity=tier.capacity,
            )
        return False

    @api.depends_context("uid")
    def _compute_complaint_count(self):
        """Complaints of the customer company, as far as the user may see them
        (a salesperson sees those of their own customers)."""
        Complaint = self.env["customer.complaint"]
        counts = {}
        if Complaint.has_access("read"):
            groups = Complaint._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
            counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.complaint_count = counts.get(partner.commercial_partner_id.id, 0)

    @api.constrains("potential_value")
    def _check_potential_value(self):
        for partner in self:
            if partner.potential_value < 0:
                raise ValidationError(
                    self.env._(
                        "The potential value of %(customer)s cannot be negative.",
                        customer=partner.display_name,
                    )
                )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_planning_write_allowed(vals_list)
        partners = super().create(vals_list)
        valued = partners.filtered(lambda p: p.potential_value and not p.parent_id)
        if valued:
            valued._planning_recompute_values()
        partners.filtered("is_competitor")._planning_unclassify_competitors()
        return partners

    def write(self, vals):
        self._check_planning_write_allowed([vals])
        res = super().write(vals)
        if "potential_value" in vals:
            self.filtered(lambda p: not p.parent_id)._planning_recompute_values()
        if vals.get("is_competitor"):
            self._planning_unclassify_competitors()
        return res

    @api.model
    def _check_planning_write_allowed(self, vals_list):
        """Values, value type and tier come from the recompute or a manager's
        override, never from a plain write (the form shows them read-only, and
        RPC must not get around that)."""
        if self.env.su or self.env.context.get("planning_internal_write"):
            return
        for vals in vals_list:
            forbidden = PLANNING_COMPUTED_FIELDS & vals.keys()
            if forbidden:
                raise AccessError(
                    self.env._(
                        "Customer values and tiers are computed; a manager changes a "
                        "tier with “Override Tier”. (fields: %(fields)s)",
                        fields=", ".join(sorted(forbidden)),
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_planning_recompute(self):
        """Recompute values and tiers of the selected customers now."""
        customers = self.commercial_partner_id
        customers.check_access("read")
        customers._planning_recompute_values()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Values and tiers recomputed for %(count)s customers.",
                    count=len(customers),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_planning.customer_followup_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_print_account_plan(self):
        """The account plan of the customer, as PDF."""
        return self.env.ref(
            "crm_customer_planning.action_report_account_plan"
        ).report_action(self.commercial_partner_id)

    def action_planning_override_tier(self):
        self.ensure_one()
        self._check_planning_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Tier"),
            "res_model": "customer.tier.override",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.id,
                "default_tier_id": self.customer_tier_id.id,
            },
        }

    def action_planning_reset_tier(self):
        """Give the tier back to the rules."""
        self._check_planning_manager()
        self.sudo().with_context(planning_internal_write=True).write(
            {"customer_tier_manual": False}
        )
        self._planning_recompute_values(
            change_reason=self.env._("Tier given back to the rules")
        )

    def action_record_customer_request(self):
        """A new customer request (咨询、建议、意见、投诉) of this customer,
        owned by whoever records it."""
        self.ensure_one()
        return self.env["customer.complaint"]._get_record_request_action(self)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_planning.customer_complaint_action"
        )
        customer = self.commercial_partner_id
        action["domain"] = [("commercial_partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_planning_customer_domain(self):
        """Customers as the planning screens show them: classified commercial
        entities."""
        return [("parent_id", "=", False), ("customer_tier_id", "!=", False)]

    def _check_planning_manager(self):
        if not self.env.user.has_group(
            "crm_customer_planning.group_customer_planning_manager"
        ):
            raise AccessError(
                self.env._("Only Customer Planning managers can change a tier by hand.")
            )

    def _planning_set_manual_tier(self, tier, reason):
        """A manager's override: the tier stays until given back to the rules."""
        self._check_planning_manager()
        if not (reason or "").strip():
            raise UserError(self.env._("Give a reason for overriding the tier."))
        if not tier:
            raise UserError(self.env._("Choose the tier to set."))
        for partner in self:
            if partner.parent_id:
                raise UserError(
                    self.env._(
                        "%(contact)s is a contact of %(company)s: tier the company.",
                        contact=partner.name,
                        company=partner.parent_id.name,
                    )
                )
        changes = [
            (partner.id, partner.customer_tier_id.id, tier.id) for partner in self
        ]
        self.sudo().with_context(planning_internal_write=True).write(
            {"customer_tier_id": tier.id, "customer_tier_manual": True}
        )
        self._planning_log_tier_changes(changes, reason, "manual")

    @api.model
    def _get_owner_tier_load(self, owners):
        """``{(user_id, tier_id): number of accounts}`` for the given owners;
        strategic accounts are their team's, not their owner's."""
        if not owners:
            return {}
        groups = self.sudo()._read_group(
            self._get_planning_customer_domain()
            + [("user_id", "in", owners.ids), ("planning_strategic", "=", False)],
            ["user_id", "customer_tier_id"],
            ["__count"],
        )
        return {(user.id, tier.id): count for user, tier, count in groups}
