# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo.tests import freeze_time, tagged

from .common import QUIET_DAY, CustomerPlanningCase


@tagged("post_install", "-at_install")
@freeze_time(QUIET_DAY)
class TestRecomputeCron(CustomerPlanningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # Known values; nothing classified yet.
        cls.customers = Partner
        for index in range(7):
            customer = cls._create_customer(
                f"Batch Customer {index}", owner=cls.salesman
            )
            cls._create_won(customer, 100000 * (index + 1))
            cls.customers |= customer
        cls.env["ir.config_parameter"].sudo().set_param(
            "crm_customer_planning.recompute_batch_size", 3
        )

    def _run_until_done(self):
        return self._run_job_to_end(
            self.env["res.partner"]._cron_recompute_customer_values, max_runs=50
        )

    def _job(self):
        return self.env["customer.planning.job"].search(
            [("code", "=", "recompute_customer_values")]
        )

    def _snapshot(self):
        return self.customers.read(
            ["current_value", "share_of_wallet", "value_quadrant", "customer_tier_id"]
        )

    def test_batches_and_idempotence(self):
        runs = self._run_until_done()
        self.assertTrue(all(done <= 3 for done in runs), runs)
        self.assertGreaterEqual(sum(runs), len(self.customers))
        self.assertEqual(
            self.customers.mapped("customer_tier_id"),
            self.tier_named | self.tier_non_named,
        )
        history = self.env["customer.tier.history"].search_count([])
        snapshot = self._snapshot()
        # Re-running the same day touches nothing: every customer is up to date.
        done, remaining = self.env["res.partner"]._cron_recompute_customer_values()
        self.assertEqual((done, remaining), (0, 0))
        self.assertEqual(self._snapshot(), snapshot)
        self.assertEqual(self.env["customer.tier.history"].search_count([]), history)

    def test_next_night_writes_only_the_customers_that_changed(self):
        """The next day's pass checks every customer again and writes only the
        ones whose figures moved."""
        self._run_until_done()
        grower = self.customers[1]  # 200k: Non-named
        tomorrow = self.today + relativedelta(days=1)
        with freeze_time(tomorrow):
            self._create_won(grower, 200000)
            runs = self._run_until_done()
        self.assertGreaterEqual(sum(runs), len(self.customers), "all checked")
        self.assertEqual(grower.customer_tier_id, self.tier_named)
        self.assertEqual(grower.planning_values_date, tomorrow)
        for customer in self.customers - grower:
            self.assertEqual(customer.planning_values_date, self.today)
        self.assertEqual(self._job().pass_date, tomorrow)

    def test_customer_created_after_the_pass_is_classified_the_same_day(self):
        Partner = self.env["res.partner"]
        self._run_until_done()
        self.assertEqual(Partner._cron_recompute_customer_values(), (0, 0))
        late = self._create_customer("Late Customer", owner=self.salesman)
        self._create_won(late, 400000)
        self.assertEqual(Partner._cron_recompute_customer_values(), (1, 0))
        self.assertEqual(late.customer_tier_id, self.tier_named)
        self.assertEqual(late.planning_values_date, self.today)
        self.assertEqual(Partner._cron_recompute_customer_values(), (0, 0))

    def test_interrupted_run_resumes(self):
        """Stop after one batch, run again: the result is that of a whole run."""
        Partner = self.env["res.partner"]
        done, remaining = Partner._cron_recompute_customer_values()
        self.assertEqual(done, 3)
        self.assertGreater(remaining, 0)
        self._run_until_done()
        interrupted = self._snapshot()
        history = self.env["customer.tier.history"].search(
            [("partner_id", "in", self.customers.ids)]
        )
        self.assertEqual(
            len(history), len(self.customers), "one change each, no repeat"
        )

        Partner._planning_mark_stale()
        self._run_until_done()
        self.assertEqual(self._snapshot(), interrupted)

    def test_scheduled_action_runs(self):
        cron = self.env.ref("crm_customer_planning.ir_cron_recompute_customer_values")
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_customer_planning.recompute_batch_size", 100
        )
        cron.method_direct_trigger()
        self.assertTrue(all(self.customers.mapped("customer_tier_id")))
        self.assertEqual(
            set(self.customers.mapped("planning_values_date")), {self.today}
        )

    def test_query_count_is_flat(self):
        """A fixed number of queries per batch, whatever its size."""
        Partner = self.env["res.partner"]
        few = self.customers[:2]
        many = self.customers[2:]
        # Warm the caches the ORM fills once (tiers, companies).
        (few | many)._planning_recompute_values()
        Partner._planning_mark_stale()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        few._planning_recompute_values()
        few_queries = self.env.cr.sql_log_count - start
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        many._planning_recompute_values()
        many_queries = self.env.cr.sql_log_count - start
        self.assertEqual(few_queries, many_queries)

    def _owner_digests(self):
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", self.salesman.partner_id.ids),
                ("subject", "=", "Customer tiers changed"),
            ]
        )

    def test_tier_change_notifies_owner_in_one_digest(self):
        self._run_until_done()
        self.assertFalse(self._owner_digests(), "a first classification is no move")
        # The two Non-named customers (100k, 200k) grow into Named: one digest
        # names both.
        movers = self.customers[:2]
        for customer in movers:
            self._create_won(customer, 300000)
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_customer_planning.recompute_batch_size", 100
        )
        self.env["res.partner"]._planning_recompute_all()
        digests = self._owner_digests()
        self.assertEqual(len(digests), 1)
        for customer in movers:
            self.assertEqual(customer.customer_tier_id, self.tier_named)
            self.assertIn(customer.name, digests.body)
        self.assertNotIn("Batch Customer 2", digests.body)

    def test_threshold_change_reclassifies_next_run(self):
        self._run_until_done()
        low = self.customers[0]  # 100k: Non-named
        self.assertEqual(low.customer_tier_id, self.tier_non_named)
        cron = self.env.ref("crm_customer_planning.ir_cron_recompute_customer_values")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self.tier_non_named.with_user(self.planning_manager).min_current_value = 150000
        # The day's pass starts again from the first customer.
        self.assertFalse(self._job().pass_date)
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers,
        )
        self._run_until_done()
        self.assertEqual(low.customer_tier_id, self.tier_mass)
