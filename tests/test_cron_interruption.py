# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scheduled actions killed mid-run and started again end as a run that was
never interrupted, and a further run changes nothing.

Each batched job commits batch by batch through the cron runner (progress
API); "killed after one batch" is one call that went through, "killed in a
batch" is a call whose transaction is rolled back. Several Odoo servers on one
database never run the same job at once: ir.cron takes the job's row lock
(``FOR NO KEY UPDATE SKIP LOCKED``) before running it; the escalation claims
complaints with ``FOR UPDATE SKIP LOCKED`` and the visit generators insert
with ``ON CONFLICT DO NOTHING`` under unique indexes, so even two runs side by
side (a button and the job) cannot take a step twice (see bench/load.py)."""

from datetime import date, datetime

from odoo.tests import tagged

from .common import CustomerServiceCase, FollowupCase, escalation_snapshot

AFTER_RESOLUTION_DEADLINE = datetime(2026, 3, 9, 6, 0)


class InterruptionMixin:
    """``run(batch_size)`` runs one batch and returns ``(done, remaining)``;
    ``snapshot()`` describes the result without database ids of new rows."""

    def _run_until_done(self, run, batch_size):
        self._run_job_to_end(lambda: run(batch_size))

    def _assert_resumes(self, run, snapshot, batch_size):
        # What a whole run gives, then undone.
        savepoint = self.env.cr.savepoint()
        self._run_until_done(run, 10000)
        expected = snapshot()
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        self.assertNotEqual(snapshot(), expected, "the job has nothing to do")

        # Killed after one batch (committed), then killed inside the next
        # batch (rolled back), then started again until done.
        done, remaining = run(batch_size)
        self.assertEqual(done, batch_size)
        self.assertTrue(remaining, "one batch must not be the whole job")
        crashed = self.env.cr.savepoint()
        run(batch_size)
        crashed.close(rollback=True)
        self.env.invalidate_all()
        self._run_until_done(run, batch_size)
        self.assertEqual(snapshot(), expected)

        # A further run, or a second server running it again, does nothing.
        self.assertEqual(run(batch_size), (0, 0))
        self.env.invalidate_all()
        self.assertEqual(snapshot(), expected)


@tagged("post_install", "-at_install")
class TestFollowupJobsInterrupted(InterruptionMixin, FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["customer.followup"].search([]).unlink()
        cls.customers = cls.env["res.partner"]
        for index in range(7):
            owner = cls.salesman if index % 2 else cls.salesman_2
            customer = cls._create_customer(
                f"Batch Customer {index}", owner=owner, email=f"c{index}@ex.com"
            )
            cls._create_won(customer, 100000 * (index + 1))
            cls.customers |= customer

    def _visits(self):
        visits = self.env["customer.followup"].search(
            [("partner_id", "in", self.customers.ids)]
        )
        return sorted(
            (v.partner_id.id, v.rule_id.id, v.kind, str(v.date_planned), v.user_id.id)
            + (v.state, str(v.date_closed), v.campaign_key or "")
            for v in visits
        )

    def test_recompute_customer_values(self):
        Partner = self.env["res.partner"]

        def snapshot():
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
                (h.partner_id.id, h.old_tier_id.id, h.new_tier_id.id) for h in history
            )

        self._assert_resumes(
            lambda size: Partner._cron_recompute_customer_values(batch_size=size),
            snapshot,
            3,
        )

    def test_generate_followups(self):
        self.customers._planning_recompute_values()
        # Won 100k to 700k: below 300k Non-named, from 300k on Named.
        self.assertEqual(
            self.customers.mapped("customer_tier_id"),
            self.tier_non_named + self.tier_named,
        )
        self.assertEqual(
            self.customers.filtered(lambda c: c.customer_tier_id == self.tier_named),
            self.customers[2:],
        )
        Rule = self.env["customer.followup.rule"]
        self._assert_resumes(
            lambda size: Rule._cron_generate_followups(batch_size=size),
            self._visits,
            3,
        )

    def test_mark_missed(self):
        for customer in self.customers:
            self._followup(customer, date_planned=date(2026, 1, 5))
        Followup = self.env["customer.followup"]

        def run(size):
            missed = Followup._cron_mark_missed(batch_size=size)
            late = Followup.search_count([("state", "=", "planned")])
            return len(missed), late

        self._assert_resumes(run, self._visits, 3)

    def test_care_followups(self):
        """One transaction: killed, it leaves nothing; run again, it adds
        nothing."""
        self.customers._planning_recompute_values()
        self.env["customer.care.holiday"].create(
            {"name": "Mid-Autumn", "date": self.today, "lead_days": 3}
        )
        Followup = self.env["customer.followup"]
        savepoint = self.env.cr.savepoint()
        Followup._cron_generate_care_followups()
        expected = self._visits()
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        self.assertTrue(expected, "care customers get a holiday greeting")
        self.assertNotEqual(self._visits(), expected)
        Followup._cron_generate_care_followups()
        self.assertEqual(self._visits(), expected)
        self.assertFalse(Followup._cron_generate_care_followups())
        self.assertEqual(self._visits(), expected)


@tagged("post_install", "-at_install")
class TestEscalationInterrupted(InterruptionMixin, CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaints = cls._create_escalation_complaints("Matter")

    def _snapshot(self):
        return escalation_snapshot(self.complaints)

    def test_escalation(self):
        Complaint = self.env["customer.complaint"]
        self._assert_resumes(
            lambda size: Complaint._cron_escalate_complaints(
                batch_size=size, now=AFTER_RESOLUTION_DEADLINE
            ),
            self._snapshot,
            2,
        )
        flags, notes, told = self._snapshot()
        self.assertTrue(all(row["escalation_resolution_breached"] for row in flags))
        self.assertEqual(sum(count for _key, count in notes), 5 * 2 + 2)
        # The team leader: both breaches of each; the general manager: majors.
        self.assertEqual(len(told), 5 * 2 + 2)
        self.assertTrue(all(count == 1 for _key, count in told))
