# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The account plan as a record (customer.account.plan, 客户规划, issue 18): one
per Major or Named customer and period (a year or a quarter), with its owner,
status, review date and objectives (``customer_account_plan_objective.py``),
which the action items of the five aspects (DOMAIN §8) link to. Its PDF is built
by ``report/report_account_plan_record.py``."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .planning_rules import PLAN_PERIOD_TYPES, period_days

PLAN_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("review", "In Review"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# Plans that hold their customer's period: a cancelled one frees it.
PLAN_LIVE_STATES = ("draft", "active", "review", "done")
# Plans whose review a manager follows.
PLAN_REVIEW_STATES = ("active", "review")


class CustomerAccountPlan(models.Model):
    _name = "customer.account.plan"
    _description = "Account Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.planning.input.mixin"]
    _order = "date_start desc, name, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="cascade",
        check_company=True,
        domain="[('parent_id', '=', False), ('is_company', '=', True)]",
        help="A Major or Named customer (a tier whose target is a share of wallet).",
    )
    customer_tier_id = fields.Many2one(
        related="partner_id.customer_tier_id", store=True, string="Tier"
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        "Owner",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
        help="Who answers for the plan: by default the customer's salesperson.",
    )

    # Period
    period_type = fields.Selection(
        PLAN_PERIOD_TYPES, "Period", required=True, default="year", tracking=True
    )
    date_start = fields.Date(
        "Start",
        required=True,
        default=lambda self: self._default_date_start(),
        tracking=True,
        help="Any day of the period: the plan starts on the first day of its "
        "year or quarter.",
    )
    date_end = fields.Date("End", compute="_compute_date_end", store=True)
    date_review = fields.Date(
        "Review Date",
        compute="_compute_date_review",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="When the plan is next reviewed with the manager: by default the "
        "end of the plan's first quarter; each review moves it to the end of the "
        "next quarter of the period.",
    )
    review_due = fields.Boolean(
        "Due for Review",
        compute="_compute_review_due",
        search="_search_review_due",
        help="Active or in review, with a review date in the current quarter or "
        "before it (quarters of the company's calendar).",
    )

    state = fields.Selection(
        PLAN_STATES,
        "Status",
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        index=True,
        group_expand=True,
    )
    objective_ids = fields.One2many(
        "customer.account.plan.objective", "plan_id", "Objectives", copy=True
    )
    action_item_ids = fields.One2many(
        "customer.action.item", "account_plan_id", "Action Items"
    )
    action_item_count = fields.Integer(compute="_compute_action_item_count")
    progress = fields.Float(
        "Progress (%)",
        compute="_compute_progress",
        store=True,
        aggregator="avg",
        help="The share of the plan's objectives marked done.",
    )
    achieved = fields.Float(
        "Achieved (%)",
        compute="_compute_achieved",
        help="The average of the objectives' achievement, each counted up to 100 %.",
    )
    strategy = fields.Html(help="The plan in words: where we stand, where we go.")
    color = fields.Integer()

    # ------------------------------------------------------------
    # DEFAULTS AND COMPUTES
    # ------------------------------------------------------------

    def _default_date_start(self):
        return period_days("year", self.env.company._planning_today())[0]

    @api.depends("partner_id")
    def _compute_company_id(self):
        for plan in self:
            plan.company_id = (
                plan.partner_id.company_id or plan.company_id or self.env.company
            )

    @api.depends("partner_id")
    def _compute_user_id(self):
        for plan in self:
            plan.user_id = plan.partner_id.user_id or plan.user_id or self.env.user

    @api.depends("period_type", "date_start")
    def _compute_date_end(self):
        for plan in self:
            plan.date_end = (
                plan.date_start and period_days(plan.period_type, plan.date_start)[1]
            )

    @api.depends("period_type", "date_start")
    def _compute_date_review(self):
        for plan in self:
            plan.date_review = (
                plan.date_start and period_days("quarter", plan.date_start)[1]
            )

    @api.depends("date_start", "period_type", "partner_id.name")
    def _compute_name(self):
        for plan in self:
            if not plan.date_start:
                plan.name = plan.partner_id.name or ""
                continue
            period = str(plan.date_start.year)
            if plan.period_type == "quarter":
                period += f" Q{(plan.date_start.month - 1) // 3 + 1}"
            plan.name = f"{period} · {plan.partner_id.name or ''}"

    @api.depends_context("tz", "uid")
    @api.depends("state", "date_review")
    def _compute_review_due(self):
        quarter_end = self._get_review_quarter_end()
        for plan in self:
            plan.review_due = bool(
                plan.state in PLAN_REVIEW_STATES
                and plan.date_review
                and plan.date_review <= quarter_end
            )

    def _search_review_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Due for Review."))
        domain = [
            ("state", "in", PLAN_REVIEW_STATES),
            ("date_review", "<=", self._get_review_quarter_end()),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.depends("objective_ids.done")
    def _compute_progress(self):
        for plan in self:
            objectives = plan.objective_ids
            plan.progress = (
                100.0 * len(objectives.filtered("done")) / len(objectives)
                if objectives
                else 0.0
            )

    @api.depends("objective_ids.achieved")
    def _compute_achieved(self):
        for plan in self:
            objectives = plan.objective_ids
            plan.achieved = (
                sum(min(o.achieved, 100.0) for o in objectives) / len(objectives)
                if objectives
                else 0.0
            )

    def _compute_action_item_count(self):
        counts = dict(
            self.env["customer.action.item"]._read_group(
                [("account_plan_id", "in", self.ids)],
                ["account_plan_id"],
                ["__count"],
            )
        )
        for plan in self:
            plan.action_item_count = counts.get(plan, 0)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("partner_id")
    def _check_customer_tier(self):
        tiers = self._get_plan_tiers()
        for plan in self:
            partner = plan.partner_id
            if partner.commercial_partner_id != partner:
                raise ValidationError(
                    self.env._(
                        "An account plan is made for the customer company, not for "
                        "its contact “%(contact)s”.",
                        contact=partner.display_name,
                    )
                )
            if partner.customer_tier_id not in tiers:
                raise ValidationError(
                    self.env._(
                        "“%(customer)s” is a customer of tier “%(tier)s”: account "
                        "plans are made for Major and Named accounts only.",
                        customer=partner.display_name,
                        tier=partner.customer_tier_id.name
                        or self.env._("Not classified"),
                    )
                )

    @api.constrains("partner_id", "company_id", "period_type", "date_start", "state")
    def _check_period_free(self):
        """One plan a customer and period in a company: a second plan for the
        same period, or for a period that overlaps it (a quarter of a year that
        has a plan), is refused. Cancelled plans free their period. One query
        for all the plans checked."""
        plans = self.filtered(lambda p: p.state in PLAN_LIVE_STATES)
        if not plans:
            return
        # Every plan of these customers, also those the user may not read.
        others = self.sudo().search(
            [
                ("partner_id", "in", plans.partner_id.ids),
                ("state", "in", PLAN_LIVE_STATES),
                ("date_start", "<=", max(plans.mapped("date_end"))),
                ("date_end", ">=", min(plans.mapped("date_start"))),
            ]
        )
        for plan in plans:
            for other in others:
                if (
                    other != plan
                    and other.partner_id == plan.partner_id
                    and other.company_id == plan.company_id
                    and other.date_start <= plan.date_end
                    and plan.date_start <= other.date_end
                ):
                    if (other.period_type, other.date_start) == (
                        plan.period_type,
                        plan.date_start,
                    ):
                        message = self.env._(
                            "“%(customer)s” already has an account plan for this "
                            "period: “%(plan)s”.",
                            customer=plan.partner_id.display_name,
                            plan=other.name,
                        )
                    else:
                        message = self.env._(
                            "The period of “%(plan)s” overlaps the account plan "
                            "“%(other)s” of the same customer: a customer has one "
                            "plan at a time.",
                            plan=plan.name,
                            other=other.name,
                        )
                    raise ValidationError(message)

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._snap_period(vals)
        return super().create(vals_list)

    def write(self, vals):
        if "date_start" in vals or "period_type" in vals:
            for plan in self:
                plan_vals = dict(vals)
                plan_vals.setdefault("period_type", plan.period_type)
                plan_vals.setdefault("date_start", plan.date_start)
                self._snap_period(plan_vals)
                super(CustomerAccountPlan, plan).write(plan_vals)
            return True
        return super().write(vals)

    @api.model
    def _snap_period(self, vals):
        """A plan starts on the first day of its year or quarter."""
        if vals.get("date_start"):
            day = fields.Date.to_date(vals["date_start"])
            kind = vals.get("period_type") or "year"
            if kind in dict(PLAN_PERIOD_TYPES):
                vals["date_start"] = period_days(kind, day)[0]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_activate(self):
        """Draft → active, or back to active after a review: the next review
        comes at the end of the following quarter."""
        self._check_state_change(("draft", "review"), "active")
        for plan in self:
            if not plan.objective_ids:
                raise UserError(
                    self.env._(
                        "Give “%(plan)s” at least one objective before activating it.",
                        plan=plan.name,
                    )
                )
        reviewed = self.filtered(lambda p: p.state == "review")
        for plan in reviewed:
            plan.date_review = plan._get_next_review_date()
        self.write({"state": "active"})
        return True

    def action_review(self):
        self._check_state_change(("active",), "review")
        self.write({"state": "review"})
        return True

    def action_done(self):
        self._check_state_change(("active", "review"), "done")
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        self._check_state_change(("draft", "active", "review"), "cancelled")
        self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        self._check_state_change(("cancelled",), "draft")
        self.write({"state": "draft"})
        return True

    def action_view_action_items(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_planning.customer_action_item_action"
        )
        action["domain"] = [("account_plan_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action

    def action_plan_next_period(self):
        """The list's buttons (managers): a draft plan for next year (or next
        quarter, context ``plan_period_type``) for every Major and Named
        customer of the current company that has none for it yet; running it
        again adds nothing. The selected lines, if any, do not matter."""
        period_type = self.env.context.get("plan_period_type") or "year"
        if period_type not in dict(PLAN_PERIOD_TYPES):
            raise UserError(self.env._("Plans are made for a year or a quarter only."))
        if not self.env.user.has_group(
            "crm_customer_planning.group_customer_planning_manager"
        ):
            raise AccessError(
                self.env._("Only Customer Planning managers plan for all customers.")
            )
        plans = self._create_next_period_plans(period_type)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if plans else "info",
                "message": self.env._(
                    "%(count)s account plans created for %(period)s.",
                    count=len(plans),
                    period=plans[:1].name.split(" · ")[0]
                    if plans
                    else self.env._("the next period"),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_print(self):
        return self.env.ref(
            "crm_customer_planning.action_report_account_plan_record"
        ).report_action(self)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_plan_tiers(self):
        """The tiers whose customers get account plans: Major and Named, the
        tiers that pursue a share of wallet (DOMAIN §2). Override to change."""
        return (
            self.env["customer.tier"]
            .with_context(active_test=False)
            .search([("target_type", "=", "share")])
        )

    @api.model
    def _create_next_period_plans(self, period_type="year"):
        """Draft plans for the period after the current one (``period_type``)
        for the Major and Named customers of the current company without a
        plan overlapping it: one search for the customers, one for the plans
        in the way, one batched create. Returns the new plans."""
        today = self.env.company._planning_today()
        start = period_days(period_type, today)[1] + timedelta(days=1)
        end = period_days(period_type, start)[1]
        company = self.env.company
        customers = self.env["res.partner"].search(
            [
                ("customer_tier_id", "in", self._get_plan_tiers().ids),
                ("parent_id", "=", False),
                ("company_id", "in", (company.id, False)),
            ]
        )
        taken = (
            self.sudo()
            .search(
                [
                    ("partner_id", "in", customers.ids),
                    ("company_id", "=", company.id),
                    ("state", "in", PLAN_LIVE_STATES),
                    ("date_start", "<=", end),
                    ("date_end", ">=", start),
                ]
            )
            .partner_id
        )
        return self.create(
            [
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "period_type": period_type,
                    "date_start": start,
                }
                for customer in customers - taken
            ]
        )

    def _get_review_quarter_end(self):
        """The last day of the current quarter, in the company's calendar."""
        return period_days("quarter", self.env.company._planning_today())[1]

    def _get_next_review_date(self):
        """The end of the quarter after the current review date, within the
        plan's period."""
        self.ensure_one()
        start = (self.date_review or self.date_start) + timedelta(days=1)
        return min(period_days("quarter", start)[1], self.date_end)

    def _check_state_change(self, allowed, target):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for plan in self:
            if plan.state not in allowed:
                raise UserError(
                    self.env._(
                        "“%(plan)s” is %(state)s: it cannot become %(target)s.",
                        plan=plan.name,
                        state=labels[plan.state],
                        target=labels[target],
                    )
                )
