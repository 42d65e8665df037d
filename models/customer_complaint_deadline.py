# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A complaint's time limits (DOMAIN §9): reply and resolution deadlines, the warning
dates, whether each clock ran late, the On Time / At Risk / Breached state and its
search, the pause while waiting for the customer. The arithmetic and breach rule are
in ``planning_rules``, the limits in ``customer_complaint_sla.py``;
``customer_complaint_escalation.py`` reads the dates. The service targets
(``customer_complaint_target.py``) are created here with the complaint and mirror
these dates."""

from collections import defaultdict
from datetime import timedelta

from pytz import utc

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.misc import format_datetime

from .planning_rules import (
    UNRESOLVED_STATES,
    add_hours,
    at_risk_domain,
    breached_domain,
    is_at_risk,
    is_breached,
    is_late,
    warning_date,
)

SLA_STATES = [
    ("on_time", "On Time"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("paused", "Paused"),
]


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    # Time limits (in clock hours, or working hours of the rule's calendar)
    reply_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    reply_warning_date = fields.Datetime(
        compute="_compute_warning_dates", store=True, precompute=True
    )
    reply_late = fields.Boolean(
        compute="_compute_late", store=True, help="The first reply came too late."
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    resolution_warning_date = fields.Datetime(
        compute="_compute_warning_dates", store=True, precompute=True
    )
    resolution_late = fields.Boolean(
        compute="_compute_late", store=True, help="Resolved too late."
    )
    # Clocks paused while waiting for the customer (stage "is_waiting")
    waiting_since = fields.Datetime(
        readonly=True,
        copy=False,
        help="Since when we wait for the customer: the time limits are paused.",
    )
    reply_paused_hours = fields.Float(
        "Reply Clock Paused (hours)",
        readonly=True,
        copy=False,
        help="Time spent waiting for the customer before the first reply, in the "
        "hours of the time limit (clock or working hours): the reply deadline "
        "moved later by as much.",
    )
    resolution_paused_hours = fields.Float(
        "Resolution Clock Paused (hours)",
        readonly=True,
        copy=False,
        help="Time spent waiting for the customer before the resolution, in the "
        "hours of the time limit: the resolution deadline moved later by as much.",
    )
    sla_commitment = fields.Char(
        "Commitment",
        compute="_compute_sla_commitment",
        help="The time limits promised to the customer, in words and in your time "
        "zone.",
    )
    target_ids = fields.One2many(
        "customer.complaint.target",
        "complaint_id",
        "Service Targets",
        readonly=True,
        help="First reply, resolution and return visit, each with its deadline, "
        "status and escalation.",
    )
    sla_state = fields.Selection(
        SLA_STATES,
        "Time Limit",
        compute="_compute_sla_state",
        search="_search_sla_state",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "date_received",
        "severity",
        "category_id",
        "commercial_partner_id",
        "reply_paused_hours",
        "resolution_paused_hours",
    )
    def _compute_deadlines(self):
        """Received + the hours of the matching time limit, counted as the rule
        says (clock or working hours, ``_get_hours_planner``). The tier is
        read at reception: a later change of tier does not move deadlines."""
        rules = self.env["customer.complaint.sla"]._get_rules()
        for complaint in self:
            if not complaint.date_received:
                complaint.reply_deadline = complaint.resolution_deadline = False
                continue
            rule = complaint._get_sla_rule(rules)
            reply, resolution, _warn = rule._get_limits()
            plan_hours = rule._get_hours_planner()
            # The time spent waiting for the customer does not count.
            complaint.reply_deadline = add_hours(
                complaint.date_received,
                reply + complaint.reply_paused_hours,
                plan_hours,
            )
            complaint.resolution_deadline = add_hours(
                complaint.date_received,
                resolution + complaint.resolution_paused_hours,
                plan_hours,
            )

    @api.depends("reply_deadline", "resolution_deadline")
    def _compute_warning_dates(self):
        """The warning comes once the rule's share of the time allowed has
        passed, counted back from the deadline in the rule's hours."""
        rules = self.env["customer.complaint.sla"]._get_rules()
        for complaint in self:
            rule = complaint._get_sla_rule(rules)
            reply, resolution, warn = rule._get_limits()
            plan_hours = rule._get_hours_planner()
            complaint.reply_warning_date = warning_date(
                complaint.reply_deadline, reply, warn, plan_hours
            )
            complaint.resolution_warning_date = warning_date(
                complaint.resolution_deadline, resolution, warn, plan_hours
            )

    @api.depends(
        "reply_deadline",
        "resolution_deadline",
        "date_received",
        "severity",
        "category_id",
        "commercial_partner_id",
    )
    @api.depends_context("uid", "tz", "lang")
    def _compute_sla_commitment(self):
        """ "Reply within 12 hours — due Fri 04:00; resolve within 40 hours — due
        Sat 12:00", the deadlines in the user's time zone (the company's
        without one); the weekday alone within the week, with the date beyond."""
        rules = self.env["customer.complaint.sla"]._get_rules()
        for complaint in self:
            if not complaint.reply_deadline or not complaint.resolution_deadline:
                complaint.sla_commitment = False
                continue
            rule = complaint._get_sla_rule(rules)
            reply, resolution, _warn = rule._get_limits()
            working = rule.hours_mode == "working"
            reply, resolution = f"{reply:g}", f"{resolution:g}"  # 12.0 reads 12
            tz = complaint.company_id._get_planning_tz()

            def due(deadline, complaint=complaint, tz=tz):
                near = deadline - complaint.date_received < timedelta(days=6)
                return format_datetime(
                    self.env,
                    deadline,
                    tz=tz,
                    dt_format="EEE HH:mm" if near else "yyyy-MM-dd EEE HH:mm",
                )

            if working:
                reply_text = self.env._(
                    "Reply within %(hours)s working hours — due %(due)s",
                    hours=reply,
                    due=due(complaint.reply_deadline),
                )
                resolution_text = self.env._(
                    "resolve within %(hours)s working hours — due %(due)s",
                    hours=resolution,
                    due=due(complaint.resolution_deadline),
                )
            else:
                reply_text = self.env._(
                    "Reply within %(hours)s hours — due %(due)s",
                    hours=reply,
                    due=due(complaint.reply_deadline),
                )
                resolution_text = self.env._(
                    "resolve within %(hours)s hours — due %(due)s",
                    hours=resolution,
                    due=due(complaint.resolution_deadline),
                )
            complaint.sla_commitment = self.env._(
                "%(reply)s; %(resolution)s",
                reply=reply_text,
                resolution=resolution_text,
            )

    @api.depends(
        "first_reply_date", "reply_deadline", "date_resolved", "resolution_deadline"
    )
    def _compute_late(self):
        for complaint in self:
            # Resolving without a reply stops the reply clock too.
            complaint.reply_late = is_late(
                complaint.reply_deadline,
                complaint.first_reply_date or complaint.date_resolved,
            )
            complaint.resolution_late = is_late(
                complaint.resolution_deadline, complaint.date_resolved
            )

    @api.depends(
        "state",
        "reply_late",
        "resolution_late",
        "first_reply_date",
        "date_resolved",
        "reply_deadline",
        "reply_warning_date",
        "resolution_deadline",
        "resolution_warning_date",
        "waiting_since",
    )
    def _compute_sla_state(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.sla_state = complaint._get_sla_state(now)

    def _get_sla_state(self, now):
        """Breached once a deadline passed unmet (or was met late); at risk
        once a warning date passed; on time otherwise (``planning_rules``).
        Paused while waiting for the customer, unless a clock already stopped
        late."""
        self.ensure_one()
        if (
            self.waiting_since
            and self.state in UNRESOLVED_STATES
            and not (self.reply_late or self.resolution_late)
        ):
            return "paused"
        if is_breached(self, now):
            return "breached"
        if is_at_risk(self, now):
            return "at_risk"
        return "on_time"

    @api.model
    def _get_sla_domains(self, now):
        """``{sla_state: domain}``, the searchable twin of ``_get_sla_state``."""
        paused = expression.normalize_domain(
            [
                ("waiting_since", "!=", False),
                ("state", "in", UNRESOLVED_STATES),
                ("reply_late", "=", False),
                ("resolution_late", "=", False),
            ]
        )
        breached = expression.AND([breached_domain(now), ["!", *paused]])
        at_risk = expression.AND([at_risk_domain(now), [("waiting_since", "=", False)]])
        on_time = ["!", *expression.OR([breached, at_risk, paused])]
        return {
            "breached": breached,
            "at_risk": at_risk,
            "on_time": on_time,
            "paused": paused,
        }

    def _search_sla_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(
                self.env._("Search the time limit state with =, !=, in or not in.")
            )
        values = [value] if isinstance(value, str) or not value else list(value)
        domains = self._get_sla_domains(fields.Datetime.now())
        domain = expression.OR(
            [domains[v] for v in values if v in domains] or [expression.FALSE_DOMAIN]
        )
        if operator in ("!=", "not in"):
            domain = ["!", *domain]
        return domain

    @api.constrains("date_received", "reply_deadline", "resolution_deadline")
    def _check_deadlines(self):
        for complaint in self:
            for deadline in (complaint.reply_deadline, complaint.resolution_deadline):
                if deadline and deadline < complaint.date_received:
                    raise ValidationError(
                        self.env._(
                            "The deadlines of %(complaint)s cannot come before its "
                            "reception (%(received)s).",
                            complaint=complaint.display_name,
                            received=format_datetime(
                                self.env,
                                complaint.date_received,
                                tz=complaint.company_id._get_planning_tz(),
                            ),
                        )
                    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_sla_rule(self, rules):
        self.ensure_one()
        return rules._match(
            self.company_id,
            self.severity,
            self.category_id,
            self.commercial_partner_id.customer_tier_id,
        )

    # ------------------------------------------------------------
    # WAITING FOR THE CUSTOMER
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        # The three targets of every new complaint, in one batch (a customer
        # coming back on an open matter gives the existing complaint back: it
        # has its targets already).
        new = complaints.filtered(lambda complaint: not complaint.target_ids)
        Target = self.env["customer.complaint.target"].sudo()
        Target.create(Target._prepare_targets(new))
        complaints._sync_waiting()
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if "stage_id" in vals:
            self._sync_waiting()
        return res

    def _sync_waiting(self):
        """Entering a waiting stage pauses the clocks; leaving it resumes
        them, the open deadlines moved later by the time spent waiting."""
        now = fields.Datetime.now()
        entering = self.filtered(
            lambda c: c.stage_id.is_waiting and not c.waiting_since
        )
        if entering:
            entering.with_context(complaint_internal_write=True).write(
                {"waiting_since": now}
            )
        leaving = self.filtered(lambda c: c.waiting_since and not c.stage_id.is_waiting)
        if leaving:
            leaving._resume_clocks(now)

    def _get_waiting_hours(self, now):
        """``{complaint id: hours waited}`` since ``waiting_since``, in the
        hours of each complaint's time limit: clock hours, or the working hours
        of the rule's calendar (its work intervals read once per calendar)."""
        rules = self.env["customer.complaint.sla"]._get_rules()
        waited = {}
        per_calendar = defaultdict(lambda: self.browse())
        for complaint in self:
            rule = complaint._get_sla_rule(rules)
            if rule.hours_mode == "working" and rule.calendar_id:
                per_calendar[rule.calendar_id] |= complaint
            else:
                waited[complaint.id] = (
                    now - complaint.waiting_since
                ).total_seconds() / 3600
        end = utc.localize(now)
        for calendar, complaints in per_calendar.items():
            start = utc.localize(min(complaints.mapped("waiting_since")))
            intervals = list(calendar._work_intervals_batch(start, end)[False])
            for complaint in complaints:
                since = utc.localize(complaint.waiting_since)
                waited[complaint.id] = sum(
                    (stop - max(begin, since)).total_seconds() / 3600
                    for begin, stop, _meta in intervals
                    if stop > since
                )
        return waited

    def _resume_clocks(self, now):
        """Add the time waited to the clocks still running: the reply clock
        until the first reply, the resolution clock; the deadlines and warning
        dates follow (``_compute_deadlines``)."""
        waited = self._get_waiting_hours(now)
        for complaint in self:
            hours = waited[complaint.id]
            vals = {
                "waiting_since": False,
                "resolution_paused_hours": complaint.resolution_paused_hours + hours,
            }
            if not complaint.first_reply_date:
                vals["reply_paused_hours"] = complaint.reply_paused_hours + hours
            complaint.with_context(complaint_internal_write=True).write(vals)
