# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The nightly passes as OCA queue_job jobs: the scheduled action enqueues one
job a batch of customers (id ranges, on the channel root.customer_planning),
the jobs run the same batch work as the inline pass and give its result; a
job killed half-way (its transaction rolled back) and run again leaves every
customer right, once. The jobs are trapped and performed in the test
(queue_job's ``trap_jobs``): no job runner runs during the tests."""

from math import ceil
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.queue_job.jobrunner.runner import PG_ADVISORY_LOCK_ID
from odoo.addons.queue_job.tests.common import trap_jobs

from ..models.customer_planning_job import PASS_CHANNEL, PASS_RUNNER_PARAM
from .common import FollowupCase

BATCH = 3


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

    def _enqueue(self, cron, method):
        """Run the scheduled action ``cron`` (jobs trapped): check it enqueued
        one job of ``method`` a batch, on the passes' channel, once each."""
        with trap_jobs() as trap:
            self.assertEqual(cron(batch_size=BATCH), (ceil(self.in_scope / BATCH), 0))
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
            self.assertEqual(cron(batch_size=BATCH), (0, 0))
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
        with (
            patch.object(
                self.registry["customer.followup"],
                "_insert_followups",
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
