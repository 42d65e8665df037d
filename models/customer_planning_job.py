# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Where each batched job over all customers stands (customer.planning.job): its keyset
cursor and the day of its pass. The jobs are in res_partner_planning.py (values and
tiers) and customer_followup_rule_planning.py (the rules' return visits)."""

from odoo import api, fields, models


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
