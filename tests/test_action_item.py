# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import OpportunityScreeningCase


@tagged("post_install", "-at_install")
class TestActionItems(OpportunityScreeningCase):
    """DOMAIN §8: action items on customers and opportunities, in five aspects,
    each with an owner, a deadline, a state and a to-do for the owner."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._create_customer("Western Ports", owner=cls.salesman)
        cls.contact = cls.env["res.partner"].create(
            {"name": "Harbour Master Gao", "parent_id": cls.customer.id}
        )
        cls.lead = cls._create_opportunity("Crane automation", partner=cls.contact)
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    def _item(self, user=None, **vals):
        return (
            self.env["customer.action.item"]
            .with_user(user or self.salesman)
            .create(
                {
                    "name": "Reference visit to Eastern Port",
                    "category": "prove_value",
                    "lead_id": self.lead.id,
                    "user_id": self.salesman_2.id,
                    "date_deadline": date(2026, 12, 10),
                    **vals,
                }
            )
        )

    def test_item_on_an_opportunity_belongs_to_its_customer(self):
        item = self._item()
        self.assertEqual(item.partner_id, self.customer)
        self.assertEqual(item.company_id, self.lead.company_id)
        self.assertEqual(self.lead.action_item_ids, item)
        self.assertEqual(self.customer.open_action_item_ids, item)
        with self.assertRaises(ValidationError):
            self.env["customer.action.item"].create(
                {
                    "name": "Nowhere",
                    "category": "prove_value",
                    "date_deadline": date(2026, 1, 1),
                }
            )

    def test_schedule_a_todo_for_the_owner(self):
        item = self._item()
        item.with_user(self.salesman).action_schedule_activity()
        activity = item.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman_2)
        self.assertEqual(activity.date_deadline, date(2026, 12, 10))
        self.assertEqual(activity.activity_type_id, self.todo)
        self.assertEqual(activity.summary, "Reference visit to Eastern Port")
        # Scheduling again moves it, never doubles it; so do owner and deadline.
        item.action_schedule_activity()
        item.write({"user_id": self.salesman.id, "date_deadline": date(2026, 12, 20)})
        self.assertEqual(len(item.activity_ids), 1)
        self.assertEqual(item.activity_ids.user_id, self.salesman)
        self.assertEqual(item.activity_ids.date_deadline, date(2026, 12, 20))

    @freeze_time("2026-11-30 17:00:00")  # 1 December, 01:00 in Beijing
    def test_done_through_the_activity_or_the_item(self):
        item = self._item(user_id=self.salesman.id)
        item.action_schedule_activity()
        item.activity_ids.with_user(self.salesman).action_feedback("Visit held")
        self.assertEqual(item.state, "done")
        self.assertEqual(item.date_done, date(2026, 12, 1), "Beijing's day")
        self.assertFalse(self.customer.open_action_item_ids)
        other = self._item(
            name="Isolate Alpha from the board", category="isolate_competition"
        )
        other.action_schedule_activity()
        other.with_user(self.salesman).action_done()
        self.assertEqual(other.state, "done")
        self.assertFalse(other.activity_ids)
        cancelled = self._item(name="Price review", category="weaken_disadvantages")
        cancelled.action_schedule_activity()
        cancelled.action_cancel()
        self.assertEqual(cancelled.state, "cancelled")
        self.assertFalse(cancelled.activity_ids)
        cancelled.action_reopen()
        self.assertEqual(cancelled.state, "open")

    def test_customer_form_lists_open_items(self):
        on_customer = self.env["customer.action.item"].create(
            {
                "name": "Recover the tender documents",
                "category": "recover_information",
                "partner_id": self.customer.id,
                "date_deadline": date(2026, 11, 30),
            }
        )
        on_deal = self._item()
        done = self._item(name="Done already", category="strengthen_advantages")
        done.action_done()
        self.assertEqual(self.customer.open_action_item_ids, on_customer | on_deal)
        with Form(self.customer.with_user(self.salesman)) as form:
            self.assertEqual(len(form.open_action_item_ids), 2)
            with form.open_action_item_ids.new() as line:
                line.name = "Strengthen our service offer"
                line.category = "strengthen_advantages"
                line.date_deadline = date(2026, 12, 31)
        self.assertEqual(len(self.customer.open_action_item_ids), 3)

    def test_activity_plan_creates_action_items(self):
        plan = self.env.ref(
            "crm_customer_planning.mail_activity_plan_five_aspects_lead"
        )
        scheduler = (
            self.env["mail.activity.schedule"]
            .with_user(self.salesman)
            .with_context(active_model="crm.lead", active_ids=self.lead.ids)
            .create(
                {
                    "plan_id": plan.id,
                    "plan_on_demand_user_id": self.salesman_2.id,
                    "plan_date": date(2026, 12, 1),
                }
            )
        )
        scheduler.action_schedule_plan()
        items = self.lead.action_item_ids
        self.assertEqual(
            sorted(items.mapped("category")),
            sorted(
                [
                    "prove_value",
                    "recover_information",
                    "isolate_competition",
                    "weaken_disadvantages",
                    "strengthen_advantages",
                ]
            ),
        )
        self.assertEqual(items.user_id, self.salesman_2)
        self.assertEqual(set(items.mapped("date_deadline")), {date(2026, 12, 8)})
        self.assertEqual(items.partner_id, self.customer)
        self.assertEqual(len(items.activity_ids), 5)
        self.assertEqual(items.activity_ids.user_id, self.salesman_2)
        # No bare activity on the opportunity: the items carry them.
        self.assertFalse(self.lead.activity_ids)

    def test_deletion_is_for_managers(self):
        item = self._item()
        with self.assertRaises(AccessError):
            item.with_user(self.salesman).unlink()
        item.with_user(self.planning_manager).unlink()
        self.assertFalse(item.exists())
