# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestComplaintPortal(CustomerServiceCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_2 = cls.env["res.partner"].create(
            {
                "name": "Dispatcher Qian",
                "parent_id": cls.customer_2.id,
                "email": "qian@pengcheng.example.com",
            }
        )
        cls.portal_alpha = new_test_user(
            cls.env,
            login="portal_alpha",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )
        cls.portal_bravo = new_test_user(
            cls.env,
            login="portal_bravo",
            groups="base.group_portal",
            partner_id=cls.contact_2.id,
        )
        cls.complaint_a = cls._create_complaint(
            subject="Alpha spindle overheats", contact_id=cls.customer_contact.id
        )
        cls.complaint_b = cls._create_complaint(
            subject="Bravo pallets damaged",
            partner_id=cls.customer_2.id,
            category_id=cls.category_delivery.id,
        )
        for complaint in cls.complaint_a | cls.complaint_b:
            complaint._portal_ensure_token()

    def _post(self, complaint, body, **kwargs):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "customer.complaint",
                "thread_id": complaint.id,
                "post_data": {
                    "body": body,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
                **kwargs,
            },
        )

    def _assert_refused(self, response, complaint):
        self.assertNotIn(complaint.subject, response.text)
        self.assertNotIn(f"/my/complaints/{complaint.id}", response.url)

    def test_customer_sees_own_complaints_with_stage(self):
        self.authenticate("portal_alpha", "portal_alpha")
        home = self.url_open("/my")
        self.assertIn("/my/complaints", home.text)
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("Alpha spindle overheats", listing.text)
        self.assertNotIn("Bravo pallets damaged", listing.text)
        page = self.url_open(f"/my/complaints/{self.complaint_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/my/complaints/{self.complaint_a.id}", page.url)
        self.assertIn("Alpha spindle overheats", page.text)
        self.assertIn(self.complaint_a.stage_id.name, page.text)

    def test_isolation_by_id_and_token(self):
        self.authenticate("portal_bravo", "portal_bravo")
        alpha = self.complaint_a
        for url in (
            f"/my/complaints/{alpha.id}",
            f"/my/complaints/{alpha.id}?access_token={alpha.access_token}",
            f"/my/complaints/{alpha.id}?access_token=forged",
        ):
            with self.subTest(url=url):
                self._assert_refused(self.url_open(url), alpha)
        self.assertNotIn(
            "Alpha spindle overheats", self.url_open("/my/complaints").text
        )
        self._assert_refused(self.url_open("/my/complaints/999999"), alpha)
        # Replying on the other customer's complaint, even with its token, fails.
        with self.assertRaises(JsonRpcException):
            self._post(alpha, "Let me in", token=alpha.access_token)
        self.assertFalse(
            alpha.message_ids.filtered(lambda m: "Let me in" in (m.body or ""))
        )
        # Their own complaint stays theirs, whatever token is in the URL.
        page = self.url_open(
            f"/my/complaints/{self.complaint_b.id}?access_token={alpha.access_token}"
        )
        self.assertIn("Bravo pallets damaged", page.text)

    def test_public_visitor_sees_none(self):
        alpha = self.complaint_a
        for url in (
            "/my/complaints",
            f"/my/complaints/{alpha.id}",
            f"/my/complaints/{alpha.id}?access_token={alpha.access_token}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertIn("/web/login", response.url)
                self.assertNotIn(alpha.subject, response.text)
        with self.assertRaises(JsonRpcException):
            self._post(alpha, "Anonymous", token=alpha.access_token)

    def test_customer_files_and_replies(self):
        self.authenticate("portal_alpha", "portal_alpha")
        form = self.url_open("/my/complaints/new")
        self.assertIn(self.category_delivery.name, form.text)
        # An empty textarea is still rendered (QWeb drops a tag whose t-out is None).
        self.assertIn('<textarea name="description"', form.text)
        Complaint = self.env["customer.complaint"]
        count = Complaint.search_count([])
        bad = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "  ",
                "category_id": str(self.category_delivery.id),
            },
        )
        self.assertEqual(bad.status_code, 200)
        self.assertIn("Say in a few words what it is about.", bad.text)
        self.assertEqual(Complaint.search_count([]), count)

        filed = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Coolant leak",
                "category_id": str(self.category_delivery.id),
                "complaint_type": "complaint",
                "description": "Leaks under the machine since Monday",
                # Ignored: the customer comes from the login, not the form.
                "partner_id": str(self.customer_2.id),
            },
        )
        complaint = Complaint.search([("subject", "=", "Coolant leak")])
        self.assertEqual(len(complaint), 1)
        self.assertIn(f"/my/complaints/{complaint.id}", filed.url)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.contact_id, self.customer_contact)
        self.assertEqual(complaint.channel, "portal")
        self.assertIn("Leaks under the machine", complaint.description)
        # The Logistics team has no leader: the customer's salesperson owns it.
        self.assertEqual(complaint.first_responsible_id, self.salesman)

        # Same customer, same open matter: added to the open complaint.
        again = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Spindle still hot",
                "category_id": str(self.category_quality.id),
            },
        )
        self.assertIn(f"/my/complaints/{self.complaint_a.id}", again.url)
        self.assertEqual(self.complaint_a.repeat_count, 1)

        self._post(complaint, "Any news about the leak?")
        reply = complaint.message_ids.filtered(
            lambda m: "Any news about the leak?" in (m.body or "")
        )
        self.assertEqual(reply.author_id, self.customer_contact)
        self.assertFalse(complaint.first_reply_date, "the customer's own message")

    def test_isolation_through_rpc_content_and_chatter(self):
        """Changing ids and tokens in the other ways a browser reaches data
        (JSON-RPC, /web/content, the chatter routes, odd ids) shows nothing of
        another customer's complaint, and never fails with a server error."""
        self.authenticate("portal_bravo", "portal_bravo")
        alpha = self.complaint_a
        alpha.message_post(body="Alpha internal matter", message_type="comment")

        def call_kw(method, args, kwargs=None):
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/customer.complaint/{method}",
                {
                    "model": "customer.complaint",
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            )

        for method, args, kwargs in (
            ("read", [[alpha.id], ["subject"]], {}),
            ("web_read", [[alpha.id]], {"specification": {"subject": {}}}),
            ("write", [[alpha.id], {"subject": "Taken over"}], {}),
            ("unlink", [[alpha.id]], {}),
        ):
            with self.subTest(method=method):
                with self.assertRaises(JsonRpcException) as caught:
                    call_kw(method, args, kwargs)
                self.assertIn("AccessError", str(caught.exception))
        found = call_kw(
            "search_read", [[("id", "=", alpha.id)]], {"fields": ["subject"]}
        )
        self.assertEqual(found, [])
        self.assertEqual(alpha.subject, "Alpha spindle overheats")

        for url in (
            f"/web/content/customer.complaint/{alpha.id}/description",
            f"/web/content/customer.complaint/{alpha.id}/description"
            f"?access_token={alpha.access_token}",
            f"/my/complaints/{alpha.id}x",
            "/my/complaints/-1",
            f"/my/complaints/{alpha.id}/../{alpha.id}",
            "/my/complaints?sortby=name%20desc%3B%20DROP%20TABLE%20x",
            "/my/complaints/page/99999",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertLess(response.status_code, 500)
                self.assertNotIn(alpha.subject, response.text)
                self.assertNotIn("Alpha internal matter", response.text)

        # The chatter route: nothing of Alpha's, whatever token comes along
        # (the route takes none); a server error would raise here.
        alpha.message_post(
            body="Alpha public answer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

        def chatter(**token):
            return self.make_jsonrpc_request(
                "/mail/thread/messages",
                {"thread_model": "customer.complaint", "thread_id": alpha.id, **token},
            )

        for token in (alpha.access_token, "forged", None):
            with self.subTest(token=token):
                data = chatter(**({"token": token} if token else {}))
                self.assertEqual(data["messages"], [])
        # The same route shows Alpha's customer the answer, never the note.
        self.authenticate("portal_alpha", "portal_alpha")
        data = chatter()
        self.assertEqual(len(data["messages"]), 1)
        self.assertIn("Alpha public answer", str(data["data"]))
        self.assertNotIn("Alpha internal matter", str(data["data"]))
