# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""首问责任制 while logging a call: on a Call activity of a customer or an
opportunity, the salesperson who took the call records the customer's request
and owns it, prefilled with the customer and the call's note."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestComplaintFromCall(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")
        cls.lead = (
            cls.env["crm.lead"]
            .with_user(cls.salesman)
            .create(
                {
                    "name": "Spindle line retrofit",
                    "type": "opportunity",
                    "partner_id": cls.customer_contact.id,
                    "user_id": cls.salesman.id,
                }
            )
        )

    def _call(self, record, activity_type=None, **vals):
        return (
            self.env["mail.activity"]
            .with_user(self.salesman)
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id(record._name),
                    "res_id": record.id,
                    "activity_type_id": (activity_type or self.call_type).id,
                    "user_id": self.salesman.id,
                    "summary": "Spindle overheats again",
                    "note": "<p>Buyer Zhou: the spindle stops after two hours.</p>",
                    **vals,
                }
            )
        )

    def _record(self, activity):
        action = activity.with_user(self.salesman).action_record_customer_request()
        self.assertEqual(action["res_model"], "customer.complaint")
        complaint_form = Form(
            self.env["customer.complaint"]
            .with_user(self.salesman)
            .with_context(**action["context"])
        )
        complaint_form.category_id = self.category_quality
        return complaint_form.save()

    def test_salesperson_records_from_a_call_on_an_opportunity(self):
        activity = self._call(self.lead)
        self.assertTrue(activity.can_record_customer_request)
        complaint = self._record(activity)
        self.assertRecordValues(
            complaint,
            [
                {
                    "subject": "Spindle overheats again",
                    "partner_id": self.customer.id,
                    "contact_id": self.customer_contact.id,
                    "lead_id": self.lead.id,
                    "channel": "phone",
                    "first_responsible_id": self.salesman.id,
                }
            ],
        )
        self.assertIn(
            "the spindle stops after two hours", complaint.description.striptags()
        )

    def test_salesperson_records_from_a_call_on_a_customer(self):
        complaint = self._record(self._call(self.customer, note=False))
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertFalse(complaint.contact_id)
        self.assertFalse(complaint.lead_id)
        self.assertEqual(complaint.first_responsible_id, self.salesman)

    def test_only_from_a_call_on_a_customer_or_opportunity(self):
        todo = self._call(
            self.lead, activity_type=self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertFalse(todo.can_record_customer_request)
        with self.assertRaisesRegex(UserError, "recorded from a call"):
            todo.with_user(self.salesman).action_record_customer_request()
