# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The nightly passes as OCA queue_job jobs: the scheduled action enqueues one
job a batch of customers (id ranges, on the channel root.customer_planning),
the jobs run the same batch work as the inline pass and give its result; a
job killed half-way (its transaction rolled back) and run again leaves every
customer right, once. The jobs are trapped and performed in the test
(queue_job's ``trap_jobs``): no job runner runs during the tests."""

from collections import Counter
from datetime import datetime, timedelta
from math import ceil
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.queue_job.jobrunner.runner import PG_ADVISORY_LOCK_ID
from odoo.addons.queue_job.tests.common import trap_jobs

from ..models.customer_planning_job import PASS_CHANNEL, PASS_RUNNER_PARAM
from .common import CustomerServiceCase, FollowupCase, escalation_snapshot

BATCH = 3
# After the resolution deadline of the complaints of CustomerServiceCase.
AFTER_RESOLUTION_DEADLINE = datetime(2026, 3, 9, 6, 0)


def _inline(env, run):
    """``run`` as the scheduled action runs it without queue_job: the runner
    set to ``cron`` around it (the parameter's cache follows each set)."""

    def inline():
        params = env["ir.config_parameter"].sudo()
        params.set_param(PASS_RUNNER_PARAM, "cron")
        try:
            return run()
        finally:
            params.set_param(PASS_RUNNER_PARAM, "queue_job")

    return inline


@tagged("post_install", "-at_install")
class TestQueueJobPasses(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["customer.followup"].search([]).unlink()
        cls.customers = cls.env["res.partner"]
        for index in range(7):
            owner = cls.salesman if index % 2 else cls.salesman_2
            customer = cls._create_customer(f"Queued Customer {index}", owner=owner)
            cls._create_won(customer, 100000 * (index + 1))
            cls.customers |= customer
        cls.env["ir.config_parameter"].sudo().set_param(PASS_RUNNER_PARAM, "queue_job")
        # Every customer the pass goes over, not only ours: the batches' count.
        cls.in_scope = len(cls.env["res.partner"]._planning_customer_ids(0, None))

    # ------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------

    def _values(self):
        rows = self.customers.read(
            [
                "current_value",
                "share_of_wallet",
                "value_quadrant",
                "customer_tier_id",
                "planning_values_date",
            ]
        )
        history = self.env["customer.tier.history"].search(
            [("partner_id", "in", self.customers.ids)]
        )
        return rows, sorted(
            (h.partner_id.id, h.old_tier_id.id, h.new_tier_id.id, h.change_type)
            for h in history
        )

    def _visits(self):
        visits = self.env["customer.followup"].search(
            [("partner_id", "in", self.customers.ids)]
        )
        return sorted(
            (v.partner_id.id, v.rule_id.id, v.kind, str(v.date_planned), v.user_id.id)
            for v in visits
        )

    def _direct(self, run, snapshot):
        """What the inline pass gives, then undone."""
        savepoint = self.env.cr.savepoint()
        run()
        expected = snapshot()
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        self.assertNotEqual(snapshot(), expected, "the pass has nothing to do")
        return expected

    def _enqueue(self, cron, method, returns=lambda jobs: (jobs, 0)):
        """Run the scheduled action ``cron`` (jobs trapped): check it enqueued
        one job of ``method`` a batch, on the passes' channel, once each
        (``returns``: what the scheduled action returns for that many jobs)."""
        with trap_jobs() as trap:
            self.assertEqual(
                cron(batch_size=BATCH), returns(ceil(self.in_scope / BATCH))
            )
            trap.assert_jobs_count(ceil(self.in_scope / BATCH), only=method)
            self.assertEqual(
                {job.channel for job in trap.enqueued_jobs}, {PASS_CHANNEL}
            )
            keys = [job.identity_key for job in trap.enqueued_jobs]
            self.assertEqual(len(set(keys)), len(keys))
            # The ranges follow each other and cover every customer once.
            ranges = [job.args[:2] for job in trap.enqueued_jobs]
            self.assertEqual(ranges[0][0], 0)
            for (_after, upto), (after, _upto) in zip(ranges, ranges[1:], strict=False):
                self.assertEqual(after, upto)
            self.assertEqual(
                ranges[-1][1],
                max(self.env["res.partner"]._planning_customer_ids(0, None)),
            )
            jobs = list(trap.enqueued_jobs)
        # The same day, the pass is enqueued already: nothing more.
        with trap_jobs() as trap:
            self.assertEqual(cron(batch_size=BATCH), returns(0))
            trap.assert_jobs_count(0)
        return jobs

    # ------------------------------------------------------------
    # tests
    # ------------------------------------------------------------

    def test_recompute_through_queue_job_as_direct(self):
        Partner = self.env["res.partner"]
        expected = self._direct(Partner._planning_recompute_all, self._values)
        jobs = self._enqueue(
            Partner._cron_recompute_customer_values, Partner._planning_recompute_range
        )
        for job in jobs:
            job.perform()
        self.env.invalidate_all()
        self.assertEqual(self._values(), expected)
        # Won 100k to 700k: Non-named below 300k, Named from 300k on, and one
        # first classification each in the history.
        self.assertEqual(
            self.customers.mapped("customer_tier_id"),
            self.tier_non_named + self.tier_named,
        )
        self.assertEqual(len(expected[1]), len(self.customers))

    def test_recompute_job_killed_half_way_is_redone_once(self):
        Partner = self.env["res.partner"]
        expected = self._direct(Partner._planning_recompute_all, self._values)
        jobs = self._enqueue(
            Partner._cron_recompute_customer_values, Partner._planning_recompute_range
        )
        jobs[0].perform()
        # The second batch dies after writing its customers, before their
        # history: its transaction is rolled back.
        with (
            patch.object(
                self.registry["res.partner"],
                "_planning_log_tier_changes",
                side_effect=RuntimeError("killed"),
            ),
            self.assertRaises(RuntimeError),
            self.env.cr.savepoint(),
        ):
            jobs[1].perform()
        self.env.invalidate_all()
        # The runner requeues it: run again with the others; the first one
        # too, as if its commit had been lost with the answer.
        for job in jobs:
            job.perform()
        self.env.invalidate_all()
        self.assertEqual(self._values(), expected)
        # Every customer's first classification logged once, none twice.
        self.assertEqual(
            sorted(partner_id for partner_id, *_rest in self._values()[1]),
            sorted(self.customers.ids),
        )

    def test_new_customer_after_the_pass_goes_as_one_more_batch(self):
        Partner = self.env["res.partner"]
        for job in self._enqueue(
            Partner._cron_recompute_customer_values, Partner._planning_recompute_range
        ):
            job.perform()
        late = self._create_customer("Late Customer", owner=self.salesman)
        self._create_won(late, 400000)
        with trap_jobs() as trap:
            self.assertEqual(Partner._cron_recompute_customer_values(), (1, 0))
            trap.assert_jobs_count(1, only=Partner._planning_recompute_range)
            self.assertEqual(trap.enqueued_jobs[0].args[1], late.id)
            trap.perform_enqueued_jobs()
        self.assertEqual(late.customer_tier_id, self.tier_named)
        self.assertEqual(late.planning_values_date, self.today)

    def _kill_then_rerun(self, jobs, method, expected):
        """The first job killed half-way (``customer.followup.<method>``
        raises, its transaction rolled back), then every job run twice: the
        visits are still ``expected``, each once."""
        with (
            patch.object(
                self.registry["customer.followup"],
                method,
                side_effect=RuntimeError("killed"),
            ),
            self.assertRaises(RuntimeError),
            self.env.cr.savepoint(),
        ):
            jobs[0].perform()
        for job in jobs + jobs:
            job.perform()
        self.env.invalidate_all()
        self.assertEqual(self._visits(), expected)

    def test_followups_through_queue_job_as_direct(self):
        self.customers._planning_recompute_values()
        Rule = self.env["customer.followup.rule"]
        expected = self._direct(
            lambda: Rule.search([])._generate_followups(batch_size=BATCH),
            self._visits,
        )
        jobs = self._enqueue(
            Rule._cron_generate_followups, Rule._generate_followups_range
        )
        # A batch killed half-way, then every batch, twice: the same visits.
        self._kill_then_rerun(jobs, "_insert_followups", expected)

    def test_care_through_queue_job_as_direct(self):
        """The care pass (here the greetings of a coming festival) as jobs:
        the visits of the inline pass; a job killed half-way (its greetings
        written, then rolled back) and every job run twice: each customer
        greeted once."""
        self.customers._planning_recompute_values()
        self.env["customer.care.holiday"].create(
            {
                "name": "Queued Festival",
                "date": self.today + timedelta(days=1),
                "lead_days": 5,
            }
        )
        Followup = self.env["customer.followup"]
        expected = self._direct(
            _inline(self.env, Followup._cron_generate_care_followups), self._visits
        )
        self.assertEqual(
            Counter(visit[2] for visit in expected), {"holiday": len(self.customers)}
        )
        jobs = self._enqueue(
            Followup._cron_generate_care_followups,
            Followup._generate_care_range,
            returns=lambda jobs: jobs,
        )
        self._kill_then_rerun(jobs, "_generate_retention_followups", expected)

    def test_auto_runs_inline_without_a_job_runner(self):
        """No queue_job runner serves the test database: in ``auto``, the
        scheduled action runs its batches itself, as before."""
        Partner = self.env["res.partner"]
        self.env["ir.config_parameter"].sudo().set_param(PASS_RUNNER_PARAM, "auto")
        Job = self.env["customer.planning.job"]
        self.assertFalse(Job._queue_job_runner_alive())
        with trap_jobs() as trap:
            done, _remaining = Partner._cron_recompute_customer_values(batch_size=BATCH)
            trap.assert_jobs_count(0)
        self.assertEqual(done, BATCH)

    def test_auto_enqueues_while_a_runner_holds_its_lock(self):
        """A queue_job runner (of any host) holds its master lock on the
        database: in ``auto``, the scheduled action enqueues the pass."""
        Partner = self.env["res.partner"]
        self.env["ir.config_parameter"].sudo().set_param(PASS_RUNNER_PARAM, "auto")
        Job = self.env["customer.planning.job"]
        # A session lock, as the runner takes it: outlives a rollback, so it
        # is released whatever happens.
        self.env.cr.execute("SELECT pg_advisory_lock(%s)", [PG_ADVISORY_LOCK_ID])
        try:
            self.assertTrue(Job._queue_job_runner_alive())
            with trap_jobs() as trap:
                self.assertEqual(
                    Partner._cron_recompute_customer_values(batch_size=BATCH),
                    (ceil(self.in_scope / BATCH), 0),
                )
                trap.assert_jobs_count(
                    ceil(self.in_scope / BATCH), only=Partner._planning_recompute_range
                )
        finally:
            self.env.cr.execute("SELECT pg_advisory_unlock(%s)", [PG_ADVISORY_LOCK_ID])
        self.assertFalse(Job._queue_job_runner_alive())
        self.assertFalse(self.customers.mapped("customer_tier_id"))


@tagged("post_install", "-at_install")
class TestQueueJobEscalation(CustomerServiceCase):
    """The escalation scan as queue_job jobs: one job a batch of due steps,
    each claiming its own batch when it runs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaints = cls._create_escalation_complaints("Queued matter")
        cls.env["ir.config_parameter"].sudo().set_param(PASS_RUNNER_PARAM, "queue_job")

    def _snapshot(self):
        return escalation_snapshot(self.complaints)

    def _escalate_inline(self):
        """The scan run inline until nothing is due: the steps taken."""
        Complaint = self.env["customer.complaint"]
        taken = 0
        while True:
            done, remaining = _inline(
                self.env,
                lambda: Complaint._cron_escalate_complaints(
                    batch_size=2, now=AFTER_RESOLUTION_DEADLINE
                ),
            )()
            taken += done
            if not remaining:
                return taken

    def test_escalation_through_queue_job_as_direct_and_once(self):
        Complaint = self.env["customer.complaint"]
        savepoint = self.env.cr.savepoint()
        taken = self._escalate_inline()
        expected = self._snapshot()
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        self.assertNotEqual(self._snapshot(), expected)
        # Both breaches of each complaint, and the general manager of the
        # two major ones.
        self.assertEqual(sum(count for _id, count in expected[1]), 5 * 2 + 2)
        # One job a batch of the steps due (a warning the breach makes
        # pointless counts as due: the jobs may be more than needed).
        due = Complaint._escalation_due_count(AFTER_RESOLUTION_DEADLINE)
        self.assertGreaterEqual(due, taken)
        with trap_jobs() as trap:
            self.assertEqual(
                Complaint._cron_escalate_complaints(
                    batch_size=2, now=AFTER_RESOLUTION_DEADLINE
                ),
                (ceil(due / 2), 0),
            )
            trap.assert_jobs_count(
                ceil(due / 2), only=Complaint._escalate_complaints_job
            )
            self.assertEqual(
                {job.channel for job in trap.enqueued_jobs}, {PASS_CHANNEL}
            )
            self.assertEqual(
                len({job.identity_key for job in trap.enqueued_jobs}), ceil(due / 2)
            )
            jobs = list(trap.enqueued_jobs)
        self.assertEqual(self._snapshot()[1], [], "nothing escalated before the jobs")
        self.assertEqual(jobs[0].perform(), 2)
        # The second job dies after its claim, before its notes and digests:
        # its transaction is rolled back, claim included.
        with (
            patch.object(
                self.registry["customer.complaint"],
                "_escalate",
                side_effect=RuntimeError("killed"),
            ),
            self.assertRaises(RuntimeError),
            self.env.cr.savepoint(),
        ):
            jobs[1].perform()
        self.env.invalidate_all()
        # Requeued and run again with the others, then every job once more
        # (a second server): each step taken once.
        self.assertEqual(sum(job.perform() for job in jobs[1:]), taken - 2)
        self.assertEqual(sum(job.perform() for job in jobs), 0)
        self.env.invalidate_all()
        self.assertEqual(self._snapshot(), expected)
        self.assertEqual({count for _key, count in expected[2]}, {1})
