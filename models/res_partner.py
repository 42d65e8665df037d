# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .planning_rules import (
    ATTITUDES,
    DIGEST_LINES,
    DONE_STATES,
    VALUE_QUADRANTS,
    classify,
    value_quadrant,
)

# Columns written by the set-based recompute only (never by a user).
PLANNING_COMPUTED_FIELDS = {
    "current_value",
    "share_of_wallet",
    "value_quadrant",
    "customer_tier_id",
    "customer_tier_manual",
    "planning_values_date",
}
ADMINISTRATIVE_LEVELS = [
    ("top", "Top Management"),
    ("senior", "Senior Management"),
    ("middle", "Middle Management"),
    ("staff", "Staff"),
]
DEFAULT_BATCH_SIZE = 10000
# The recompute job's cursor (customer.planning.job).
RECOMPUTE_JOB = "recompute_customer_values"
# How many of the last visits done an account plan lists.
ACCOUNT_PLAN_VISITS = 5


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

    def init(self):
        res = super().init()
        cr = self.env.cr
        # Replaced by the recompute job's keyset cursor (customer.planning.job).
        cr.execute("DROP INDEX IF EXISTS res_partner_planning_stale_idx")
        # The customers whose values were never computed, which the recompute
        # job takes after its pass: a small index, whatever the number of
        # customers.
        tools.create_index(
            cr,
            "res_partner_planning_new_idx",
            self._table,
            ["id"],
            where="planning_values_date IS NULL AND parent_id IS NULL AND active",
        )
        return res

    @api.depends(
        "followup_ids.state",
        "followup_ids.date_planned",
        "followup_ids.date_closed",
        "followup_ids.satisfaction",
    )
    @api.depends_context("uid")
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
            year_start = fields.Date.context_today(self).replace(month=1, day=1)
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

    @api.depends("user_id", "customer_tier_id")
    def _compute_planning_capacity_warning(self):
        load = self._get_owner_tier_load(self.user_id)
        for partner in self:
            tier = partner.customer_tier_id
            count = load.get((partner.user_id.id, tier.id), 0)
            if partner.user_id and tier.capacity and count > tier.capacity:
                partner.planning_capacity_warning = self.env._(
                    "%(owner)s covers %(count)s %(tier)s accounts, more than the "
                    "%(capacity)s one salesperson can serve.",
                    owner=partner.user_id.name,
                    count=count,
                    tier=tier.name,
                    capacity=tier.capacity,
                )
            else:
                partner.planning_capacity_warning = False

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

    @api.model
    def _planning_scope_sql(self):
        """SQL condition on ``res_partner AS p`` selecting the partners the
        recompute classifies: active commercial entities that are neither one of
        our companies, nor a user, nor a competitor."""
        return """
            p.parent_id IS NULL AND p.active
            AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
            AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
            AND p.is_competitor IS NOT TRUE
        """

    @api.model
    def _planning_customer_ids(self, after_id, limit, never_computed=False):
        """The ids of the next ``limit`` customers the recompute classifies,
        after customer ``after_id``, in id order (``never_computed``: only
        those whose values were never computed): a range scan of an index,
        however many customers there are. Every batched job over the customers
        starts here: its statements probe indexes for the batch's customers,
        for which PostgreSQL's JIT compilation (set off by their large
        estimated costs on big tables) costs more than it saves (about 0.1 s a
        statement, measured at a million customers), so it is turned off for
        the rest of the batch's transaction."""
        self.env.cr.execute("SET LOCAL jit = off")
        new_only = "AND p.planning_values_date IS NULL" if never_computed else ""
        self.env.cr.execute(
            f"""
            SELECT p.id FROM res_partner p
             WHERE {self._planning_scope_sql()} AND p.id > %s {new_only}
             ORDER BY p.id LIMIT %s
            """,  # noqa: S608  (only constant SQL is formatted in)
            [after_id, limit],
        )
        return [row[0] for row in self.env.cr.fetchall()]

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
    def _planning_current_values(self, partner_ids, date_from, date_to=None):
        """Our sales to each commercial partner from ``date_from`` (included) to
        ``date_to`` (excluded, default: no end): ``{partner_id: amount}``. The one
        place that says where current value comes from; override it to add a
        source."""
        cr = self.env.cr
        self.env["crm.lead"].flush_model(
            ["partner_id", "expected_revenue", "probability", "active", "date_closed"]
        )
        self.flush_model(["commercial_partner_id"])
        won_filter = ""
        if "sale.order" in self.env and "opportunity_id" in self.env["sale.order"]:
            # With sale_crm, an opportunity's confirmed orders already count.
            won_filter = """AND NOT EXISTS (
                SELECT 1 FROM sale_order so
                WHERE so.opportunity_id = l.id AND so.state = 'sale')"""
        cr.execute(
            f"""
            SELECT p.commercial_partner_id, SUM(l.expected_revenue)
              FROM crm_lead l
              JOIN res_partner p ON p.id = l.partner_id
             WHERE p.commercial_partner_id = ANY(%s)
               AND l.active AND l.probability = 100
               AND l.date_closed >= %s
               AND (%s IS NULL OR l.date_closed < %s)
               {won_filter}
             GROUP BY p.commercial_partner_id
            """,  # noqa: S608  (no value is formatted into the query)
            [partner_ids, date_from, date_to, date_to],
        )
        values = defaultdict(float, cr.fetchall())
        if "sale.order" in self.env:
            cr.execute(
                """
                SELECT p.commercial_partner_id, SUM(so.amount_untaxed
                       / COALESCE(NULLIF(so.currency_rate, 0), 1))
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE p.commercial_partner_id = ANY(%s)
                   AND so.state = 'sale' AND so.date_order >= %s
                   AND (%s IS NULL OR so.date_order < %s)
                 GROUP BY p.commercial_partner_id
                """,
                [partner_ids, date_from, date_to, date_to],
            )
            for partner_id, amount in cr.fetchall():
                values[partner_id] += amount
        return values

    def _planning_recompute_values(self, today=None, change_reason=None):
        """Current value, share of wallet, value type and tier of the commercial
        partners in ``self``, set-based: a fixed number of queries whatever the
        number of partners. The cron, the button and a change of potential all
        come here."""
        if not self:
            return
        self.flush_model(
            [
                "potential_value",
                "company_id",
                "customer_tier_id",
                "customer_tier_manual",
            ]
        )
        cr = self.env.cr
        today = today or fields.Date.context_today(self)
        current_values = self._planning_current_values(
            self.ids, today - relativedelta(years=1)
        )
        cr.execute(
            """
            SELECT id, company_id, potential_value, customer_tier_id,
                   customer_tier_manual
              FROM res_partner
             WHERE id = ANY(%s) AND parent_id IS NULL
               AND is_competitor IS NOT TRUE
            """,
            [self.ids],
        )
        rows = cr.fetchall()
        tiers = self.env["customer.tier"]._get_classification_table()
        thresholds = self.env["res.company"]._get_value_thresholds()
        default_company = self.env.company.id
        columns = defaultdict(list)
        changes = []
        for partner_id, company_id, potential, old_tier, manual in rows:
            current = current_values.get(partner_id, 0.0)
            potential = potential or 0.0
            company_id = company_id or default_company
            tier = old_tier
            if not manual:
                tier = classify(
                    tiers.get(company_id) or tiers.get(False, []), current, potential
                )
            if tier != old_tier:
                changes.append((partner_id, old_tier, tier))
            columns["id"].append(partner_id)
            columns["current"].append(current)
            columns["share"].append(
                min(100.0 * current / potential, 999.99) if potential else 0.0
            )
            columns["quadrant"].append(
                value_quadrant(
                    current,
                    potential,
                    *thresholds.get(company_id, thresholds[default_company]),
                )
            )
            columns["tier"].append(tier or None)
        # Only the customers whose figures change are written: most customers'
        # trailing 12-month value does not move from one night to the next,
        # and every row written is an update of each of res_partner's indexes.
        cr.execute(
            """
            UPDATE res_partner p
               SET current_value = v.current_value,
                   share_of_wallet = v.share_of_wallet,
                   value_quadrant = v.value_quadrant,
                   customer_tier_id = v.tier_id,
                   planning_values_date = %s,
                   write_date = NOW() AT TIME ZONE 'UTC'
              FROM unnest(%s::int[], %s::numeric[], %s::numeric[], %s::varchar[],
                          %s::int[])
                   AS v(id, current_value, share_of_wallet, value_quadrant, tier_id)
             WHERE p.id = v.id
               AND (p.planning_values_date IS NULL
                    OR p.current_value IS DISTINCT FROM v.current_value
                    OR p.share_of_wallet IS DISTINCT FROM v.share_of_wallet
                    OR p.value_quadrant IS DISTINCT FROM v.value_quadrant
                    OR p.customer_tier_id IS DISTINCT FROM v.tier_id)
            """,
            [
                today,
                columns["id"],
                columns["current"],
                columns["share"],
                columns["quadrant"],
                columns["tier"],
            ],
        )
        self.invalidate_model(PLANNING_COMPUTED_FIELDS | {"write_date"})
        self._planning_log_tier_changes(changes, change_reason, "auto")

    @api.model
    def _planning_log_tier_changes(self, changes, reason, change_type):
        """Keep each change ``(partner_id, old_tier_id, new_tier_id)`` in the
        history, in one statement, and tell the account owners of the customers
        that moved (a first classification is no move)."""
        if not changes:
            return
        partner_ids, old_ids, new_ids = (
            list(column) for column in zip(*changes, strict=True)
        )
        self.env["customer.tier.history"].flush_model()
        self.env.cr.execute(
            """
            INSERT INTO customer_tier_history
                   (partner_id, company_id, date, old_tier_id, new_tier_id,
                    change_type, reason, user_id,
                    create_uid, create_date, write_uid, write_date)
            SELECT c.partner_id, p.company_id, NOW() AT TIME ZONE 'UTC',
                   c.old_tier_id, c.new_tier_id, %(type)s, %(reason)s, %(uid)s,
                   %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM unnest(%(partners)s::int[], %(old)s::int[], %(new)s::int[])
                   AS c(partner_id, old_tier_id, new_tier_id)
              JOIN res_partner p ON p.id = c.partner_id
            """,
            {
                "type": change_type,
                "reason": reason or None,
                "uid": self.env.uid,
                "partners": partner_ids,
                "old": [old or None for old in old_ids],
                "new": [new or None for new in new_ids],
            },
        )
        self.invalidate_model(["customer_tier_history_ids"])
        self._planning_tier_changed_depth(changes)
        moves = [change for change in changes if change[1]]
        if moves:
            self._planning_notify_owners(moves)

    @api.model
    def _planning_tier_changed_depth(self, changes):
        """The qualification depth of a customer's opportunities follows its
        tier (``crm.lead._get_qualification_depth``): a customer without tier
        is screened like one of a full-depth tier, and only deals from the
        company's full-check size on can change depth. Have the verdicts of
        those computed again."""
        tiers = self.env["customer.tier"].browse(
            {tier for _pid, old, new in changes for tier in (old, new) if tier}
        )
        depth = {tier.id: tier.qualification_depth for tier in tiers}
        partner_ids = [
            partner_id
            for partner_id, old, new in changes
            if depth.get(old, "full") != depth.get(new, "full")
        ]
        if partner_ids:
            smallest_full_deal = min(
                self.env["res.company"]
                .sudo()
                .search([])
                .mapped("qualification_full_deal_size"),
                default=0.0,
            )
            self.env["crm.lead"]._qualification_invalidate(
                partners=self.browse(partner_ids),
                domain=[("expected_revenue", ">=", smallest_full_deal)],
            )

    def _planning_unclassify_competitors(self):
        """A partner marked as competitor leaves the customer pyramid."""
        classified = self.filtered(lambda p: p.customer_tier_id and not p.parent_id)
        if not classified:
            return
        changes = [
            (partner.id, partner.customer_tier_id.id, False) for partner in classified
        ]
        classified.sudo().with_context(planning_internal_write=True).write(
            {
                "customer_tier_id": False,
                "customer_tier_manual": False,
                "value_quadrant": False,
            }
        )
        self._planning_log_tier_changes(
            changes, self.env._("Marked as competitor"), "auto"
        )

    @api.model
    def _planning_notify_owners(self, moves):
        """One digest per account owner listing their customers that moved."""
        # Records of one recordset share their prefetching: no query per move.
        partners = self.browse([partner_id for partner_id, _old, _new in moves])
        tiers = self.env["customer.tier"].browse(
            {tier for _pid, old, new in moves for tier in (old, new) if tier}
        )
        tier_by_id = {tier.id: tier for tier in tiers}
        no_tier = self.env["customer.tier"]
        by_owner = defaultdict(list)
        for partner, (_pid, old, new) in zip(partners, moves, strict=True):
            if partner.user_id and partner.user_id != self.env.user:
                by_owner[partner.user_id].append(
                    (
                        partner,
                        tier_by_id.get(old, no_tier),
                        tier_by_id.get(new, no_tier),
                    )
                )
        for owner, owner_moves in by_owner.items():
            self._planning_notify_owner(owner, owner_moves)

    @api.model
    def _planning_notify_owner(self, owner, moves):
        owner_env = owner.with_context(lang=owner.lang).env
        lines = Markup().join(
            Markup("<li>%s: %s → %s</li>")
            % (
                partner.display_name,
                old.with_env(owner_env).name or "—",
                new.with_env(owner_env).name or "—",
            )
            for partner, old, new in moves[:DIGEST_LINES]
        )
        more = ""
        if len(moves) > DIGEST_LINES:
            more = owner_env._("… and %(count)s more.", count=len(moves) - DIGEST_LINES)
        intro = owner_env._(
            "The tier of %(count)s of your customers changed. Review their coverage "
            "and plans:",
            count=len(moves),
        )
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=owner.partner_id.ids,
            subject=owner_env._("Customer tiers changed"),
            body=Markup("<p>%s</p><ul>%s</ul><p>%s</p>") % (intro, lines, more),
            subtype_xmlid="mail.mt_note",
            email_layout_xmlid="mail.mail_notification_light",
        )

    @api.model
    def _planning_mark_stale(self):
        """Have the next recompute run check every customer again (a new
        pass), even if today's pass is over."""
        self.env["customer.planning.job"]._lock(RECOMPUTE_JOB)._restart()

    @api.model
    def _planning_recompute_all(self):
        """Classify every customer again now, batch after batch, in this
        transaction (demo data, upgrades, a shell); the cron spreads the same work
        over transactions."""
        self._planning_mark_stale()
        while True:
            done, remaining = self._cron_recompute_customer_values()
            if not (done and remaining):
                return

    @api.model
    def _get_owner_tier_load(self, owners):
        """``{(user_id, tier_id): number of accounts}`` for the given owners."""
        if not owners:
            return {}
        groups = self.sudo()._read_group(
            self._get_planning_customer_domain() + [("user_id", "in", owners.ids)],
            ["user_id", "customer_tier_id"],
            ["__count"],
        )
        return {(user.id, tier.id): count for user, tier, count in groups}

    @api.model
    def _cron_recompute_customer_values(self, batch_size=None):
        """One batch of the day's pass over the customers, in id order from the
        job's cursor, then the customers never computed (new since the pass
        went by); the cron runner calls again while some remain (progress API),
        each batch in its own transaction, so the job can be interrupted and
        run again. Once the day's pass is over, a further run does nothing."""
        batch_size = batch_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_customer_planning.recompute_batch_size", DEFAULT_BATCH_SIZE)
        )
        ids = self.env["customer.planning.job"]._todays_batch(RECOMPUTE_JOB, batch_size)
        if len(ids) < batch_size:
            # The pass is over or ends here: add the customers never computed
            # (made since the pass went by). At most len(ids) of them are in
            # the batch already, so a full batch's worth leaves enough others.
            in_batch = set(ids)
            ids += [
                partner_id
                for partner_id in self._planning_customer_ids(
                    0, batch_size, never_computed=True
                )
                if partner_id not in in_batch
            ][: batch_size - len(ids)]
        self.browse(ids)._planning_recompute_values()
        # Whether work is left is all the progress API needs: a full batch
        # may be followed by more, a short one ends the pass.
        remaining = int(len(ids) == batch_size)
        self.env["ir.cron"]._notify_progress(done=len(ids), remaining=remaining)
        return len(ids), remaining

    # Account plan (DOMAIN §1-§9 for one customer)

    def _get_account_plan_data(self):
        """Everything the account plan of each customer (commercial entity) of
        ``self`` shows, as plain values: ``{partner_id: {...}}``. Lines are read
        as the user may see them, a fixed number of queries whatever the number
        of customers and lines, so the report template only prints."""
        customers = self.commercial_partner_id
        plans = {
            customer.id: customer._get_account_plan_header() for customer in customers
        }
        if not customers:
            return plans
        for key, lines in (
            ("contacts", customers._get_account_plan_contacts()),
            ("competitors", customers._get_account_plan_competitors()),
            ("opportunities", customers._get_account_plan_opportunities()),
            ("action_items", customers._get_account_plan_action_items()),
            ("visits", customers._get_account_plan_visits()),
            ("complaints", customers._get_account_plan_complaints()),
        ):
            for partner_id, line in lines:
                plans[partner_id][key].append(line)
        return plans

    @api.model
    def _get_selection_labels(self, model, fname):
        field = self.env[model]._fields[fname]
        return dict(field._description_selection(self.env))

    def _get_account_plan_header(self):
        self.ensure_one()
        tier = self.customer_tier_id
        quadrants = self._get_selection_labels("res.partner", "value_quadrant")
        target_types = self._get_selection_labels("customer.tier", "target_type")
        return {
            "partner": self,
            "currency": self.planning_currency_id,
            "tier": tier.name or "",
            "tier_manual": self.customer_tier_manual,
            "coverage": self._get_selection_labels(
                "customer.tier", "coverage_model"
            ).get(tier.coverage_model, ""),
            "value_type": quadrants.get(self.value_quadrant, ""),
            "current_value": self.current_value,
            "potential_value": self.potential_value,
            "share_of_wallet": self.share_of_wallet,
            "target_type": tier.target_type or "",
            "target_type_label": target_types.get(tier.target_type, ""),
            "target_share": tier.target_share,
            "target_amount": tier.target_amount,
            "target_progress": self.planning_target_progress,
            "owner": self.user_id.name or "",
            "team": self.team_id.name or "",
            "values_date": self.planning_values_date,
            "contacts": [],
            "competitors": [],
            "opportunities": [],
            "action_items": [],
            "visits": [],
            "complaints": [],
        }

    def _get_account_plan_contacts(self):
        """The buying organisation: the customer's people, with their rank,
        purchasing role and attitude (DOMAIN §4)."""
        levels = self._get_selection_labels("res.partner", "administrative_level")
        attitudes = self._get_selection_labels("res.partner", "attitude")
        contacts = self.search(
            [
                ("commercial_partner_id", "in", self.ids),
                ("id", "not in", self.ids),
                ("is_company", "=", False),
                ("type", "=", "contact"),
            ],
            order="name, id",
        )
        return [
            (
                contact.commercial_partner_id.id,
                {
                    "name": contact.name or "",
                    "function": contact.function or "",
                    "level": levels.get(contact.administrative_level, ""),
                    "role": contact.purchasing_role_id.name or "",
                    "attitude": contact.attitude or "",
                    "attitude_label": attitudes.get(contact.attitude, ""),
                },
            )
            for contact in contacts
        ]

    def _get_account_plan_competitors(self):
        """The competitors met on the customer's opportunities, won, lost or
        open (DOMAIN §5)."""
        Competitor = self.env["crm.lead.competitor"]
        if not Competitor.has_access("read"):
            return []
        kinds = self._get_selection_labels("crm.lead.competitor", "kind")
        strategies = self._get_selection_labels("crm.lead.competitor", "strategy")
        outcomes = {
            "won": self.env._("Won"),
            "lost": self.env._("Lost"),
            "open": self.env._("Open"),
        }
        lines = Competitor.with_context(active_test=False).search(
            [("lead_id.partner_id.commercial_partner_id", "in", self.ids)],
            order="competitor_id, id",
        )
        result = []
        for line in lines:
            lead = line.lead_id
            if lead.active and lead.probability == 100:
                outcome = "won"
            elif not lead.active and not lead.probability:
                outcome = "lost"
            else:
                outcome = "open"
            result.append(
                (
                    lead.partner_id.commercial_partner_id.id,
                    {
                        "competitor": line.competitor_id.display_name or "",
                        "kind": kinds.get(line.kind, ""),
                        "opportunity": lead.name or "",
                        "outcome": outcome,
                        "outcome_label": outcomes[outcome],
                        "strategy": strategies.get(line.strategy, ""),
                        "strengths": line.strengths or "",
                        "weaknesses": line.weaknesses or "",
                    },
                )
            )
        return result

    def _get_account_plan_opportunities(self):
        """Open opportunities with the screening step they reached (DOMAIN §6)."""
        Lead = self.env["crm.lead"]
        if not Lead.has_access("read"):
            return []
        steps = self._get_selection_labels("crm.lead", "qualification_step")
        recommendations = self._get_selection_labels(
            "crm.lead", "qualification_recommendation"
        )
        leads = Lead.search(
            [
                ("partner_id.commercial_partner_id", "in", self.ids),
                ("type", "=", "opportunity"),
                ("probability", "<", 100),
            ],
            order="expected_revenue desc, id",
        )
        return [
            (
                lead.partner_id.commercial_partner_id.id,
                {
                    "name": lead.name or "",
                    "stage": lead.stage_id.name or "",
                    "expected_revenue": lead.expected_revenue,
                    "currency": lead.company_currency,
                    "owner": lead.user_id.name or "",
                    "step": steps.get(lead.qualification_step)
                    or self.env._("No step passed"),
                    "next_step": steps.get(lead.qualification_next_step, ""),
                    "recommendation": recommendations.get(
                        lead.qualification_recommendation, ""
                    ),
                    "deadline": lead.date_deadline,
                },
            )
            for lead in leads
        ]

    def _get_account_plan_action_items(self):
        """Open action items of the customer and its opportunities (DOMAIN §8)."""
        Item = self.env["customer.action.item"]
        if not Item.has_access("read"):
            return []
        categories = self._get_selection_labels("customer.action.item", "category")
        items = Item.search(
            [("partner_id", "in", self.ids), ("state", "=", "open")],
            order="date_deadline, id",
        )
        return [
            (
                item.partner_id.id,
                {
                    "name": item.name,
                    "category": categories.get(item.category, ""),
                    "deadline": item.date_deadline,
                    "owner": item.user_id.name or "",
                    # Shown as on the item's form, even where the
                    # opportunity itself is someone else's.
                    "opportunity": item.lead_id.sudo().name or "",
                },
            )
            for item in items
        ]

    def _get_account_plan_visits(self):
        """The last visits done for each customer (DOMAIN §9): one ranked query
        over the visits the user may see."""
        Followup = self.env["customer.followup"]
        if not Followup.has_access("read"):
            return []
        query = Followup._search(
            [("partner_id", "in", self.ids), ("state", "=", "done")]
        )
        table = query.table
        ranked = query.select(
            SQL.identifier(table, "id"),
            SQL(
                "ROW_NUMBER() OVER (PARTITION BY %s ORDER BY %s DESC, %s DESC) AS rank",
                SQL.identifier(table, "partner_id"),
                SQL.identifier(table, "date_closed"),
                SQL.identifier(table, "id"),
            ),
        )
        self.env.cr.execute(
            SQL(
                "SELECT id FROM (%s) AS ranked WHERE rank <= %s",
                ranked,
                ACCOUNT_PLAN_VISITS,
            )
        )
        visits = Followup.browse([row[0] for row in self.env.cr.fetchall()]).sorted(
            lambda v: (v.date_closed or v.date_planned, v.id), reverse=True
        )
        kinds = self._get_selection_labels("customer.followup", "kind")
        channels = self._get_selection_labels("customer.followup", "channel")
        levels = self._get_selection_labels("customer.followup", "satisfaction")
        return [
            (
                visit.partner_id.id,
                {
                    "date": visit.date_closed or visit.date_planned,
                    "subject": visit.name or kinds.get(visit.kind, ""),
                    "kind": kinds.get(visit.kind, ""),
                    "channel": channels.get(visit.channel, ""),
                    "owner": visit.user_id.name or "",
                    "satisfaction": levels.get(visit.satisfaction, ""),
                    "result": visit.result_notes or "",
                },
            )
            for visit in visits
        ]

    def _get_account_plan_complaints(self):
        """Complaints not closed yet (DOMAIN §9)."""
        Complaint = self.env["customer.complaint"]
        if not Complaint.has_access("read"):
            return []
        sla_states = self._get_selection_labels("customer.complaint", "sla_state")
        complaints = Complaint.search(
            [
                ("commercial_partner_id", "in", self.ids),
                ("state", "not in", DONE_STATES),
            ],
            order="date_received desc, id desc",
        )
        return [
            (
                complaint.commercial_partner_id.id,
                {
                    "reference": complaint.name,
                    "subject": complaint.subject,
                    "category": complaint.category_id.name or "",
                    "received": complaint.date_received,
                    "stage": complaint.stage_id.name or "",
                    "sla_state": complaint.sla_state or "",
                    "sla_label": sla_states.get(complaint.sla_state, ""),
                    "owner": complaint.first_responsible_id.name or "",
                },
            )
            for complaint in complaints
        ]
