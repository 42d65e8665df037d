# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Where each batched job over all customers stands (customer.planning.job): its keyset
cursor and the day of its pass, and how a pass runs: its batches inline, one a cron
call, or as OCA queue_job jobs, one a batch of customer ids. The batch work is in
res_partner_planning.py (values and tiers), customer_followup_rule_planning.py (the
rules' return visits) and customer_followup_planning.py (customer care); the
escalation scan (customer_complaint_escalation.py) runs as jobs that each claim a
batch of due complaints."""

from odoo import api, fields, models

from odoo.addons.queue_job.jobrunner.runner import PG_ADVISORY_LOCK_ID

# How the passes run (system parameter crm_customer_planning.pass_runner):
# "auto" (the default) as queue_job jobs while a queue_job runner serves this
# database, else inline by the scheduled action; "queue_job" or "cron" always so.
# Set in Settings (res.config.settings.planning_pass_runner).
PASS_RUNNER_PARAM = "crm_customer_planning.pass_runner"
# The queue_job channel of the passes' batches (data/queue_job_data.xml).
PASS_CHANNEL = "root.customer_planning"


class CustomerPlanningJob(models.Model):
    """Where a batched job over all customers stands: a keyset cursor (the
    last customer a pass handled), kept here rather than on the customers.
    A pass then reads the customers in id order, batch after batch, and writes
    only the ones whose figures change; stopped half-way, the next run goes on
    from the cursor."""

    _name = "customer.planning.job"
    _description = "Customer Planning Job Progress"
    _order = "code"
    _rec_name = "code"

    code = fields.Selection(
        [
            ("recompute_customer_values", "Customer values and tiers"),
            ("generate_followups", "Return visit planning"),
            ("customer_care", "Customer care visits"),
        ],
        "Job",
        required=True,
        readonly=True,
    )
    pass_date = fields.Date(
        "Pass Of",
        readonly=True,
        help="The day of the pass under way, or of the last one finished.",
    )
    last_id = fields.Integer(
        "Last Customer",
        readonly=True,
        help="The id of the last customer the pass handled: it goes on after it.",
    )
    finished = fields.Boolean(readonly=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A job keeps one cursor."),
    ]

    @api.model
    def _lock(self, code):
        """The cursor of job ``code``, locked for this transaction: a second
        server running the same job waits for this batch rather than doing it
        again."""
        job = self.sudo().search([("code", "=", code)])
        if not job:
            job = self.sudo().create({"code": code})
            job.flush_recordset()
        self.env.cr.execute(
            "SELECT 1 FROM customer_planning_job WHERE id = %s FOR UPDATE", [job.id]
        )
        job.invalidate_recordset()
        return job

    @api.model
    def _todays_batch(self, code, limit):
        """The next ``limit`` customers of today's pass of job ``code``, in id
        order from its cursor (a pass of another day starts again from the
        first customer); none once today's pass is over."""
        job = self._lock(code)
        today = self.env.company._planning_today()
        if job.pass_date != today:
            job._restart(today)
        if job.finished:
            return []
        ids = self.env["res.partner"]._planning_customer_ids(job.last_id, limit)
        job.write(
            {"last_id": ids[-1] if ids else job.last_id, "finished": len(ids) < limit}
        )
        return ids

    def _restart(self, pass_date=False):
        """Start a new pass from the first customer."""
        self.write({"pass_date": pass_date, "last_id": 0, "finished": False})

    # ------------------------------------------------------------
    # THE PASSES AS QUEUE_JOB JOBS
    # ------------------------------------------------------------

    @api.model
    def _use_queue_job(self):
        """Whether the passes' batches go to queue_job (see ``PASS_RUNNER_PARAM``)."""
        runner = (
            self.env["ir.config_parameter"].sudo().get_param(PASS_RUNNER_PARAM, "auto")
        )
        if runner == "cron":
            return False
        if runner == "queue_job":
            return True
        return self._queue_job_runner_alive()  # "auto", or a value unknown

    @api.model
    def _queue_job_runner_alive(self):
        """Whether a queue_job runner, of any host, serves this database: the
        runner that runs its jobs holds queue_job's master lock, a session-level
        advisory lock on the database (a bigint key: PostgreSQL shows its high
        and low 32 bits)."""
        self.env.cr.execute(
            """
            SELECT 1 FROM pg_locks l
              JOIN pg_database d ON d.oid = l.database
             WHERE l.locktype = 'advisory' AND l.granted
               AND d.datname = current_database()
               AND l.classid::bigint = %s AND l.objid::bigint = %s
               AND l.objsubid = 1
             LIMIT 1
            """,
            [PG_ADVISORY_LOCK_ID >> 32, PG_ADVISORY_LOCK_ID & 0xFFFFFFFF],
        )
        return bool(self.env.cr.fetchone())

    @api.model
    def _enqueue_todays_pass(self, code, batch_size, model, method):
        """Hand the rest of today's pass of job ``code`` to queue_job: one job a
        batch of ``batch_size`` customers, ``model.method(after_id, upto_id,
        pass_date)`` for the customers whose id is in ``(after_id, upto_id]``.
        The batches are cut in one query, enqueued with the cursor moved to the
        end of the pass in the same transaction (a run killed before its commit
        enqueued nothing; a further run the same day enqueues only the
        customers created since, after the cursor), and keyed by pass and id
        range (``identity_key``: a batch still waiting is not enqueued twice).
        Returns the ``(after_id, upto_id)`` ranges."""
        job = self._lock(code)
        today = self.env.company._planning_today()
        if job.pass_date != today:
            job._restart(today)
        bounds = self.env["res.partner"]._planning_batch_bounds(job.last_id, batch_size)
        ranges = list(zip([job.last_id, *bounds], bounds, strict=False))
        job.write({"last_id": bounds[-1] if bounds else job.last_id, "finished": True})
        label = dict(self._fields["code"]._description_selection(self.env))[code]
        for after_id, upto_id in ranges:
            delayable = self.env[model].with_delay(
                channel=PASS_CHANNEL,
                identity_key=f"{code}:{today}:{after_id}-{upto_id}",
                description=self.env._(
                    "%(job)s of %(date)s: customers %(first)s to %(last)s",
                    job=label,
                    date=today,
                    first=after_id + 1,
                    last=upto_id,
                ),
            )
            getattr(delayable, method)(after_id, upto_id, today)
        return ranges
