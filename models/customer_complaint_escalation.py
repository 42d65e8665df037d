# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The escalation job of complaints (DOMAIN §9): the handler warned before a deadline,
the service manager told when it is missed, the general manager of every major one; each
step declared once (``_get_escalation_steps``) with its own partial index (``init``).
The deadlines it reads are computed in ``customer_complaint_deadline.py``. The same
job walks the steps of the service targets (the return visit's, declared in
``customer_complaint_target.py``); the complaint's reply and resolution steps mark
their targets too."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.tools import SQL
from odoo.tools.misc import format_datetime

from .customer_planning_job import PASS_CHANNEL
from .planning_rules import DIGEST_LINES

ESCALATION_LEVELS = [
    ("none", "None"),
    ("warned", "Handler Warned"),
    ("manager", "Service Manager"),
    ("general_manager", "General Manager"),
]
DEFAULT_ESCALATION_BATCH_SIZE = 1000


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    # Escalation ladder: each step happens once (DOMAIN §9)
    escalation_reply_warned = fields.Boolean(
        "Handler Warned (Reply)", readonly=True, copy=False
    )
    escalation_reply_breached = fields.Boolean(
        "Manager Told (Reply)", readonly=True, copy=False
    )
    escalation_resolution_warned = fields.Boolean(
        "Handler Warned (Resolution)", readonly=True, copy=False
    )
    escalation_resolution_breached = fields.Boolean(
        "Manager Told (Resolution)", readonly=True, copy=False
    )
    escalation_gm_notified = fields.Boolean(
        "General Manager Told", readonly=True, copy=False
    )
    escalation_level = fields.Selection(
        ESCALATION_LEVELS, compute="_compute_escalation_level"
    )

    @api.depends(
        "escalation_reply_warned",
        "escalation_resolution_warned",
        "escalation_reply_breached",
        "escalation_resolution_breached",
        "escalation_gm_notified",
    )
    def _compute_escalation_level(self):
        for complaint in self:
            if complaint.escalation_gm_notified:
                level = "general_manager"
            elif (
                complaint.escalation_reply_breached
                or complaint.escalation_resolution_breached
            ):
                level = "manager"
            elif (
                complaint.escalation_reply_warned
                or complaint.escalation_resolution_warned
            ):
                level = "warned"
            else:
                level = "none"
            complaint.escalation_level = level

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def init(self):
        """The escalation scan reads open, unresolved complaints by their
        warning dates: a partial index keeps it fast whatever the history."""
        res = super().init()
        # Indexes made before the clocks could pause: made again with the
        # condition on waiting complaints.
        self.env.cr.execute(
            """
            SELECT indexname FROM pg_indexes
             WHERE tablename = %s AND indexname LIKE 'customer_complaint_escalation_%%'
               AND indexdef NOT LIKE '%%waiting_since%%'
            """,
            [self._table],
        )
        for (indexname,) in self.env.cr.fetchall():
            tools.drop_index(self.env.cr, indexname, self._table)
        # One small partial index per step of the escalation ladder: only the
        # open complaints that step has not reached yet, by the date it watches.
        # The scan reads a few index entries, whatever the complaint history.
        for step in self._get_escalation_steps():
            tools.create_index(
                self.env.cr,
                f"customer_complaint_{step['flag']}_index",
                self._table,
                [step.get("index_column", "id")],
                where=f"state IN ('new', 'acknowledged', 'in_progress') AND active "
                f"AND waiting_since IS NULL "
                f"AND {step['flag']} IS NOT TRUE AND {step['index_where']}",
            )
        return res

    # ------------------------------------------------------------
    # ESCALATION
    # ------------------------------------------------------------

    @api.model
    def _get_escalation_steps(self):
        """The ladder, walked in this order. Each step sets its flag (and
        ``also``: a breach makes the warning pointless) in one UPDATE, so that
        it happens once whatever the number of runs. ``where`` reads
        ``customer_complaint AS c`` and ``res_company AS co``; ``index_column``
        and ``index_where`` make the step's partial index (see ``init``);
        ``target_kind`` and ``target_flags``: the target the step marks too."""
        return [
            {
                "flag": "escalation_reply_breached",
                "also": ["escalation_reply_warned"],
                "where": "c.first_reply_date IS NULL AND c.reply_deadline <= %(now)s",
                "index_column": "reply_deadline",
                "index_where": "first_reply_date IS NULL",
                "recipient": "manager",
                "kind": "reply_breached",
                "target_kind": "reply",
                "target_flags": ["escalated", "warned"],
            },
            {
                "flag": "escalation_resolution_breached",
                "also": ["escalation_resolution_warned"],
                "where": "c.resolution_deadline <= %(now)s",
                "index_column": "resolution_deadline",
                "index_where": "TRUE",
                "recipient": "manager",
                "kind": "resolution_breached",
                "target_kind": "resolution",
                "target_flags": ["escalated", "warned"],
            },
            {
                "flag": "escalation_reply_warned",
                "also": [],
                "where": "c.first_reply_date IS NULL "
                "AND c.reply_warning_date <= %(now)s",
                "index_column": "reply_warning_date",
                "index_where": "first_reply_date IS NULL",
                "recipient": "handler",
                "kind": "reply_warning",
                "target_kind": "reply",
                "target_flags": ["warned"],
            },
            {
                "flag": "escalation_resolution_warned",
                "also": [],
                "where": "c.resolution_warning_date <= %(now)s",
                "index_column": "resolution_warning_date",
                "index_where": "TRUE",
                "recipient": "handler",
                "kind": "resolution_warning",
                "target_kind": "resolution",
                "target_flags": ["warned"],
            },
            {
                "flag": "escalation_gm_notified",
                "also": [],
                "where": "c.severity = 'major' "
                "AND co.complaint_general_manager_id IS NOT NULL",
                "index_where": "severity = 'major'",
                "recipient": "general_manager",
                "kind": "major",
            },
        ]

    @api.model
    def _escalation_due_sql(self, step, now):
        """Complaints due for ``step``: open, unresolved, not waiting for the
        customer (the condition of the partial index), flag not set yet."""
        return SQL(
            """
            FROM customer_complaint c
            JOIN res_company co ON co.id = c.company_id
           WHERE c.state IN ('new', 'acknowledged', 'in_progress')
             AND c.active
             AND c.waiting_since IS NULL
             AND c.%s IS NOT TRUE
             AND %s
            """,
            SQL.identifier(step["flag"]),
            SQL(step["where"], now=now),
        )

    @api.model
    def _escalation_claim_sql(self, step, now, limit):
        """The next ``limit`` complaints due for ``step``, locked for this
        transaction (the ones another transaction holds are skipped): the most
        overdue first, in the order of the step's partial index."""
        return SQL(
            "SELECT c.id %s ORDER BY c.%s, c.id LIMIT %s FOR UPDATE OF c SKIP LOCKED",
            self._escalation_due_sql(step, now),
            SQL.identifier(step.get("index_column", "id")),
            limit,
        )

    @api.model
    def _escalation_batch_size(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(
                "crm_customer_planning.escalation_batch_size",
                DEFAULT_ESCALATION_BATCH_SIZE,
            )
        )

    @api.model
    def _cron_escalate_complaints(self, batch_size=None, now=None):
        """The scheduled action of the escalation scan. While a queue_job
        runner serves the database (``customer.planning.job._use_queue_job``):
        one job a batch of the complaints and targets due now, on the channel
        root.customer_planning; each job claims its own batch when it runs
        (``FOR UPDATE SKIP LOCKED``), so jobs of several servers never take one
        step twice, and a job still waiting is not enqueued again. Otherwise
        one batch here (``_escalate_next_batch``); the cron runner calls again
        while some remain. Returns ``(done, remaining)``: with queue_job,
        ``done`` counts the jobs enqueued."""
        batch_size = batch_size or self._escalation_batch_size()
        if not self.env["customer.planning.job"]._use_queue_job():
            done, remaining = self._escalate_next_batch(batch_size, now)
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            return done, remaining
        due = self._escalation_due_count(now or fields.Datetime.now())
        jobs = -(-due // batch_size)
        for position in range(jobs):
            self.with_delay(
                channel=PASS_CHANNEL,
                identity_key=f"escalate_complaints:{position}",
                description=self.env._("Complaint escalation: a batch of due steps"),
            )._escalate_complaints_job(batch_size, now)
        self.env["ir.cron"]._notify_progress(done=jobs, remaining=0)
        return jobs, 0

    @api.model
    def _escalate_complaints_job(self, batch_size=None, now=None):
        """A queue_job job of the escalation scan: claim and escalate one batch
        of due steps (``_escalate_next_batch``), at the time it runs unless
        ``now`` is given. Killed half-way, its transaction is rolled back with
        its claim: run again, it takes each step once."""
        done, _remaining = self._escalate_next_batch(
            batch_size or self._escalation_batch_size(), now
        )
        return done

    @api.model
    def _escalation_due_count(self, now):
        """How many steps of complaints and targets are due at ``now``."""
        Target = self.env["customer.complaint.target"]
        due = [
            SQL("SELECT c.id %s", self._escalation_due_sql(step, now))
            for step in self._get_escalation_steps()
        ] + [
            SQL("SELECT t.id %s", Target._escalation_due_sql(step, now))
            for step in Target._get_escalation_steps()
        ]
        self.env.cr.execute(
            SQL("SELECT COUNT(*) FROM (%s) due", SQL(" UNION ALL ").join(due))
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _escalate_next_batch(self, batch_size, now=None):
        """Walk the escalation ladder for one batch of complaints: claim the due
        ones step by step in one UPDATE each (the flag is the proof the step
        was taken; rows another transaction holds are skipped), then log and
        notify in bulk. Re-running takes no step twice. The work the
        scheduled action and queue_job's jobs both run. Returns ``(done,
        remaining)``."""
        now = now or fields.Datetime.now()
        Target = self.env["customer.complaint.target"]
        steps = self._get_escalation_steps()
        target_steps = Target._get_escalation_steps()
        flags = [step["flag"] for step in steps]
        self.flush_model()
        Target.flush_model()
        self.env["res.company"].flush_model(["complaint_general_manager_id"])
        cr = self.env.cr
        claimed, left = [], batch_size
        for step in [*steps, *target_steps]:
            if left <= 0:
                break
            # A step of the complaints, or of the targets (``table``).
            table = step.get("table", self._table)
            on_targets = table == Target._table
            model = Target if on_targets else self
            sets = [
                SQL("%s = TRUE", SQL.identifier(flag))
                for flag in [step["flag"], *step["also"]]
            ]
            if step.get("stamp"):
                sets.append(SQL("%s = %s", SQL.identifier(step["stamp"]), now))
            # The claim is materialized, evaluated once: an UPDATE ... WHERE id
            # IN (subquery) may re-run a LIMIT ... SKIP LOCKED subquery and then
            # take more rows than the batch holds. RETURNING gives no order:
            # sort the ids the claim took by the claim's own position.
            cr.execute(
                SQL(
                    """
                    WITH claim AS MATERIALIZED (
                        SELECT id, row_number() OVER () AS position FROM (%s) due
                    )
                    UPDATE %s
                       SET %s
                      FROM claim
                     WHERE %s = claim.id
                    RETURNING %s, claim.position, %s, %s
                    """,
                    model._escalation_claim_sql(step, now, left),
                    SQL.identifier(table),
                    SQL(", ").join(sets),
                    SQL.identifier(table, "id"),
                    SQL.identifier(table, "id"),
                    SQL.identifier(table, "complaint_id" if on_targets else "id"),
                    SQL.identifier(table, "deadline") if on_targets else SQL("NULL"),
                )
            )
            rows = sorted(cr.fetchall(), key=lambda row: row[1])
            # The complaints of the claimed rows (their targets' deadlines).
            ids = [row[2] for row in rows]
            if ids:
                deadlines = {row[2]: row[3] for row in rows} if on_targets else None
                claimed.append((step, ids, deadlines))
                left -= len(ids)
                if not on_targets and step.get("target_kind"):
                    Target._mark_escalated(
                        ids, step["target_kind"], step["target_flags"], now
                    )
        self.invalidate_model([*flags, "escalation_level"])
        Target.invalidate_model(["warned", "escalated", "date_escalated"])
        for step, ids, deadlines in claimed:
            self.browse(ids)._escalate(step, deadlines)
        done = sum(len(ids) for _step, ids, _deadlines in claimed)
        remaining = self._escalation_due_count(now) if left <= 0 else 0
        return done, remaining

    def _escalate(self, step, deadlines=None):
        """Log the step on each complaint and send one digest per recipient;
        ``deadlines`` (``{complaint id: deadline}``) for a target's step."""
        recipients = self._get_escalation_recipients(step["recipient"])
        by_user = defaultdict(list)
        bodies, notes = {}, {}
        for complaint in self:
            users = recipients.get(complaint.id, self.env["res.users"])
            for user in users:
                by_user[user].append(complaint.id)
            if users not in notes:
                notes[users] = self._get_escalation_note(
                    step["kind"], ", ".join(users.mapped("name")) or "—"
                )
            bodies[complaint.id] = notes[users]
        self.sudo()._message_log_batch(bodies=bodies)
        for user, complaint_ids in by_user.items():
            self.browse(complaint_ids)._notify_escalation(user, step["kind"], deadlines)

    def _get_escalation_recipients(self, recipient):
        """``{complaint_id: users}`` to tell at a step, without a query per
        complaint: the handler (else the owner), the owner (who makes the
        return visit), the team leader (else the service managers of the
        company), or the general manager."""
        if recipient == "handler":
            return {c.id: c.handler_id or c.first_responsible_id for c in self}
        if recipient == "owner":
            return {c.id: c.first_responsible_id for c in self}
        if recipient == "general_manager":
            return {c.id: c.company_id.complaint_general_manager_id for c in self}
        managers = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    (
                        "groups_id",
                        "in",
                        self.env.ref(
                            "crm_customer_planning.group_customer_service_manager"
                        ).id,
                    ),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.ids),
                ]
            )
            .filtered(lambda user: not user._is_superuser())
        )
        by_company = {
            company: managers.filtered(lambda user, co=company: co in user.company_ids)
            for company in self.company_id
        }
        return {c.id: c.team_id.user_id or by_company[c.company_id] for c in self}

    @api.model
    def _get_escalation_note(self, kind, names):
        notes = {
            "reply_warning": self.env._(
                "Escalation: the reply deadline is near; %(names)s warned.",
                names=names,
            ),
            "resolution_warning": self.env._(
                "Escalation: the resolution deadline is near; %(names)s warned.",
                names=names,
            ),
            "reply_breached": self.env._(
                "Escalation: no reply within the time limit; %(names)s told.",
                names=names,
            ),
            "resolution_breached": self.env._(
                "Escalation: not resolved within the time limit; %(names)s told.",
                names=names,
            ),
            "major": self.env._(
                "Escalation: major complaint; the general manager %(names)s told.",
                names=names,
            ),
            "return_visit_warning": self.env._(
                "Escalation: the return visit is due soon; %(names)s warned.",
                names=names,
            ),
            "return_visit_breached": self.env._(
                "Escalation: no return visit within the time limit; %(names)s told.",
                names=names,
            ),
        }
        return Markup("<p>%s</p>") % notes[kind]

    def _notify_escalation(self, user, kind, deadlines=None):
        """One message to ``user`` listing the complaints of this step, with
        the deadline it watches (``deadlines``: a target's)."""
        env = user.with_context(lang=user.lang).env
        intros = {
            "reply_warning": env._(
                "The reply deadline of these complaints is near: answer the customer."
            ),
            "resolution_warning": env._(
                "The resolution deadline of these complaints is near."
            ),
            "reply_breached": env._(
                "These complaints got no reply within the time limit."
            ),
            "resolution_breached": env._(
                "These complaints were not resolved within the time limit."
            ),
            "major": env._("Major complaints: they go to you at once."),
            "return_visit_warning": env._(
                "The return visit of these resolved complaints is due soon."
            ),
            "return_visit_breached": env._(
                "These resolved complaints got no return visit within the time limit."
            ),
        }

        def deadline(complaint):
            if deadlines:
                return deadlines[complaint.id]
            if kind.startswith("reply"):
                return complaint.reply_deadline
            return complaint.resolution_deadline

        # A digest names the first complaints; the list view has them all.
        lines = Markup().join(
            Markup("<li>%s — %s — %s</li>")
            % (
                complaint._get_html_link(),
                complaint.partner_id.complete_name,
                format_datetime(
                    env,
                    deadline(complaint),
                    tz=user.tz or user.company_id._get_company_tz(),
                    dt_format="short",
                ),
            )
            for complaint in self[:DIGEST_LINES]
        )
        more = ""
        if len(self) > DIGEST_LINES:
            more = env._("… and %(count)s more.", count=len(self) - DIGEST_LINES)
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=user.partner_id.ids,
            subject=env._("Complaints to escalate: %(count)s", count=len(self)),
            body=Markup("<p>%s</p><ul>%s</ul><p>%s</p>") % (intros[kind], lines, more),
            subtype_xmlid="mail.mt_note",
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _trigger_escalation(self):
        """Major complaints go to the general manager at once: run the ladder
        now rather than at its next tick."""
        if not self:
            return
        cron = self.env.ref(
            "crm_customer_planning.ir_cron_escalate_complaints",
            raise_if_not_found=False,
        )
        if cron:
            cron.sudo()._trigger()
