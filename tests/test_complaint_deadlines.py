# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import CustomerServiceCase

# All times UTC; the calendar is Mon-Fri 09:00-18:00 in Shanghai (UTC+8).
FRIDAY_17H = datetime(2026, 3, 6, 9, 0)  # Friday 17:00 in Shanghai
MONDAY_10H = datetime(2026, 3, 2, 2, 0)  # Monday 10:00 in Shanghai


@tagged("post_install", "-at_install")
class TestComplaintDeadlines(CustomerServiceCase):
    """The shipped rules counted in working hours of the test calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._count_working_hours()

    def test_reply_deadline_across_weekend(self):
        """Received Friday 17:00: one hour on Friday, nine on Monday, two on
        Tuesday: the reply is due Tuesday 11:00."""
        complaint = self._create_complaint(date_received=FRIDAY_17H)
        self.assertEqual(complaint.reply_deadline, datetime(2026, 3, 10, 3, 0))
        # 40 working hours: Friday 1 + Monday to Thursday 36 + Friday 3 = 12:00.
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 3, 13, 4, 0))
        # Warned when 75% of the 12 hours passed: 3 working hours before.
        self.assertEqual(complaint.reply_warning_date, datetime(2026, 3, 9, 9, 0))

    def test_public_holiday_is_skipped(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 8, 16, 0),
                "date_to": datetime(2026, 3, 9, 15, 59, 59),
            }
        )
        complaint = self._create_complaint(date_received=FRIDAY_17H)
        self.assertEqual(complaint.reply_deadline, datetime(2026, 3, 11, 3, 0))

    def test_limits_per_severity_category_and_tier(self):
        Sla = self.env["customer.complaint.sla"]
        Sla.create(
            {
                "name": "Delivery",
                "hours_mode": "working",
                "calendar_id": self.calendar.id,
                "company_id": self.company.id,
                "sequence": 5,
                "category_id": self.category_delivery.id,
                "reply_hours": 4,
                "resolution_hours": 8,
            }
        )
        Sla.create(
            {
                "name": "Major accounts",
                "hours_mode": "working",
                "calendar_id": self.calendar.id,
                "company_id": self.company.id,
                "sequence": 6,
                "tier_id": self.tier_major.id,
                "reply_hours": 2,
                "resolution_hours": 6,
            }
        )
        normal = self._create_complaint()
        self.assertEqual(normal.reply_deadline, datetime(2026, 3, 3, 5, 0))  # Tue 13:00
        delivery = self._create_complaint(category_id=self.category_delivery.id)
        self.assertEqual(delivery.reply_deadline, datetime(2026, 3, 2, 6, 0))
        self.assertEqual(delivery.resolution_deadline, datetime(2026, 3, 2, 10, 0))
        major = self._create_complaint(severity="major", partner_id=self.customer_2.id)
        # Shipped rule for major complaints: reply 12, resolve 24 working hours.
        self.assertEqual(major.reply_deadline, datetime(2026, 3, 3, 5, 0))
        self.assertEqual(major.resolution_deadline, datetime(2026, 3, 4, 8, 0))
        self.customer_2.sudo().with_context(planning_internal_write=True).write(
            {"customer_tier_id": self.tier_major.id}
        )
        key_account = self._create_complaint(
            partner_id=self.customer_2.id, category_id=self.category_delivery.id
        )
        # The category rule comes first in sequence order.
        self.assertEqual(key_account.reply_deadline, datetime(2026, 3, 2, 6, 0))
        other = self._create_complaint(
            partner_id=self.customer_2.id,
            category_id=self.env.ref(
                "crm_customer_planning.complaint_category_other"
            ).id,
        )
        self.assertEqual(other.reply_deadline, datetime(2026, 3, 2, 4, 0))

    def test_first_reply_is_an_answer_to_the_customer(self):
        complaint = self._create_complaint(contact_id=self.customer_contact.id)
        portal_user = new_test_user(
            self.env,
            login="portal_zhou",
            groups="base.group_portal",
            partner_id=self.customer_contact.id,
        )
        with freeze_time("2026-03-02 03:00:00"):
            complaint.with_user(self.agent).message_post(
                body="Checked the logs", subtype_xmlid="mail.mt_note"
            )
            complaint.with_user(portal_user).message_post(
                body="Any news?",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            complaint.message_post(
                body="From the customer's mailbox",
                message_type="email",
                author_id=self.customer_contact.id,
            )
        self.assertFalse(complaint.first_reply_date, "notes and customers do not count")
        with freeze_time("2026-03-02 04:00:00"):
            complaint.with_user(self.agent).message_post(
                body="We send a technician tomorrow.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(complaint.first_reply_date, datetime(2026, 3, 2, 4, 0))
        with freeze_time("2026-03-05 04:00:00"):
            complaint.with_user(self.agent).message_post(
                body="Technician on site.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(complaint.first_reply_date, datetime(2026, 3, 2, 4, 0))
        self.assertFalse(complaint.reply_late)

    def test_sla_state_computed_and_searchable(self):
        complaint = self._create_complaint()  # reply due Tue 05:00, warned Tue 02:00
        Complaint = self.env["customer.complaint"]

        def state_at(moment):
            with freeze_time(moment):
                complaint.invalidate_recordset(["sla_state"])
                found = Complaint.search(
                    [("id", "=", complaint.id), ("sla_state", "=", complaint.sla_state)]
                )
                self.assertEqual(found, complaint, "search agrees with the compute")
                for other in {"on_time", "at_risk", "breached"} - {complaint.sla_state}:
                    self.assertFalse(
                        Complaint.search(
                            [("id", "=", complaint.id), ("sla_state", "=", other)]
                        )
                    )
                return complaint.sla_state

        self.assertEqual(state_at("2026-03-03 01:00:00"), "on_time")
        self.assertEqual(state_at("2026-03-03 03:00:00"), "at_risk")
        self.assertEqual(state_at("2026-03-03 06:00:00"), "breached")
        with freeze_time("2026-03-03 06:00:00"):
            complaint.with_user(self.agent).message_post(
                body="Sorry for the wait.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertTrue(complaint.reply_late)
        # A late reply stays a breach, even once resolved in time: the
        # resolution itself is on time, the breach is the reply's alone.
        with freeze_time("2026-03-03 07:00:00"):
            self._set_state(complaint, "resolved")
        self.assertEqual(complaint.date_resolved, datetime(2026, 3, 3, 7, 0))
        self.assertFalse(complaint.resolution_late)
        self.assertEqual(state_at("2026-03-04 06:00:00"), "breached")
        self.assertEqual(
            Complaint.search(
                [("id", "=", complaint.id), ("sla_state", "in", ["on_time", "at_risk"])]
            ),
            Complaint,
        )

    def test_unknown_severity_refused(self):
        count = self.env["customer.complaint"].search_count([])
        with self.assertRaises(ValidationError) as error:
            self._create_complaint(severity="critical")
        self.assertIn("Severity", str(error.exception))
        self.assertIn("Major", str(error.exception))
        with self.assertRaises(ValidationError):
            self._create_complaint(channel="fax")
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)
        complaint = self._create_complaint()
        with self.assertRaises(ValidationError):
            complaint.with_user(self.agent).write({"severity": "urgent"})
        self.assertEqual(complaint.severity, "normal")

    def test_deadline_before_reception_refused(self):
        count = self.env["customer.complaint"].search_count([])
        with self.assertRaises(ValidationError) as error:
            self._create_complaint(reply_deadline=datetime(2026, 3, 1, 2, 0))
        self.assertIn("cannot come before its reception", str(error.exception))
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)
        complaint = self._create_complaint()
        deadline = complaint.resolution_deadline
        with self.assertRaises(ValidationError):
            complaint.with_user(self.agent).write(
                {"resolution_deadline": datetime(2026, 3, 2, 1, 0)}
            )
        complaint.invalidate_recordset()
        self.assertEqual(complaint.resolution_deadline, deadline)

    def test_sla_rule_bad_input(self):
        with self.assertRaises(ValidationError):
            self.env["customer.complaint.sla"].create(
                {"name": "Bad", "reply_hours": 0, "resolution_hours": 8}
            )
        with self.assertRaises(ValidationError):
            self.env["customer.complaint.sla"].create(
                {"name": "Bad", "reply_hours": 12, "resolution_hours": 8}
            )
