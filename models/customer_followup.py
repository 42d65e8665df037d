# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from .planning_rules import (
    FOLLOWUP_CHANNELS,
    FOLLOWUP_KINDS,
    SATISFACTION_LEVELS,
)

FOLLOWUP_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("missed", "Missed"),
    ("cancelled", "Cancelled"),
]
# The columns every set-based generator (rules, care campaigns, retention)
# selects, in this order, for ``_insert_followups``.
INSERT_COLUMNS = (
    "partner_id",
    "contact_id",
    "name",
    "kind",
    "date_planned",
    "user_id",
    "channel",
    "rule_id",
    "campaign_key",
    "company_id",
    "state",
    "date_closed",
)
DEFAULT_BATCH_SIZE = 5000


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
        default=fields.Date.context_today,
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
    customer_tier_id = fields.Many2one(
        related="partner_id.customer_tier_id", string="Customer Tier"
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    @api.depends("satisfaction")
    def _compute_satisfaction_score(self):
        for followup in self:
            followup.satisfaction_score = int(followup.satisfaction or 0)

    @api.depends("state", "date_planned")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for followup in self:
            followup.is_overdue = bool(
                followup.state == "planned"
                and followup.date_planned
                and followup.date_planned < today
            )

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
        """At most one planned visit per customer and rule, and one visit per
        customer and care campaign occurrence: the generators insert with
        ``ON CONFLICT DO NOTHING`` against these indexes."""
        cr = self.env.cr
        cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS customer_followup_planned_rule_uniq
                ON customer_followup (partner_id, rule_id)
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
                ON customer_followup (partner_id, rule_id, date_closed)
             WHERE state = 'done' AND rule_id IS NOT NULL
            """
        )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            self._check_satisfaction_vals(vals)
            self._check_input_vals(vals)
            if vals.get("state", "planned") != "planned":
                vals.setdefault("date_closed", today)
        self._check_planned_duplicates(
            [
                (vals.get("partner_id"), vals.get("rule_id"))
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
            state is None and {"partner_id", "rule_id"} & vals.keys()
        ):
            self._check_planned_duplicates(
                [
                    (
                        vals.get("partner_id", followup.partner_id.id),
                        vals.get("rule_id", followup.rule_id.id),
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
                {"date_closed": fields.Date.context_today(self)}
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

    def _check_planned_duplicates(self, pairs, exclude=None):
        """A customer has at most one planned visit per rule (a unique index
        says so too; this gives the user a clear message instead)."""
        pairs = [(partner, rule) for partner, rule in pairs if partner and rule]
        if not pairs:
            return
        repeated = next((pair for pair in pairs if pairs.count(pair) > 1), None)
        if repeated:
            partner = self.env["res.partner"].browse(repeated[0])
            rule = self.env["customer.followup.rule"].browse(repeated[1])
        else:
            domain = [
                ("state", "=", "planned"),
                ("partner_id", "in", [partner for partner, _rule in pairs]),
                ("rule_id", "in", [rule for _partner, rule in pairs]),
            ]
            if exclude:
                domain.append(("id", "not in", exclude.ids))
            clash = (
                self.sudo()
                .search(domain)
                .filtered(lambda f: (f.partner_id.id, f.rule_id.id) in pairs)[:1]
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
        taken = {(f.partner_id.id, f.rule_id.id) for f in planned}
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
                if (followup.partner_id.id, followup.rule_id.id) not in taken
                else False,
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

    @api.model
    def _insert_followups(self, select_sql, params):
        """Insert, in one statement, the visits that ``select_sql`` selects (its
        columns are ``INSERT_COLUMNS``, in order). Rows that would give a
        customer a second planned visit of a rule, or repeat a care campaign
        occurrence, are skipped by the unique indexes: re-running is harmless.
        Returns the ids of the visits created."""
        self.env.flush_all()
        columns = ", ".join(INSERT_COLUMNS)
        self.env.cr.execute(
            f"""
            INSERT INTO customer_followup
                   ({columns}, satisfaction_score,
                    create_uid, create_date, write_uid, write_date)
            SELECT {columns}, 0,
                   %(insert_uid)s, NOW() AT TIME ZONE 'UTC',
                   %(insert_uid)s, NOW() AT TIME ZONE 'UTC'
              FROM ({select_sql}) AS new_followup({columns})
                ON CONFLICT DO NOTHING
         RETURNING id
            """,  # noqa: S608  (only constant SQL is formatted in)
            dict(params, insert_uid=self.env.uid),
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self.env["res.partner"].invalidate_model(["followup_ids"])
        return self.browse(ids)

    @api.model
    def _company_scope_sql(self):
        """SQL expression of the company a care visit of customer ``p`` (owner
        ``u``) belongs to: the customer's, else its owner's, else the default."""
        return "COALESCE(p.company_id, u.company_id, %(default_company)s)"

    @api.model
    def _care_customer_sql(self):
        """SQL condition on ``res_partner AS p`` selecting the customers that
        get care campaigns: those of tiers marked for customer care (Major and
        Named by default)."""
        return f"""
            {self.env["res.partner"]._planning_scope_sql()}
            AND EXISTS (SELECT 1 FROM customer_tier t
                         WHERE t.id = p.customer_tier_id AND t.customer_care)
        """

    @api.model
    def _generate_birthday_followups(self, today=None):
        """Birthday greetings for the important contacts of care customers: a
        visit for the account owner planned on the birthday (created the
        company's lead time ahead), or, when the company says so, a mail from
        the birthday template on the day, kept as a done visit."""
        today = today or fields.Date.context_today(self)
        companies = self.env["res.company"].sudo().search([])
        horizon = max(companies.mapped("followup_care_lead_days") or [0])
        months, days, dates = [], [], []
        for offset in range(horizon + 1):
            day = today + timedelta(days=offset)
            months.append(day.month)
            days.append(day.day)
            dates.append(day)
            leap_day_missing = day.month == 2 and day.day == 28
            if leap_day_missing and (day + timedelta(days=1)).month == 3:
                # Born on 29 February: greeted on the 28th in common years.
                months.append(2)
                days.append(29)
                dates.append(day)
        followups = self._insert_followups(
            f"""
            SELECT p.id, contact.id, NULL, 'birthday', d.day, p.user_id,
                   CASE WHEN c.followup_birthday_mode = 'mail'
                        THEN 'email' ELSE 'phone' END,
                   NULL::int, 'birthday:' || contact.id || ':'
                   || EXTRACT(YEAR FROM d.day)::int, c.id,
                   CASE WHEN c.followup_birthday_mode = 'mail'
                        THEN 'done' ELSE 'planned' END,
                   CASE WHEN c.followup_birthday_mode = 'mail'
                        THEN %(today)s::date END
              FROM res_partner contact
              JOIN res_partner p ON p.id = contact.commercial_partner_id
              LEFT JOIN res_users u ON u.id = p.user_id
              JOIN res_company c ON c.id = {self._company_scope_sql()}
              JOIN unnest(%(months)s::int[], %(days)s::int[], %(dates)s::date[])
                   AS d(month, mday, day)
                ON EXTRACT(MONTH FROM contact.birthday) = d.month
               AND EXTRACT(DAY FROM contact.birthday) = d.mday
             WHERE contact.active AND contact.is_important_contact
               AND contact.birthday IS NOT NULL
               AND {self._care_customer_sql()}
               AND d.day <= %(today)s::date + COALESCE(c.followup_care_lead_days, 0)
               AND (c.followup_birthday_mode IS DISTINCT FROM 'mail'
                    OR d.day = %(today)s::date)
            """,  # noqa: S608
            {
                "today": today,
                "months": months,
                "days": days,
                "dates": dates,
                "default_company": self.env.company.id,
            },
        )
        followups._send_birthday_mails()
        return followups

    def _send_birthday_mails(self):
        """Mail the birthday template to the contacts of the done birthday
        visits (mail mode), one batch per company template."""
        mailed = self.filtered(lambda f: f.state == "done" and f.kind == "birthday")
        for company, followups in mailed.grouped("company_id").items():
            template = company.followup_birthday_template_id or self.env.ref(
                "crm_customer_planning.mail_template_birthday_greeting",
                raise_if_not_found=False,
            )
            if not template:
                continue
            template.sudo().send_mail_batch(followups.contact_id.ids)
            for followup in followups:
                followup.message_post(
                    body=self.env._(
                        "Birthday greeting mailed to %(contact)s.",
                        contact=followup.contact_id.display_name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    @api.model
    def _generate_needs_survey_followups(self, today=None):
        """Every December, an annual needs survey visit for each care customer
        (新需求管理), at most one per customer and year, due within two weeks."""
        today = today or fields.Date.context_today(self)
        if today.month != 12:
            return self.browse()
        date_planned = min(today + timedelta(days=14), today.replace(day=31))
        return self._insert_followups(
            f"""
            SELECT p.id, NULL::int, NULL, 'needs_survey', %(date_planned)s::date,
                   p.user_id, 'onsite', NULL::int, %(key)s,
                   {self._company_scope_sql()}, 'planned', NULL::date
              FROM res_partner p
              LEFT JOIN res_users u ON u.id = p.user_id
             WHERE {self._care_customer_sql()}
            """,  # noqa: S608
            {
                "date_planned": date_planned,
                "key": f"needs_survey:{today.year}",
                "default_company": self.env.company.id,
            },
        )

    @api.model
    def _generate_retention_followups(self, today=None, chunk_size=None):
        """A customer whose current value over the trailing 12 months fell by
        more than the company's retention threshold against the 12 months
        before gets a retention visit (挽留): at most one per quarter, and none
        while one is planned. Customers are taken in chunks, each chunk in a
        fixed number of queries."""
        today = today or fields.Date.context_today(self)
        chunk_size = chunk_size or DEFAULT_BATCH_SIZE
        Partner = self.env["res.partner"]
        year_ago = today - relativedelta(years=1)
        two_years_ago = today - relativedelta(years=2)
        quarter = (today.month - 1) // 3 + 1
        created = self.browse()
        last_id = 0
        self.env.flush_all()
        cr = self.env.cr
        while True:
            cr.execute(
                f"""
                SELECT p.id, c.id, c.followup_retention_drop
                  FROM res_partner p
                  LEFT JOIN res_users u ON u.id = p.user_id
                  JOIN res_company c ON c.id = {self._company_scope_sql()}
                 WHERE {Partner._planning_scope_sql()} AND p.id > %(last_id)s
                 ORDER BY p.id
                 LIMIT %(limit)s
                """,  # noqa: S608
                {
                    "last_id": last_id,
                    "limit": chunk_size,
                    "default_company": self.env.company.id,
                },
            )
            rows = cr.fetchall()
            if not rows:
                break
            last_id = rows[-1][0]
            ids = [row[0] for row in rows]
            trailing = Partner._planning_current_values(ids, year_ago, today)
            previous = Partner._planning_current_values(ids, two_years_ago, year_ago)
            losing, companies = [], []
            for partner_id, company_id, drop in rows:
                before = previous.get(partner_id, 0.0)
                now = trailing.get(partner_id, 0.0)
                if before > 0 and 100.0 * (before - now) / before > (drop or 0.0):
                    losing.append(partner_id)
                    companies.append(company_id)
            if losing:
                created |= self._insert_followups(
                    """
                    SELECT p.id, NULL::int, NULL, 'retention', %(today)s::date,
                           p.user_id, 'onsite', NULL::int, %(key)s, v.company_id,
                           'planned', NULL::date
                      FROM unnest(%(ids)s::int[], %(companies)s::int[])
                           AS v(partner_id, company_id)
                      JOIN res_partner p ON p.id = v.partner_id
                     WHERE NOT EXISTS (
                           SELECT 1 FROM customer_followup f
                            WHERE f.partner_id = p.id AND f.kind = 'retention'
                              AND f.state = 'planned')
                    """,
                    {
                        "today": today,
                        "key": f"retention:{today.year}-Q{quarter}",
                        "ids": losing,
                        "companies": companies,
                    },
                )
            if len(rows) < chunk_size:
                break
        return created

    @api.model
    def _cron_generate_care_followups(self):
        """Daily: birthday and holiday greetings, the December needs survey and
        retention visits. Every step is set-based and skips what exists, so the
        job can be interrupted and run again."""
        today = fields.Date.context_today(self)
        created = self._generate_birthday_followups(today)
        created |= self.env["customer.care.holiday"]._generate_followups(today)
        created |= self._generate_needs_survey_followups(today)
        created |= self._generate_retention_followups(today)
        self.env["ir.cron"]._notify_progress(done=len(created), remaining=0)
        return created

    @api.model
    def _cron_mark_missed(self, batch_size=None):
        """Visits still planned more than the company's grace period after
        their planned date become missed; one batch per call (progress API)."""
        batch_size = batch_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_customer_planning.followup_batch_size", DEFAULT_BATCH_SIZE)
        )
        today = fields.Date.context_today(self)
        self.env.flush_all()
        late = """
              FROM customer_followup f
              JOIN res_company c ON c.id = f.company_id
             WHERE f.state = 'planned'
               AND f.date_planned + COALESCE(c.followup_missed_days, 0) < %(today)s
        """
        self.env.cr.execute(
            f"SELECT f.id {late} ORDER BY f.id LIMIT %(limit)s",  # noqa: S608
            {"today": today, "limit": batch_size},
        )
        missed = self.browse([row[0] for row in self.env.cr.fetchall()])
        missed.with_context(tracking_disable=True).write(
            {"state": "missed", "date_closed": today}
        )
        remaining = 0
        if len(missed) == batch_size:
            self.env.cr.execute(f"SELECT COUNT(*) {late}", {"today": today})  # noqa: S608
            remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=len(missed), remaining=remaining)
        return missed

    @api.model
    def _get_missed_count_by_owner(self, date_from=None, date_to=None):
        """``{user_id: number of missed visits}``, closed within the dates when
        given: missed visits count against their owner."""
        domain = [("state", "=", "missed")]
        if date_from:
            domain.append(("date_closed", ">=", date_from))
        if date_to:
            domain.append(("date_closed", "<=", date_to))
        return {
            user.id: count
            for user, count in self._read_group(domain, ["user_id"], ["__count"])
        }

    @api.model
    def _get_weekly_report_data(self, date_from=None, date_to=None):
        """The figures of the weekly service report (DOMAIN §9): per owner, the
        visits done and missed between the two dates (included; default: this
        week from Monday to today) and the average satisfaction of those done.
        Three grouped queries, whatever the number of visits."""
        today = fields.Date.context_today(self)
        date_to = date_to or today
        date_from = date_from or date_to - timedelta(days=date_to.weekday())
        period = [("date_closed", ">=", date_from), ("date_closed", "<=", date_to)]
        done = self._read_group(
            [("state", "=", "done")] + period, ["user_id"], ["__count"]
        )
        missed = self._read_group(
            [("state", "=", "missed")] + period, ["user_id"], ["__count"]
        )
        rated = self._read_group(
            [("state", "=", "done"), ("satisfaction", "!=", False)] + period,
            ["user_id"],
            ["__count", "satisfaction_score:sum"],
        )
        lines = defaultdict(lambda: {"done": 0, "missed": 0, "rated": 0, "score": 0})
        for user, count in done:
            lines[user]["done"] = count
        for user, count in missed:
            lines[user]["missed"] = count
        for user, count, score in rated:
            lines[user]["rated"] = count
            lines[user]["score"] = score
        owners = []
        for user, line in sorted(
            lines.items(), key=lambda item: (item[0].name or "", item[0].id)
        ):
            owners.append(
                {
                    "user_id": user.id,
                    "name": user.name or self.env._("Unassigned"),
                    "done": line["done"],
                    "missed": line["missed"],
                    "satisfaction": round(line["score"] / line["rated"], 2)
                    if line["rated"]
                    else 0.0,
                }
            )
        rated_total = sum(line["rated"] for line in lines.values())
        score_total = sum(line["score"] for line in lines.values())
        return {
            "date_from": date_from,
            "date_to": date_to,
            "owners": owners,
            "done": sum(line["done"] for line in lines.values()),
            "missed": sum(line["missed"] for line in lines.values()),
            "satisfaction": round(score_total / rated_total, 2) if rated_total else 0.0,
            "complaints": self._get_weekly_report_complaint_section(date_from, date_to),
        }

    def _record_complaint_return_visits(self):
        """A complaint return visit done from the visit itself records its
        result on the complaint (satisfaction, the customer's words), as the
        complaint's own return-visit form does."""
        if self.env.context.get("complaint_return_visit_sync"):
            return
        for visit in self.filtered(
            lambda f: f.complaint_id and f.complaint_id.state == "resolved"
        ):
            visit.complaint_id.with_context(
                complaint_return_visit_sync=True
            )._record_return_visit(int(visit.satisfaction or 0), visit.result_notes)

    @api.model
    def _get_weekly_report_complaint_section(self, date_from, date_to):
        """The complaint figures of the weekly report: opened, closed and
        breached in the period, as the reader may see them."""
        Complaint = self.env["customer.complaint"]
        if not Complaint.has_access("read"):
            return {}
        start = datetime.combine(date_from, time.min)
        end = datetime.combine(date_to, time.max)
        return {
            self.env._("Complaints opened"): Complaint.search_count(
                [("date_received", ">=", start), ("date_received", "<=", end)]
            ),
            self.env._("Complaints closed"): Complaint.search_count(
                [("date_closed", ">=", start), ("date_closed", "<=", end)]
            ),
            self.env._("Complaints breached"): Complaint.search_count(
                expression.OR(
                    [
                        self._breached_domain(deadline, late, done, start, end)
                        for deadline, late, done in (
                            ("reply_deadline", "reply_late", "first_reply_date"),
                            ("resolution_deadline", "resolution_late", "date_resolved"),
                        )
                    ]
                )
            ),
        }

    @api.model
    def _breached_domain(self, deadline, late, done, start, end):
        """Complaints whose ``deadline`` fell in the period and was missed:
        answered late, or still not answered now."""
        return [
            (deadline, ">=", start),
            (deadline, "<=", end),
            "|",
            (late, "=", True),
            "&",
            (done, "=", False),
            (deadline, "<", fields.Datetime.now()),
        ]

    @api.model
    def _cron_send_weekly_report(self):
        """Every Friday afternoon: mail the weekly service report to each
        service manager, with the figures they may see."""
        template = self.env.ref(
            "crm_customer_planning.mail_template_weekly_service_report",
            raise_if_not_found=False,
        )
        group = self.env.ref(
            "crm_customer_planning.group_customer_service_manager",
            raise_if_not_found=False,
        )
        if not template or not group:
            return self.env["mail.mail"]
        managers = group.users.filtered(
            lambda user: user.active and user.email and not user.share
        )
        mails = self.env["mail.mail"]
        for manager in managers:
            data = (
                self.with_user(manager)
                .with_context(allowed_company_ids=manager.company_ids.ids)
                ._get_weekly_report_data()
            )
            mail_id = template.with_context(followup_report=data).send_mail(
                manager.id, email_layout_xmlid="mail.mail_notification_light"
            )
            mails |= self.env["mail.mail"].browse(mail_id)
        self.env["ir.cron"]._notify_progress(done=len(mails), remaining=0)
        return mails
