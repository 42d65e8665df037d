# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CustomerPlanningCase


@tagged("post_install", "-at_install")
class TestTierOverride(CustomerPlanningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer_with_values(
            "Strategic Partner", 100000, 300000, owner=cls.salesman
        )

    def _override(self, user, tier, reason):
        wizard = Form(
            self.env["customer.tier.override"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
        )
        wizard.tier_id = tier
        wizard.reason = reason
        return wizard.save().action_apply()

    def test_manager_override_is_kept_and_logged(self):
        self.assertEqual(self.customer.customer_tier_id, self.tier_non_named)
        self._override(self.planning_manager, self.tier_major, "Group-level framework")
        self.assertEqual(self.customer.customer_tier_id, self.tier_major)
        self.assertTrue(self.customer.customer_tier_manual)
        entry = self.customer.customer_tier_history_ids.sorted("id")[-1]
        self.assertRecordValues(
            entry,
            [
                {
                    "old_tier_id": self.tier_non_named.id,
                    "new_tier_id": self.tier_major.id,
                    "change_type": "manual",
                    "reason": "Group-level framework",
                    "user_id": self.planning_manager.id,
                }
            ],
        )
        # The recompute keeps a manual tier but still refreshes the values.
        self._create_won(self.customer, 50000)
        self.customer._planning_recompute_values()
        self.assertEqual(self.customer.customer_tier_id, self.tier_major)
        self.assertEqual(self.customer.current_value, 150000)
        self.assertEqual(len(self.customer.customer_tier_history_ids), 2)

        # Given back to the rules, it falls back to its computed tier.
        self.customer.with_user(self.planning_manager).action_planning_reset_tier()
        self.assertFalse(self.customer.customer_tier_manual)
        self.assertEqual(self.customer.customer_tier_id, self.tier_non_named)
        self.assertEqual(
            self.customer.customer_tier_history_ids.sorted("id")[-1].change_type, "auto"
        )

    def test_override_notifies_the_owner(self):
        self._override(self.planning_manager, self.tier_named, "Key reference")
        message = self.env["mail.message"].search(
            [("partner_ids", "in", self.salesman.partner_id.ids)],
            order="id desc",
            limit=1,
        )
        self.assertIn("Strategic Partner", message.body)
        self.assertIn("Named Account", message.body)

    def test_override_needs_a_reason(self):
        history_before = len(self.customer.customer_tier_history_ids)
        for reason in ("", "   "):
            with self.subTest(reason=reason), self.assertRaises(UserError):
                self.customer.with_user(
                    self.planning_manager
                )._planning_set_manual_tier(self.tier_major, reason)
        self.assertEqual(self.customer.customer_tier_id, self.tier_non_named)
        self.assertFalse(self.customer.customer_tier_manual)
        self.assertEqual(len(self.customer.customer_tier_history_ids), history_before)

    def test_salesman_cannot_override(self):
        with self.assertRaises(AccessError):
            self._override(self.salesman, self.tier_major, "I want it")
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman)._planning_set_manual_tier(
                self.tier_major, "I want it"
            )
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).write(
                {"customer_tier_id": self.tier_major.id}
            )
        with self.assertRaises(AccessError):
            self.customer.with_user(self.planning_manager).write(
                {"current_value": 5000000}
            )
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).action_planning_reset_tier()
        self.assertEqual(self.customer.customer_tier_id, self.tier_non_named)

    def test_contacts_are_not_tiered(self):
        contact = self.env["res.partner"].create(
            {"name": "Engineer Sun", "parent_id": self.customer.id}
        )
        with self.assertRaises(UserError):
            contact.with_user(self.planning_manager)._planning_set_manual_tier(
                self.tier_major, "no"
            )
