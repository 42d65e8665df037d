# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The public complaint form (/service/complaint): a visitor without an account
files a matter; the contact is matched or created, the matter joins an open one
(一单制); a flood, an oversized file, a missing contact or a forged form are
refused with nothing written."""

import re

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import CustomerServiceCase, TourCase

PARAM = "crm_customer_planning.public_complaint_"


class PublicFormMixin:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # What a company that sends mail has (readme/CONFIGURE.md): the notices
        # of a matter filed by a visitor, who has no mail address of ours, go
        # out from the default sender of the company's alias domain.
        cls.company.alias_domain_id = cls.env["mail.alias.domain"].create(
            {"name": "public.example.com", "default_from": "notifications"}
        )

    def _form(self, **values):
        return {
            "name": "Visitor Wu",
            "company": "Xinghai Pumps",
            "email": "wu@xinghai.example.com",
            "phone": "",
            "category_id": str(self.category_quality.id),
            "complaint_type": "complaint",
            "description": "The pump leaks\nSince Monday, at the seal.",
            **values,
        }

    def _file(self, form, files=(), ip_address="198.51.100.4"):
        public = self.env.ref("base.public_user")
        return (
            self.env["customer.complaint"]
            .with_user(public)
            .sudo()
            ._create_from_public_form(form, list(files), ip_address, self.company)
        )

    def _counts(self):
        return (
            self.env["customer.complaint"].search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.env["customer.complaint.public.submission"].search_count([]),
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "customer.complaint")]
            ),
        )


@tagged("post_install", "-at_install")
class TestComplaintPublicForm(PublicFormMixin, CustomerServiceCase):
    def test_new_visitor_files_a_matter(self):
        complaint = self._file(self._form(), files=[("seal.jpg", b"JPEG" * 10)])
        contact = complaint.contact_id
        self.assertRecordValues(
            complaint,
            [
                {
                    "subject": "The pump leaks",
                    "channel": "web",
                    "complaint_type": "complaint",
                    "category_id": self.category_quality.id,
                    "company_id": self.company.id,
                    # Nobody received it: the category team's leader owns it.
                    "first_responsible_id": self.team_quality.user_id.id,
                }
            ],
        )
        self.assertEqual(contact.name, "Visitor Wu")
        self.assertEqual(contact.email, "wu@xinghai.example.com")
        self.assertEqual(contact.parent_id.name, "Xinghai Pumps")
        self.assertTrue(contact.parent_id.is_company)
        self.assertEqual(complaint.partner_id, contact.parent_id)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "customer.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(attachments.mapped("name"), ["seal.jpg"])
        submission = self.env["customer.complaint.public.submission"].search([])
        self.assertRecordValues(
            submission,
            [
                {
                    "ip_address": "198.51.100.4",
                    "email": "wu@xinghai.example.com",
                    "complaint_id": complaint.id,
                }
            ],
        )

    def test_known_contact_matched_by_email_then_phone(self):
        complaint = self._file(
            self._form(email="ZHOU@huadong.example.com", company="Someone else")
        )
        self.assertEqual(complaint.contact_id, self.customer_contact)
        self.assertEqual(complaint.partner_id, self.customer)
        self.customer_2.phone = "+86 755 1234 5678"
        by_phone = self._file(
            self._form(
                email="",
                phone="+86 755 1234 5678",
                category_id=str(self.category_delivery.id),
            ),
            ip_address="198.51.100.5",
        )
        self.assertEqual(by_phone.partner_id, self.customer_2)
        self.assertFalse(by_phone.contact_id)

    def test_open_matter_gets_the_message(self):
        """一单制: the same customer on the same category, still open."""
        open_complaint = self._create_complaint(contact_id=self.customer_contact.id)
        before = self.env["customer.complaint"].search_count([])
        result = self._file(
            self._form(email="zhou@huadong.example.com", description="Still hot")
        )
        self.assertEqual(result, open_complaint)
        self.assertEqual(self.env["customer.complaint"].search_count([]), before)
        self.assertEqual(open_complaint.repeat_count, 1)
        self.assertIn("Still hot", open_complaint.message_ids[:1].body.striptags())

    def test_missing_contact_and_bad_input_refused(self):
        before = self._counts()
        with self.assertRaisesRegex(
            UserError, "Give a phone number or an e-mail address"
        ):
            self._file(self._form(email="", phone=""))
        with self.assertRaisesRegex(UserError, "not-an-address is not a valid"):
            self._file(self._form(email="not-an-address"))
        with self.assertRaisesRegex(UserError, "Tell us your name"):
            self._file(self._form(name="  "))
        with self.assertRaisesRegex(UserError, "Choose what it is about"):
            self._file(self._form(category_id="999999"))
        with self.assertRaisesRegex(UserError, "Describe what happened"):
            self._file(self._form(description=""))
        self.assertEqual(self._counts(), before)

    def test_flood_per_address_and_per_email(self):
        self.env["ir.config_parameter"].set_param(PARAM + "limit_ip", "2")
        self.env["ir.config_parameter"].set_param(PARAM + "limit_email", "1")
        self._file(self._form(), ip_address="203.0.113.1")
        with self.assertRaisesRegex(UserError, "with the e-mail wu@xinghai"):
            self._file(self._form(), ip_address="203.0.113.2")
        self._file(
            self._form(email="other@xinghai.example.com"), ip_address="203.0.113.1"
        )
        before = self._counts()
        with self.assertRaisesRegex(UserError, "from your connection"):
            self._file(
                self._form(email="third@xinghai.example.com"),
                ip_address="203.0.113.1",
            )
        self.assertEqual(self._counts(), before)

    def test_files_too_large_or_too_many(self):
        self.env["ir.config_parameter"].set_param(PARAM + "max_file_kb", "1")
        self.env["ir.config_parameter"].set_param(PARAM + "max_files", "2")
        before = self._counts()
        with self.assertRaisesRegex(UserError, "big.pdf is too large: at most 1 KB"):
            self._file(self._form(), files=[("big.pdf", b"x" * 2048)])
        with self.assertRaisesRegex(UserError, "Attach at most 2 files"):
            self._file(self._form(), files=[(f"{n}.txt", b"x") for n in range(3)])
        self.assertEqual(self._counts(), before)

    def test_old_submissions_vacuumed(self):
        Submission = self.env["customer.complaint.public.submission"]
        old, recent = Submission.create(
            [
                {"ip_address": "192.0.2.1", "company_id": self.company.id},
                {"ip_address": "192.0.2.2", "company_id": self.company.id},
            ]
        )
        self.env.cr.execute(
            "UPDATE customer_complaint_public_submission "
            "SET create_date = create_date - interval '8 days' WHERE id = %s",
            [old.id],
        )
        old.invalidate_recordset()
        Submission._gc_public_submissions()
        self.assertEqual(Submission.search([]), recent)


@tagged("post_install", "-at_install")
class TestComplaintPublicPage(PublicFormMixin, CustomerServiceCase, HttpCase):
    def _token(self):
        page = self.url_open("/service/complaint")
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_visitor_files_and_is_thanked(self):
        data = {**self._form(), "csrf_token": self._token()}
        response = self.url_open(
            "/service/complaint",
            data=data,
            files={"attachments": ("seal.txt", b"leak at the seal", "text/plain")},
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["customer.complaint"].search([("channel", "=", "web")])
        self.assertEqual(len(complaint), 1)
        self.assertIn(complaint.name, response.text)
        self.assertIn("o_public_complaint_thanks", response.text)

    def test_refusal_shown_on_the_page(self):
        self.env["ir.config_parameter"].set_param(PARAM + "max_file_kb", "1")
        before = self._counts()
        response = self.url_open(
            "/service/complaint",
            data={**self._form(), "csrf_token": self._token()},
            files={"attachments": ("big.pdf", b"x" * 4096, "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_public_complaint_error", response.text)
        self.assertIn(
            ">The pump leaks\nSince Monday, at the seal.</textarea>", response.text
        )
        self.assertIn("big.pdf is too large", response.text)
        # What was typed is kept.
        self.assertIn('value="Visitor Wu"', response.text)
        self.assertEqual(self._counts(), before)

    def test_forged_form_refused(self):
        before = self._counts()
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/service/complaint",
                data={**self._form(), "csrf_token": "forged"},
            )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)


@tagged("post_install", "-at_install")
class TestComplaintPublicTour(CustomerServiceCase, TourCase):
    """static/tests/tours/complaint_public_form_tour.js: a visitor without an
    account files a matter with the form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_pumps = cls.env["customer.complaint.category"].create(
            {"name": "Pumps and Valves", "team_id": cls.team_logistics.id}
        )

    def test_public_form_tour(self):
        self._run_tour(
            "crm_customer_planning_complaint_public_form_tour",
            "/service/complaint",
            None,
        )
        complaint = self.env["customer.complaint"].search([("channel", "=", "web")])
        self.assertEqual(len(complaint), 1)
        self.assertRecordValues(
            complaint,
            [
                {
                    "subject": "Tour: the pump leaks at the seal",
                    "category_id": self.category_pumps.id,
                    "complaint_type": "suggestion",
                }
            ],
        )
        self.assertEqual(complaint.contact_id.name, "Visitor Tour")
        self.assertEqual(complaint.contact_id.phone, "+86 21 5555 0101")
        self.assertEqual(complaint.partner_id.name, "Tour Pumps")
