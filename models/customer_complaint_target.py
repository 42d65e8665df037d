# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A complaint's service targets as records (customer.complaint.target, DOMAIN §9):
the first reply, the resolution, and the return visit within N days of the
resolution, each with its deadline, warning date, the date it was reached, its
status and its own escalation. The escalation of the return visit target is
declared here (``_get_escalation_steps``, partial indexes in ``init``) and walked
by the complaint job in ``customer_complaint_escalation.py``."""

from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from .planning_rules import UNRESOLVED_STATES, is_late, warning_date

TARGET_KINDS = [
    ("reply", "First Reply"),
    ("resolution", "Resolution"),
    ("return_visit", "Return Visit"),
]
# Whether a target's clock runs: stored, so that the escalation scan and its
# partial indexes read the target table alone.
TARGET_CLOCKS = [
    ("pending", "Not Started"),
    ("running", "Running"),
    ("paused", "Paused"),
    ("stopped", "Reached"),
    ("waived", "Waived"),
]
TARGET_STATUSES = [
    ("pending", "Not Started"),
    ("running", "On Time"),
    ("at_risk", "At Risk"),
    ("paused", "Paused"),
    ("met", "Met"),
    ("breached", "Breached"),
    ("waived", "Waived"),
]
# The complaint fields a reply or resolution target mirrors:
# (deadline, warning date).
MIRRORED_CLOCKS = {
    "reply": ("reply_deadline", "reply_warning_date"),
    "resolution": ("resolution_deadline", "resolution_warning_date"),
}


class CustomerComplaintTarget(models.Model):
    """One service target of a complaint.

    One source of truth: the reply and resolution deadlines and warning dates
    are the complaint's own stored fields (``customer_complaint_deadline.py``:
    the SLA rule's hours, moved by the time spent waiting for the customer in
    ``_resume_clocks``); their targets mirror them as stored computed fields,
    recomputed by the ORM whenever the complaint's change. The return visit
    target's deadline lives here only: the resolution plus the rule's
    ``return_visit_days``. Targets are written by the rules only (the
    escalation flags by the escalation job, in SQL)."""

    _name = "customer.complaint.target"
    _description = "Complaint Service Target"
    _order = "complaint_id, id"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "customer.complaint",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="complaint_id.commercial_partner_id", string="Customer"
    )
    team_id = fields.Many2one(related="complaint_id.team_id", store=True)
    first_responsible_id = fields.Many2one(
        related="complaint_id.first_responsible_id", store=True
    )
    kind = fields.Selection(TARGET_KINDS, required=True, readonly=True)
    deadline = fields.Datetime(
        compute="_compute_deadline",
        store=True,
        help="When the target must be reached; it moves later by the time the "
        "complaint waited for the customer.",
    )
    warning_date = fields.Datetime(
        compute="_compute_deadline",
        store=True,
        help="From this moment the target is at risk and its owner is warned.",
    )
    date_reached = fields.Datetime(
        "Reached On",
        compute="_compute_date_reached",
        store=True,
        readonly=False,
        help="When the first reply was sent, the complaint resolved, or the "
        "return visit done.",
    )
    late = fields.Boolean(
        compute="_compute_late", store=True, help="Reached after its deadline."
    )
    clock = fields.Selection(
        TARGET_CLOCKS,
        compute="_compute_clock",
        store=True,
        index=True,
        help="Not started (the return visit before the resolution), running, "
        "paused while waiting for the customer, reached, or waived.",
    )
    status = fields.Selection(
        TARGET_STATUSES, compute="_compute_status", search="_search_status"
    )
    warned = fields.Boolean("Owner Warned", readonly=True, copy=False)
    escalated = fields.Boolean(
        readonly=True,
        copy=False,
        help="The service manager was told that the target was missed.",
    )
    date_escalated = fields.Datetime("Escalated On", readonly=True, copy=False)

    _sql_constraints = [
        (
            "complaint_kind_unique",
            "UNIQUE(complaint_id, kind)",
            "A complaint has one target of each kind.",
        ),
    ]

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "kind",
        "complaint_id.reply_deadline",
        "complaint_id.reply_warning_date",
        "complaint_id.resolution_deadline",
        "complaint_id.resolution_warning_date",
        "complaint_id.date_resolved",
    )
    def _compute_deadline(self):
        """Reply and resolution: the complaint's. Return visit: within the
        rule's days of the resolution (clock days), warned at the rule's share
        of that time."""
        rules = self.env["customer.complaint.sla"]._get_rules()
        for target in self:
            complaint = target.complaint_id
            if target.kind in MIRRORED_CLOCKS:
                deadline, warning = MIRRORED_CLOCKS[target.kind]
                target.deadline = complaint[deadline]
                target.warning_date = complaint[warning]
                continue
            if not complaint.date_resolved:
                target.deadline = target.warning_date = False
                continue
            rule = complaint._get_sla_rule(rules)
            days = rule._get_return_visit_days()
            _reply, _resolution, warn = rule._get_limits()
            target.deadline = complaint.date_resolved + timedelta(days=days)
            target.warning_date = warning_date(target.deadline, days * 24, warn)

    @api.depends(
        "kind",
        "complaint_id.first_reply_date",
        "complaint_id.date_resolved",
        "complaint_id.return_visit_date",
    )
    def _compute_date_reached(self):
        """The reply target stops at the first reply, or at the resolution
        without one (as the complaint's reply clock); the return visit target
        at the moment its visit is recorded done (``_reach``), kept while the
        complaint has its return visit."""
        for target in self:
            complaint = target.complaint_id
            if target.kind == "reply":
                reached = complaint.first_reply_date or complaint.date_resolved
            elif target.kind == "resolution":
                reached = complaint.date_resolved
            else:
                reached = complaint.return_visit_date and target.date_reached
            target.date_reached = reached or False

    @api.depends("deadline", "date_reached")
    def _compute_late(self):
        for target in self:
            target.late = is_late(target.deadline, target.date_reached)

    @api.depends(
        "kind",
        "date_reached",
        "complaint_id.state",
        "complaint_id.active",
        "complaint_id.waiting_since",
        "complaint_id.return_visit_waived",
    )
    def _compute_clock(self):
        for target in self:
            complaint = target.complaint_id
            unresolved = complaint.state in UNRESOLVED_STATES
            if target.date_reached:
                clock = "stopped"
            elif not complaint.active or complaint.state == "cancelled":
                clock = "waived"
            elif target.kind == "return_visit":
                if complaint.return_visit_waived:
                    clock = "waived"
                elif unresolved:
                    clock = "pending"
                else:
                    clock = "running"
            elif complaint.waiting_since and unresolved:
                clock = "paused"
            else:
                clock = "running"
            target.clock = clock

    @api.depends("clock", "late", "deadline", "warning_date")
    def _compute_status(self):
        now = fields.Datetime.now()
        for target in self:
            target.status = target._get_status(now)

    def _get_status(self, now):
        """Met or breached once reached (breached when late); a running clock
        is breached past its deadline, at risk past its warning date. A paused
        clock is paused, whatever the date: waiting for the customer is not a
        breach."""
        self.ensure_one()
        if self.clock == "stopped":
            return "breached" if self.late else "met"
        if self.clock != "running":
            return self.clock
        if self.deadline and self.deadline <= now:
            return "breached"
        if self.warning_date and self.warning_date <= now:
            return "at_risk"
        return "running"

    @api.model
    def _get_status_domains(self, now):
        """``{status: domain}``, the searchable twin of ``_get_status``."""
        running = [("clock", "=", "running")]
        breached_now = expression.AND([running, [("deadline", "<=", now)]])
        at_risk = expression.AND(
            [
                running,
                [("warning_date", "<=", now)],
                ["|", ("deadline", "=", False), ("deadline", ">", now)],
            ]
        )
        return {
            "pending": [("clock", "=", "pending")],
            "paused": [("clock", "=", "paused")],
            "waived": [("clock", "=", "waived")],
            "met": [("clock", "=", "stopped"), ("late", "=", False)],
            "breached": expression.OR(
                [[("clock", "=", "stopped"), ("late", "=", True)], breached_now]
            ),
            "at_risk": at_risk,
            "running": expression.AND(
                [
                    running,
                    ["|", ("warning_date", "=", False), ("warning_date", ">", now)],
                    ["|", ("deadline", "=", False), ("deadline", ">", now)],
                ]
            ),
        }

    def _search_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(
                self.env._("Search the status of a target with =, !=, in or not in.")
            )
        values = [value] if isinstance(value, str) or not value else list(value)
        domains = self._get_status_domains(fields.Datetime.now())
        domain = expression.OR(
            [domains[v] for v in values if v in domains] or [expression.FALSE_DOMAIN]
        )
        if operator in ("!=", "not in"):
            domain = ["!", *domain]
        return domain

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def init(self):
        """One small partial index per escalation step of the targets: only the
        running targets of that kind the step has not reached yet, by the date
        it watches (the complaint's own steps have theirs, see
        ``customer_complaint_escalation.py``)."""
        res = super().init()
        for step in self._get_escalation_steps():
            tools.create_index(
                self.env.cr,
                step["index"],
                self._table,
                [step["index_column"]],
                where=f"clock = 'running' AND kind = '{step['target_kind']}' "
                f"AND {step['flag']} IS NOT TRUE",
            )
        return res

    @api.model
    def _prepare_targets(self, complaints):
        """The values of the three targets of each new complaint."""
        return [
            {"complaint_id": complaint.id, "kind": kind}
            for complaint in complaints
            for kind, _label in TARGET_KINDS
        ]

    def _reach(self, kind, moment):
        """The targets of ``kind`` among ``self`` not reached yet are reached at
        ``moment`` (the return visit: the complaint reads the visit done)."""
        self.filtered(
            lambda target: target.kind == kind and not target.date_reached
        ).sudo().write({"date_reached": moment})

    # ------------------------------------------------------------
    # ESCALATION
    # ------------------------------------------------------------

    @api.model
    def _get_escalation_steps(self):
        """The targets' own steps, walked after the complaint's (the reply and
        resolution targets are escalated by the complaint's steps, which mark
        them too: ``target_kind`` of those steps). Each sets its flag (and
        ``also``) in one UPDATE; ``index`` is the step's partial index."""
        return [
            {
                "table": "customer_complaint_target",
                "flag": "escalated",
                "also": ["warned"],
                "stamp": "date_escalated",
                "target_kind": "return_visit",
                "where": "t.deadline <= %(now)s",
                "index": "customer_complaint_target_return_visit_escalated_index",
                "index_column": "deadline",
                "recipient": "manager",
                "kind": "return_visit_breached",
            },
            {
                "table": "customer_complaint_target",
                "flag": "warned",
                "also": [],
                "target_kind": "return_visit",
                "where": "t.warning_date <= %(now)s",
                "index": "customer_complaint_target_return_visit_warned_index",
                "index_column": "warning_date",
                "recipient": "owner",
                "kind": "return_visit_warning",
            },
        ]

    @api.model
    def _escalation_due_sql(self, step, now):
        """Targets due for ``step``: running (the condition of the partial
        index: not paused, not reached, not waived), of the step's kind, flag
        not set yet."""
        return SQL(
            """
            FROM customer_complaint_target t
           WHERE t.clock = 'running'
             AND t.kind = %s
             AND t.%s IS NOT TRUE
             AND %s
            """,
            step["target_kind"],
            SQL.identifier(step["flag"]),
            SQL(step["where"], now=now),
        )

    @api.model
    def _escalation_claim_sql(self, step, now, limit):
        """The next ``limit`` targets due for ``step``, locked (skipping those
        another transaction holds), the most overdue first."""
        return SQL(
            "SELECT t.id %s ORDER BY t.%s, t.id LIMIT %s FOR UPDATE OF t SKIP LOCKED",
            self._escalation_due_sql(step, now),
            SQL.identifier(step["index_column"]),
            limit,
        )

    @api.model
    def _mark_escalated(self, complaint_ids, kind, flags, now):
        """The complaint's own step for ``kind`` was taken: mark its target
        alike, in one UPDATE."""
        if not complaint_ids:
            return
        sets = [SQL("%s = TRUE", SQL.identifier(flag)) for flag in flags]
        if "escalated" in flags:
            sets.append(SQL("date_escalated = %s", now))
        self.env.cr.execute(
            SQL(
                "UPDATE customer_complaint_target SET %s "
                "WHERE complaint_id = ANY(%s) AND kind = %s",
                SQL(", ").join(sets),
                list(complaint_ids),
                kind,
            )
        )
