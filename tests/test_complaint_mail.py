# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.tests import tagged

from .common import CustomerServiceCase

RAW_EMAIL = """Return-Path: <{email_from}>
To: {to}
Received: by mail.huadong.example.com (Postfix, from userid 10002)
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Date: Mon, 02 Mar 2026 10:00:00 +0800
Message-ID: {msg_id}
{extra}Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

{body}
"""


@tagged("post_install", "-at_install")
class TestComplaintMail(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "service.example.com"}
        )
        cls.company.alias_domain_id = cls.alias_domain
        cls.category_quality.write(
            {"alias_name": "quality", "alias_domain_id": cls.alias_domain.id}
        )
        cls.category_delivery.write(
            {"alias_name": "delivery", "alias_domain_id": cls.alias_domain.id}
        )

    def _receive(
        self,
        subject,
        msg_id,
        to="quality@service.example.com",
        extra="",
        email_from='"Buyer Zhou" <zhou@huadong.example.com>',
        body="The spindle overheats again after two hours.",
    ):
        raw = RAW_EMAIL.format(
            email_from=email_from,
            to=to,
            subject=subject,
            msg_id=msg_id,
            extra=extra,
            body=body,
        )
        thread_id = self.env["mail.thread"].message_process(None, raw)
        return self.env["customer.complaint"].browse(thread_id)

    def test_email_creates_complaint(self):
        complaint = self._receive("Spindle overheating", "<first@huadong.example.com>")
        self.assertTrue(complaint.exists())
        self.assertEqual(complaint.subject, "Spindle overheating")
        self.assertEqual(complaint.category_id, self.category_quality)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.contact_id, self.customer_contact)
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.team_id, self.team_quality)
        # Nobody in particular received it: the category team's leader owns it.
        self.assertEqual(complaint.first_responsible_id, self.service_manager)
        self.assertIn("overheats again", complaint.description)
        incoming = complaint.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(len(incoming), 1)
        self.assertEqual(incoming.author_id, self.customer_contact)
        self.assertFalse(complaint.first_reply_date, "the customer's mail is no answer")
        # 7×24: the answer is due 12 clock hours after the mail came in.
        self.assertEqual(
            complaint.reply_deadline - complaint.date_received, timedelta(hours=12)
        )

    def test_reply_is_appended(self):
        complaint = self._receive("Spindle overheating", "<first@huadong.example.com>")
        count = self.env["customer.complaint"].search_count([])
        # Our answer, then the customer's reply to it.
        answer = complaint.with_user(self.service_manager).message_post(
            body="We send a technician tomorrow.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(complaint.first_reply_date, answer.date, "our answer")
        reply = self._receive(
            "Re: Spindle overheating",
            "<second@huadong.example.com>",
            to="catchall@service.example.com",
            extra=f"In-Reply-To: {answer.message_id}\n"
            f"References: {answer.message_id}\n",
            body="Thank you, 9:00 suits us.",
        )
        self.assertEqual(reply, complaint)
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)
        self.assertIn("9:00 suits us", complaint.message_ids[0].body)
        # Also when replying to the customer's own first mail, to the alias.
        again = self._receive(
            "Re: Spindle overheating",
            "<third@huadong.example.com>",
            extra="In-Reply-To: <first@huadong.example.com>\n",
            body="Still hot today.",
        )
        self.assertEqual(again, complaint)
        self.assertEqual(complaint.repeat_count, 0, "a reply is no new contact")

    def test_same_matter_attaches_to_open_complaint(self):
        """A new mail, not a reply, from the same customer on the same open
        matter is added to the open complaint: one ticket per matter."""
        complaint = self._receive("Spindle overheating", "<first@huadong.example.com>")
        count = self.env["customer.complaint"].search_count([])
        second = self._receive(
            "Spindle again!",
            "<other@huadong.example.com>",
            email_from="info@huadong.example.com",
            body="Line 3 has the same problem now.",
        )
        self.assertEqual(second, complaint)
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)
        self.assertEqual(complaint.repeat_count, 1)
        self.assertIn("Line 3 has the same problem", complaint.message_ids[0].body)
        owner_told = complaint.message_ids.filtered(
            lambda m: "came back on this matter" in (m.body or "")
        )
        self.assertIn(self.service_manager.partner_id, owner_told.partner_ids)

        # Another matter (category) is another complaint ...
        delivery = self._receive(
            "Late delivery",
            "<late@huadong.example.com>",
            to="delivery@service.example.com",
        )
        self.assertNotEqual(delivery, complaint)
        self.assertEqual(delivery.category_id, self.category_delivery)
        # ... and so is the same matter once the complaint is finished.
        self._set_state(complaint, "cancelled", user=self.service_manager)
        new = self._receive("Spindle once more", "<fourth@huadong.example.com>")
        self.assertNotEqual(new, complaint)

    def test_unknown_sender_becomes_a_customer(self):
        complaint = self._receive(
            "Broken seal",
            "<seal@newco.example.com>",
            email_from='"Wu Fang" <wu@newco.example.com>',
        )
        self.assertEqual(complaint.partner_id.email, "wu@newco.example.com")
        self.assertFalse(complaint.contact_id)
        self.assertIn(complaint.partner_id, complaint.message_partner_ids)

    def test_form_entry_attaches_too(self):
        complaint = self._create_complaint()
        self.assertEqual(
            self.env["customer.complaint"]
            .with_user(self.agent)
            .new(
                {
                    "partner_id": self.customer_contact.id,
                    "category_id": self.category_quality.id,
                }
            )
            .open_matter_id,
            complaint,
            "the form warns before saving",
        )
        again = self._create_complaint(
            user=self.agent_teammate,
            subject="Called again",
            channel="phone",
            partner_id=self.customer_contact.id,
        )
        self.assertEqual(again, complaint)
        self.assertEqual(complaint.repeat_count, 1)
        self.assertEqual(complaint.first_responsible_id, self.agent)
