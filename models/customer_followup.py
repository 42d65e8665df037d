# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The return visit record (customer.followup): its fields, computes, checks,
actions and its own business (next action, duplicates, complaint visits).
The jobs are in customer_followup_planning.py (care, missed visits, weekly mail) and
customer_followup_rule_planning.py (the rules' visits); the weekly figures in report/.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from .planning_rules import (
    FOLLOWUP_CHANNEL_HOURS,
    FOLLOWUP_CHANNELS,
    FOLLOWUP_KINDS,
    FOLLOWUP_MAX_HOURS,
    SATISFACTION_LEVELS,
    period_days,
)

FOLLOWUP_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("missed", "Missed"),
    ("cancelled", "Cancelled"),
]


class CustomerFollowup(models.Model):
    """A return visit or customer care action (DOMAIN §9, 回访制度)."""

    _name = "customer.followup"
    _description = "Return Visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.planning.input.mixin"]
    _order = "date_planned desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id", "contact_id"]

    name = fields.Char("Subject", tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    contact_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    kind = fields.Selection(
        FOLLOWUP_KINDS, required=True, default="routine", index=True, tracking=True
    )
    date_planned = fields.Date(
        "Planned Date",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.company._planning_today(),
    )
    date_closed = fields.Date(
        "Closed On",
        readonly=True,
        copy=False,
        help="The day the visit was done, marked missed or cancelled.",
    )
    user_id = fields.Many2one(
        "res.users",
        "Owner",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    channel = fields.Selection(
        FOLLOWUP_CHANNELS, required=True, default="phone", tracking=True
    )
    duration = fields.Float(
        "Time Spent (hours)",
        compute="_compute_duration",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        help="The time the visit took: the channel's usual time until the owner "
        "corrects it when recording the result. Counted among the resources of the "
        "80/20 analysis.",
    )
    state = fields.Selection(
        FOLLOWUP_STATES,
        required=True,
        default="planned",
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    result_notes = fields.Text("Result")
    satisfaction = fields.Selection(
        SATISFACTION_LEVELS,
        copy=False,
        tracking=True,
        help="The customer's satisfaction with our service, from 1 to 5.",
    )
    satisfaction_score = fields.Integer(
        compute="_compute_satisfaction_score",
        store=True,
        aggregator="avg",
        help="The satisfaction as a number, for averages (0 when not rated).",
    )
    next_action = fields.Char(
        copy=False,
        help="What to do next; marking the visit done schedules it as a new visit.",
    )
    next_action_date = fields.Date(copy=False)
    next_followup_id = fields.Many2one(
        "customer.followup",
        "Next Visit",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
    )
    rule_id = fields.Many2one(
        "customer.followup.rule",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The return visit rule that planned this visit.",
    )
    lead_id = fields.Many2one(
        "crm.lead",
        "Delivered Project",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The won opportunity (delivered project) this after-sale visit is "
        "for: each project is visited on its own cadence.",
    )
    complaint_id = fields.Many2one(
        "customer.complaint",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        help="The complaint this return visit checks the measures of.",
    )
    campaign_key = fields.Char(
        readonly=True,
        copy=False,
        help="Identifies the care campaign occurrence (birthday, holiday, survey, "
        "retention) so that a re-run never creates the same visit twice.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    gift_budget = fields.Monetary(
        currency_field="currency_id",
        help="The New-Year gift of the December visit: the budget of the "
        "customer's tier when the visit was planned.",
    )
    customer_tier_id = fields.Many2one(
        related="partner_id.customer_tier_id", string="Customer Tier"
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Still planned, and its date is past.",
    )
    is_due_today = fields.Boolean(
        "Due Today",
        compute="_compute_is_due_today",
        search="_search_is_due_today",
        help="Planned for today, in the user's time zone (else the company "
        "calendar's).",
    )

    is_due_this_week = fields.Boolean(
        "Due This Week",
        compute="_compute_is_due_this_week",
        search="_search_is_due_this_week",
        help="Planned for a day of this week (Monday to Sunday), in the user's "
        "time zone (else the company calendar's).",
    )

    @api.depends("channel")
    def _compute_duration(self):
        for followup in self:
            followup.duration = FOLLOWUP_CHANNEL_HOURS.get(followup.channel, 0.0)

    @api.constrains("duration")
    def _check_duration(self):
        for followup in self:
            if not 0 <= followup.duration <= FOLLOWUP_MAX_HOURS:
                raise ValidationError(
                    self.env._(
                        "The time spent on a visit is between 0 and %(max)s hours, "
                        "not %(hours)s.",
                        max=FOLLOWUP_MAX_HOURS,
                        hours=followup.duration,
                    )
                )

    @api.depends("satisfaction")
    def _compute_satisfaction_score(self):
        for followup in self:
            followup.satisfaction_score = int(followup.satisfaction or 0)

    @api.depends("state", "date_planned")
    @api.depends_context("tz", "uid", "company")
    def _compute_is_overdue(self):
        today = self.env.company._planning_today()
        for followup in self:
            followup.is_overdue = bool(
                followup.state == "planned"
                and followup.date_planned
                and followup.date_planned < today
            )

    def _search_is_overdue(self, operator, value):
        return self._search_planned_on(operator, value, "<")

    @api.depends("state", "date_planned")
    @api.depends_context("tz", "uid", "company")
    def _compute_is_due_today(self):
        today = self.env.company._planning_today()
        for followup in self:
            followup.is_due_today = (
                followup.state == "planned" and followup.date_planned == today
            )

    def _search_is_due_today(self, operator, value):
        return self._search_planned_on(operator, value, "=")

    @api.depends("state", "date_planned")
    @api.depends_context("tz", "uid", "company")
    def _compute_is_due_this_week(self):
        monday, sunday = period_days("week", self.env.company._planning_today())
        for followup in self:
            followup.is_due_this_week = bool(
                followup.state == "planned"
                and followup.date_planned
                and monday <= followup.date_planned <= sunday
            )

    def _search_is_due_this_week(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search the visits due this week with = or !=."))
        monday, sunday = period_days("week", self.env.company._planning_today())
        domain = [
            ("state", "=", "planned"),
            ("date_planned", ">=", monday),
            ("date_planned", "<=", sunday),
        ]
        if (operator == "=") != value:
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    @api.model
    def _search_planned_on(self, operator, value, comparison):
        """Planned visits whose date compares to the user's today (the day of
        their time zone, or of the company's calendar; never the server's UTC
        day) by ``comparison``: the searchable twin of ``is_overdue`` ("<")
        and ``is_due_today`` ("=")."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("Search the visits due today or overdue with = or !=.")
            )
        today = self.env.company._planning_today()
        domain = [("state", "=", "planned"), ("date_planned", comparison, today)]
        if (operator == "=") != value:
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    @api.depends("name", "kind", "partner_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for followup in self:
            followup.display_name = self.env._(
                "%(customer)s: %(subject)s",
                customer=followup.partner_id.display_name or "",
                subject=followup.name or kinds.get(followup.kind, ""),
            )

    @api.constrains("date_planned", "next_action_date")
    def _check_next_action_date(self):
        for followup in self:
            if (
                followup.next_action_date
                and followup.date_planned
                and followup.next_action_date < followup.date_planned
            ):
                raise ValidationError(
                    self.env._(
                        "The next action of %(visit)s cannot come before the visit "
                        "itself (%(date)s).",
                        visit=followup.display_name,
                        date=followup.date_planned,
                    )
                )

    def init(self):
        """At most one planned visit per customer, rule and delivered project
        (none for the tier rules), and one visit per customer and care campaign
        occurrence: the generators insert with ``ON CONFLICT DO NOTHING``
        against these indexes."""
        cr = self.env.cr
        # Before projects had visits of their own, the index was per customer
        # and rule.
        cr.execute("DROP INDEX IF EXISTS customer_followup_planned_rule_uniq")
        cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS customer_followup_planned_rule_lead_uniq
                ON customer_followup (partner_id, rule_id, COALESCE(lead_id, 0))
             WHERE state = 'planned' AND rule_id IS NOT NULL
            """
        )
        cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS customer_followup_campaign_uniq
                ON customer_followup (partner_id, campaign_key)
             WHERE campaign_key IS NOT NULL
            """
        )
        # The last visit of a rule each customer had: where the next one is
        # planned from. Only done visits, read without the table.
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS customer_followup_done_rule_idx
                ON customer_followup (partner_id, rule_id, lead_id, date_closed)
             WHERE state = 'done' AND rule_id IS NOT NULL
            """
        )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        today = self.env.company._planning_today()
        for vals in vals_list:
            self._check_satisfaction_vals(vals)
            self._check_input_vals(vals)
            if vals.get("state", "planned") != "planned":
                vals.setdefault("date_closed", today)
        self._check_planned_duplicates(
            [
                (vals.get("partner_id"), vals.get("rule_id"), vals.get("lead_id"))
                for vals in vals_list
                if vals.get("state", "planned") == "planned"
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        vals = dict(vals)
        self._check_satisfaction_vals(vals)
        self._check_input_vals(vals)
        state = vals.get("state")
        if state == "planned" or (
            state is None and {"partner_id", "rule_id", "lead_id"} & vals.keys()
        ):
            self._check_planned_duplicates(
                [
                    (
                        vals.get("partner_id", followup.partner_id.id),
                        vals.get("rule_id", followup.rule_id.id),
                        vals.get("lead_id", followup.lead_id.id),
                    )
                    for followup in self
                    if (state or followup.state) == "planned"
                ],
                exclude=self,
            )
        changing = self.browse()
        if state:
            changing = self.filtered(lambda f: f.state != state)
            if state == "planned":
                vals = dict(vals, date_closed=False)
        if state == "done":
            self._check_next_action_vals(vals)
        res = super().write(vals)
        if changing and state != "planned" and "date_closed" not in vals:
            changing.with_context(tracking_disable=True).write(
                {"date_closed": self.env.company._planning_today()}
            )
        if state == "done":
            changing._schedule_next_action()
            changing._record_complaint_return_visits()
        return res

    @api.model
    def _check_satisfaction_vals(self, vals):
        """Satisfaction is a level from 1 to 5; anything else (0, 6, ...) is
        refused before anything is written. Numbers are accepted for RPC."""
        value = vals.get("satisfaction")
        if value is None or value is False:
            return
        allowed = {key for key, _label in SATISFACTION_LEVELS}
        if isinstance(value, bool) or str(value) not in allowed:
            raise ValidationError(
                self.env._(
                    "Satisfaction is rated from 1 to 5, not %(value)s.", value=value
                )
            )
        vals["satisfaction"] = str(value)

    def _check_planned_duplicates(self, triples, exclude=None):
        """A customer has at most one planned visit per rule and delivered
        project, given as ``(partner, rule, lead)`` ids (a unique index says so
        too; this gives the user a clear message instead)."""
        triples = [
            (partner, rule, lead or False)
            for partner, rule, lead in triples
            if partner and rule
        ]
        if not triples:
            return
        repeated = next((t for t in triples if triples.count(t) > 1), None)
        if repeated:
            partner = self.env["res.partner"].browse(repeated[0])
            rule = self.env["customer.followup.rule"].browse(repeated[1])
        else:
            domain = [
                ("state", "=", "planned"),
                ("partner_id", "in", [triple[0] for triple in triples]),
                ("rule_id", "in", [triple[1] for triple in triples]),
            ]
            if exclude:
                domain.append(("id", "not in", exclude.ids))
            clash = (
                self.sudo()
                .search(domain)
                .filtered(
                    lambda f: (
                        (f.partner_id.id, f.rule_id.id, f.lead_id.id or False)
                        in triples
                    )
                )[:1]
            )
            if not clash:
                return
            partner, rule = clash.partner_id, clash.rule_id
        raise UserError(
            self.env._(
                "%(customer)s already has a planned visit from rule %(rule)s: "
                "record its result or cancel it first.",
                customer=partner.sudo().display_name,
                rule=rule.sudo().display_name,
            )
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_done(self):
        """Record the result: the visit is done, and its next action, if any,
        becomes a new planned visit."""
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset(self):
        self.write({"state": "planned"})

    def action_mark_onsite_needed(self):
        """The owner judges that this visit needs them on site (上门回访 only
        when needed): the planned visit becomes an on-site one."""
        planned = self.filtered(lambda f: f.state == "planned")
        if planned != self:
            raise UserError(
                self.env._("Only a planned visit can become an on-site visit.")
            )
        planned.write({"channel": "onsite"})
        for followup in planned:
            followup.message_post(
                body=self.env._("On-site visit needed: the owner will go on site."),
                subtype_xmlid="mail.mt_note",
            )

    def action_view_next_followup(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.followup",
            "res_id": self.next_followup_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _check_next_action_vals(self, vals):
        """A next action needs its date, or it could never be scheduled."""
        for followup in self:
            text = vals.get("next_action", followup.next_action)
            date = vals.get("next_action_date", followup.next_action_date)
            if text and not date:
                raise UserError(
                    self.env._(
                        "Give the date of the next action “%(action)s” of %(visit)s.",
                        action=text,
                        visit=followup.display_name,
                    )
                )

    def _schedule_next_action(self):
        """The next action of a visit that is done becomes a planned visit with
        the same customer, contact, owner, kind, channel and rule: it is the
        rule's next visit, unless the rule already planned another one (when a
        missed visit is done late)."""
        todo = self.filtered(
            lambda f: (
                f.state == "done" and f.next_action_date and not f.next_followup_id
            )
        )
        if not todo:
            return self.browse()
        planned = self.sudo().search(
            [
                ("state", "=", "planned"),
                ("partner_id", "in", todo.partner_id.ids),
                ("rule_id", "in", todo.rule_id.ids),
            ]
        )
        taken = {(f.partner_id.id, f.rule_id.id, f.lead_id.id) for f in planned}
        vals_list = [
            {
                "partner_id": followup.partner_id.id,
                "contact_id": followup.contact_id.id,
                "name": followup.next_action
                or self.env._("Follow-up of %(visit)s", visit=followup.display_name),
                "kind": followup.kind,
                "date_planned": followup.next_action_date,
                "user_id": followup.user_id.id,
                "channel": followup.channel,
                "rule_id": followup.rule_id.id
                if (followup.partner_id.id, followup.rule_id.id, followup.lead_id.id)
                not in taken
                else False,
                "lead_id": followup.lead_id.id,
                "company_id": followup.company_id.id,
            }
            for followup in todo
        ]
        next_followups = self.create(vals_list)
        for followup, next_followup in zip(todo, next_followups, strict=True):
            followup.with_context(
                tracking_disable=True
            ).next_followup_id = next_followup
        return next_followups

    @api.model
    def _create_complaint_followup(self, partner, date_planned, user=None, **vals):
        """The complaint return visit (DOMAIN §9), which checks that the measures
        taken for a complaint worked: created by the complaint's hand-over
        (``customer.complaint._create_return_visit``) with ``complaint_id``."""
        return self.create(
            {
                "partner_id": partner.commercial_partner_id.id,
                "kind": "complaint",
                "date_planned": date_planned,
                "user_id": (user or partner.commercial_partner_id.user_id).id,
                **vals,
            }
        )

    def _record_complaint_return_visits(self):
        """Complaint return visits were done: their complaints read the outcome
        from them and move on (``customer.complaint._on_return_visit_done``)."""
        self.complaint_id._on_return_visit_done()
