# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer tiers (customer.tier, DOMAIN §1-3, §7): thresholds, coverage model and
capacity, targets, care and screening depth, and the 80/20 shares. Customers are
classified by ``planning_rules.classify`` in the nightly job
(res_partner_planning.py)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .planning_rules import FOLLOWUP_CHANNELS, TARGET_TYPES, THRESHOLD_LOGICS

COVERAGE_MODELS = [
    ("one_to_one", "1:1 (a salesperson or a team per customer)"),
    ("one_to_few", "1:few"),
    ("one_to_many", "1:many"),
    ("call_center", "Call center / telesales"),
]
# Fields whose change moves customers between tiers.
CLASSIFICATION_FIELDS = {
    "min_current_value",
    "min_potential_value",
    "threshold_logic",
    "sequence",
    "active",
    "company_id",
}


class CustomerTier(models.Model):
    _name = "customer.tier"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Customer Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Position in the pyramid: the top tier comes first."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to use the tier in every company that defines no tiers "
        "of its own.",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    color = fields.Integer()
    description = fields.Html(
        "Management Mode",
        translate=True,
        help="How accounts of this tier are managed: resources, rhythm, people.",
    )

    # Classification
    min_current_value = fields.Monetary(
        "Minimum Current Value",
        currency_field="currency_id",
        help="Our sales to the customer over the trailing 12 months.",
    )
    min_potential_value = fields.Monetary(
        "Minimum Potential Value",
        currency_field="currency_id",
        help="The customer's estimated annual purchasing in our category.",
    )
    threshold_logic = fields.Selection(
        THRESHOLD_LOGICS,
        required=True,
        default="any",
        help="Potential threshold: only customers that can grow reach this tier, "
        "whatever they buy today, so that a customer that gives much now but "
        "cannot grow (value type 2) is not over-served, while one that buys little "
        "yet could buy much (value type 3) is not neglected; the shipped Major tier "
        "works this way. Either threshold: a high current or a high potential value "
        "is enough (the lower tiers). Both thresholds: both are needed.",
    )

    # Coverage and targets
    coverage_model = fields.Selection(
        COVERAGE_MODELS, required=True, default="one_to_many"
    )
    capacity = fields.Integer(
        "Accounts per Salesperson",
        help="How many accounts of this tier one salesperson can cover; 0: no limit.",
    )
    target_type = fields.Selection(TARGET_TYPES, required=True, default="amount")
    target_share = fields.Float(
        "Target Share of Wallet (%)",
        digits=(5, 2),
        help="Our target share of the customer's purchasing in our category.",
    )
    target_amount = fields.Monetary(
        currency_field="currency_id",
        help="Target sales per customer over 12 months.",
    )

    # Customer care (DOMAIN §9)
    customer_care = fields.Boolean(
        "Birthday Greetings",
        help="Key accounts: their important contacts get birthday greetings. "
        "Festival greetings, the New-Year gift and the needs survey go to the "
        "customers of every tier.",
    )
    care_channel = fields.Selection(
        FOLLOWUP_CHANNELS,
        "Greeting Channel",
        required=True,
        default="message",
        help="How the customers of this tier are greeted on festivals: a personal "
        "call or visit for Major accounts, a message or a mail for the others.",
    )
    gift_budget = fields.Monetary(
        "New-Year Gift Budget",
        currency_field="currency_id",
        help="What the New-Year gift sent each December to each customer of this "
        "tier may cost.",
    )
    # Opportunity screening (DOMAIN §6)
    qualification_depth = fields.Selection(
        [
            ("full", "All four steps"),
            ("light", "Lighter check"),
            ("volume", "Volume: small deals skip the screen"),
        ],
        required=True,
        default="light",
        help="All four steps: opportunities of these customers above the company's "
        "deal size go through every step (Major and Named accounts). Lighter check: "
        "only the steps the company chose. Volume: what counts is the volume (量), "
        "not the deal — deals under the company's deal size skip the screen, larger "
        "ones get the lighter check (Non-named and Mass-market accounts).",
    )

    # The pyramid and the 80/20 picture (DOMAIN §7)
    customer_count = fields.Integer("Customers", compute="_compute_allocation")
    customer_percent = fields.Float("% of Customers", compute="_compute_allocation")
    current_value_total = fields.Monetary(
        "Current Value", currency_field="currency_id", compute="_compute_allocation"
    )
    value_percent = fields.Float("% of Value", compute="_compute_allocation")
    potential_value_total = fields.Monetary(
        "Potential Value", currency_field="currency_id", compute="_compute_allocation"
    )

    @api.depends("company_id")
    def _compute_currency_id(self):
        for tier in self:
            tier.currency_id = (tier.company_id or self.env.company).currency_id

    def _compute_allocation(self):
        Partner = self.env["res.partner"]
        groups = Partner._read_group(
            Partner._get_planning_customer_domain(),
            ["customer_tier_id"],
            ["__count", "current_value:sum", "potential_value:sum"],
        )
        stats = {tier.id: (count, cur, pot) for tier, count, cur, pot in groups}
        total_count = sum(s[0] for s in stats.values()) or 1
        total_value = sum(s[1] for s in stats.values()) or 1.0
        for tier in self:
            count, current, potential = stats.get(tier.id, (0, 0.0, 0.0))
            tier.customer_count = count
            tier.customer_percent = 100.0 * count / total_count
            tier.current_value_total = current
            tier.value_percent = 100.0 * current / total_value
            tier.potential_value_total = potential

    @api.constrains(
        "min_current_value",
        "min_potential_value",
        "capacity",
        "target_share",
        "target_amount",
    )
    def _check_values(self):
        for tier in self:
            if min(tier.min_current_value, tier.min_potential_value) < 0:
                raise ValidationError(
                    self.env._(
                        "The thresholds of tier %(tier)s cannot be negative.",
                        tier=tier.name,
                    )
                )
            if tier.capacity < 0:
                raise ValidationError(
                    self.env._(
                        "The capacity of tier %(tier)s cannot be negative.",
                        tier=tier.name,
                    )
                )
            if not 0 <= tier.target_share <= 100 or tier.target_amount < 0:
                raise ValidationError(
                    self.env._(
                        "The target of tier %(tier)s must be a share between 0 and "
                        "100%% or a positive amount.",
                        tier=tier.name,
                    )
                )

    @api.constrains(*CLASSIFICATION_FIELDS)
    def _check_pyramid(self):
        """A tier higher in the pyramid may not ask less than one below it."""
        domain = [("company_id", "in", self.company_id.ids)]
        if not all(tier.company_id for tier in self):
            domain = ["|", ("company_id", "=", False)] + domain
        for _company, tiers in self.search(domain).grouped("company_id").items():
            ordered = tiers.sorted(lambda t: (t.sequence, t.id))
            for upper, lower in zip(ordered, ordered[1:], strict=False):
                if (
                    upper.min_current_value < lower.min_current_value
                    or upper.min_potential_value < lower.min_potential_value
                ):
                    raise ValidationError(
                        self.env._(
                            "Tier %(upper)s ranks above tier %(lower)s but asks for "
                            "lower values: the pyramid would be inverted. Raise the "
                            "thresholds of %(upper)s or lower those of %(lower)s.",
                            upper=upper.name,
                            lower=lower.name,
                        )
                    )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tiers = super().create(vals_list)
        tiers._invalidate_classification()
        return tiers

    def write(self, vals):
        res = super().write(vals)
        if CLASSIFICATION_FIELDS & vals.keys():
            self._invalidate_classification()
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _invalidate_classification(self):
        """Thresholds changed: every customer is classified again by the next run
        of the recompute job, which is triggered now."""
        self.env["res.partner"]._planning_mark_stale()
        cron = self.env.ref(
            "crm_customer_planning.ir_cron_recompute_customer_values",
            raise_if_not_found=False,
        )
        if cron:
            cron.sudo()._trigger()

    @api.model
    def _get_classification_table(self):
        """Active tiers as plain tuples, top of the pyramid first, by company:
        ``{company_id: [(tier_id, min_current, min_potential, threshold_logic)]}``.
        Key ``False`` holds the tiers shared by companies that have none of their own.
        """
        table = {}
        for tier in self.sudo().search([]):
            table.setdefault(tier.company_id.id, []).append(
                (
                    tier.id,
                    tier.min_current_value,
                    tier.min_potential_value,
                    tier.threshold_logic,
                )
            )
        return table

    def action_view_customers(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_planning.res_partner_action_planning"
        )
        action["domain"] = [("customer_tier_id", "=", self.id)]
        return action
