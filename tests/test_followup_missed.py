# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import FollowupCase


@tagged("post_install", "-at_install")
class TestFollowupMissed(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._tiered_customer(
            "Missed Named", cls.tier_named, cls.salesman
        )
        cls.company.followup_missed_days = 7
        cls.late = cls._followup(cls.customer, date_planned=date(2026, 3, 12))
        cls.later = cls._followup(
            cls.customer, date_planned=date(2026, 3, 10), user_id=cls.salesman_2.id
        )
        cls.in_grace = cls._followup(cls.customer, date_planned=date(2026, 3, 13))
        cls.done = cls._followup(
            cls.customer, date_planned=date(2026, 3, 1), state="done"
        )
        cls.cancelled = cls._followup(
            cls.customer, date_planned=date(2026, 3, 1), state="cancelled"
        )

    @freeze_time("2026-03-20")
    def test_mark_missed_after_grace_period(self):
        self.Followup._cron_mark_missed()
        self.assertEqual(self.late.state, "missed")
        self.assertEqual(self.late.date_closed, date(2026, 3, 20))
        self.assertEqual(self.later.state, "missed")
        self.assertEqual(self.in_grace.state, "planned", "7 days after: still in time")
        self.assertEqual(self.done.state, "done")
        self.assertEqual(self.cancelled.state, "cancelled")
        # Re-running changes nothing.
        self.assertFalse(self.Followup._cron_mark_missed())
        # Missed visits count against their owner.
        counts = self.Followup._get_missed_count_by_owner(
            date(2026, 3, 16), date(2026, 3, 22)
        )
        self.assertEqual(counts.get(self.salesman.id), 1)
        self.assertEqual(counts.get(self.salesman_2.id), 1)

    @freeze_time("2026-03-20")
    def test_batches(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_customer_planning.followup_batch_size", 1
        )
        first = self.Followup._cron_mark_missed()
        self.assertEqual(len(first), 1)
        second = self.Followup._cron_mark_missed()
        self.assertEqual(len(second), 1)
        self.assertEqual((first | second), self.late | self.later)
        self.assertFalse(self.Followup._cron_mark_missed())

    @freeze_time("2026-03-20")
    def test_configurable_grace_period(self):
        self.company.followup_missed_days = 6
        cron = self.env.ref("crm_customer_planning.ir_cron_mark_missed_followups")
        cron.method_direct_trigger()
        self.assertEqual(self.in_grace.state, "missed")
        with self.assertRaises(ValidationError):
            self.company.followup_missed_days = -1

    @freeze_time("2026-03-20")
    def test_missed_visit_can_still_be_done(self):
        self.Followup._cron_mark_missed()
        self.late.action_done()
        self.assertEqual(self.late.state, "done")
        self.assertEqual(self.late.date_closed, date(2026, 3, 20))
