# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Opening a customer or a complaint costs the same queries whatever the
customer's history: deals won, complaints, visits, tier changes."""

from odoo.tests import tagged

from .common import CustomerServiceCase

# A short history (2 of everything) against a long one.
HISTORY = 12


@tagged("post_install", "-at_install")
class TestFormQueries(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.short, cls.short_complaint = cls._customer_with_history("Short", 2)
        cls.busy, cls.busy_complaint = cls._customer_with_history("Busy", HISTORY)

    @classmethod
    def _customer_with_history(cls, name, size):
        """A customer with ``size`` of everything its form and its complaint's
        form show: deals won, complaints, chatter, visits, tier changes."""
        customer = cls._create_customer(f"{name} Customer", owner=cls.agent)
        complaint = cls._create_complaint(partner_id=customer.id)
        for index in range(size):
            cls._create_won(customer, 10000 * (index + 1), months_ago=index % 11)
            cls._create_complaint(
                partner_id=customer.id, subject=f"Matter {index}", force_new=True
            )
            complaint.message_post(body=f"Called back, round {index}")
            cls.env["customer.followup"].create(
                {
                    "partner_id": customer.id,
                    "user_id": cls.agent.id,
                    "date_planned": cls.today,
                    "complaint_id": complaint.id,
                }
            )
            tier = (cls.tier_major, cls.tier_named)[index % 2]
            customer.with_user(cls.planning_manager)._planning_set_manual_tier(
                tier, f"Review {index}"
            )
        customer._planning_recompute_values()
        return customer, complaint

    def _queries(self, record, spec):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        record.with_user(self.agent).web_read(spec)
        return self.env.cr.sql_log_count - start

    def _assert_flat(self, short, busy, spec):
        self._queries(short, spec)  # warm the caches read once per process
        few = self._queries(short, spec)
        many = self._queries(busy, spec)
        self.assertEqual(few, many)
        with self.assertQueryCount(few):
            busy.with_user(self.agent).web_read(spec)

    def _form_spec(self, model):
        """What the web client reads to open ``model``'s form as the agent:
        every field of the form view, the name of each linked record, the
        first 40 lines of each list."""
        views = self.env[model].with_user(self.agent).get_views([(False, "form")])
        spec = {}
        for name, field in views["models"][model]["fields"].items():
            if field["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif field["type"] in ("one2many", "many2many"):
                spec[name] = {"fields": {"display_name": {}}, "limit": 40}
            else:
                spec[name] = {}
        return spec

    def test_customer_form(self):
        spec = self._form_spec("res.partner")
        self.assertIn("customer_tier_history_ids", spec)
        self.assertEqual(len(self.busy.customer_tier_history_ids), HISTORY)
        self._assert_flat(self.short, self.busy, spec)

    def test_complaint_form(self):
        spec = self._form_spec("customer.complaint")
        self.assertIn("followup_ids", spec)
        self.assertEqual(len(self.busy_complaint.followup_ids), HISTORY)
        self._assert_flat(self.short_complaint, self.busy_complaint, spec)
