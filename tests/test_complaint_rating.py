# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import date, datetime

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerServiceCase, TourCase

REPORT = "report.crm_customer_planning.service_supervision_report"
# Tuesday 2026-03-10, 10:00 in Beijing.
CLOSING_TIME = "2026-03-10 02:00:00"


class ComplaintRatingCase(CustomerServiceCase):
    """Complaints brought by Buyer Zhou (zhou@huadong.example.com) of Huadong
    Machinery, taken to their close after the return visit."""

    @classmethod
    def _close(cls, complaints, words="The spindle runs cool now."):
        """Resolve, record the return visit and close, as the service manager."""
        manager = cls.service_manager
        complaints.with_user(manager).write(
            {
                "stage_id": cls.env.ref(
                    "crm_customer_planning.complaint_stage_resolved"
                ).id
            }
        )
        complaints.with_user(manager)._record_return_visit(4, words)
        complaints.with_user(manager).action_close()

    def _request_mails(self, complaint, partner=None):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "customer.complaint"),
                ("res_id", "=", complaint.id),
                ("recipient_ids", "in", (partner or self.customer_contact).ids),
            ]
        )

    def _rating(self, complaint):
        return self.env["rating.rating"].search(
            [("res_model", "=", "customer.complaint"), ("res_id", "=", complaint.id)]
        )


@tagged("post_install", "-at_install")
@freeze_time(CLOSING_TIME)
class TestComplaintRatingRequest(ComplaintRatingCase):
    def test_close_sends_one_request_with_the_faces(self):
        complaint = self._create_complaint(contact_id=self.customer_contact.id)
        self._close(complaint)
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.rating_request_status, "sent")
        rating = self._rating(complaint)
        self.assertRecordValues(
            rating,
            [
                {
                    "partner_id": self.customer_contact.id,
                    "rated_partner_id": self.agent.partner_id.id,
                    "consumed": False,
                    "rating": 0.0,
                }
            ],
        )
        mail = self._request_mails(complaint)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer_contact)
        self.assertEqual(mail.email_from, self.agent.partner_id.email_formatted)
        self.assertIn(complaint.name, mail.subject)
        for score in (5, 3, 1):
            self.assertIn(f"/rate/{rating.access_token}/{score}", mail.body_html)
        # Only the customer is asked: not the owner, not the followers.
        self.assertFalse(
            self.env["mail.mail"].search(
                [
                    ("model", "=", "customer.complaint"),
                    ("res_id", "=", complaint.id),
                    ("body_html", "like", f"/rate/{rating.access_token}/"),
                    ("id", "!=", mail.id),
                ]
            )
        )
        # The agent's own return-visit note stays what the agent heard.
        self.assertEqual(complaint.satisfaction, 4)
        self.assertEqual(complaint.customer_feedback, "The spindle runs cool now.")
        self.assertFalse(complaint.rating_last_value)

    def test_never_twice_for_the_same_close(self):
        complaint = self._create_complaint(contact_id=self.customer_contact.id)
        self._close(complaint)
        # Back to the return-visit stage and closed again: the same close.
        complaint.with_user(self.service_manager).write(
            {"stage_id": self.stages["visited"].id}
        )
        complaint.with_user(self.service_manager).action_close()
        complaint._send_rating_request()
        self.assertEqual(len(self._request_mails(complaint)), 1)
        self.assertEqual(len(self._rating(complaint)), 1)
        # Reopened, handled again, visited and closed: a new close asks again,
        # with the request still unanswered.
        complaint.with_user(self.service_manager).write(
            {"stage_id": self.stages["in_progress"].id}
        )
        self.assertFalse(complaint.rating_request_status)
        self._close(complaint, "Fixed for good this time.")
        self.assertEqual(complaint.rating_request_status, "sent")
        self.assertEqual(len(self._request_mails(complaint)), 2)
        self.assertEqual(len(self._rating(complaint)), 1)

    def test_no_email_no_request_but_a_note(self):
        customer = self._create_customer("Xinjiang Cotton Mill", owner=self.salesman)
        contact = self.env["res.partner"].create(
            {"name": "Director Ma", "parent_id": customer.id}
        )
        complaint = self._create_complaint(
            partner_id=customer.id, contact_id=contact.id
        )
        self._close(complaint)
        self.assertEqual(complaint.rating_request_status, "no_email")
        self.assertFalse(self._rating(complaint))
        self.assertFalse(
            self.env["mail.mail"].search(
                [
                    ("model", "=", "customer.complaint"),
                    ("res_id", "=", complaint.id),
                    ("recipient_ids", "in", (customer | contact).ids),
                ]
            )
        )
        notes = complaint.message_ids.filtered(
            lambda m: "No rating request sent" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)
        self.assertIn("Xinjiang Cotton Mill", notes.body)
        complaint._send_rating_request()
        self.assertEqual(
            len(
                complaint.message_ids.filtered(
                    lambda m: "No rating request sent" in (m.body or "")
                )
            ),
            1,
        )

    def test_a_new_close_after_a_rating_asks_again(self):
        complaint = self._create_complaint(contact_id=self.customer_contact.id)
        self._close(complaint)
        first = self._rating(complaint)
        complaint.sudo().rating_apply(1, token=first.access_token, feedback="Slow.")
        self.assertEqual(complaint.customer_rating_text, "ko")
        self.assertEqual(complaint.customer_rating_feedback, "Slow.")
        complaint.with_user(self.service_manager).write(
            {"stage_id": self.stages["in_progress"].id}
        )
        self._close(complaint, "Replaced the bearing.")
        ratings = self._rating(complaint)
        self.assertEqual(len(ratings), 2)
        second = ratings - first
        self.assertFalse(second.consumed)
        self.assertNotEqual(second.access_token, first.access_token)
        mails = self._request_mails(complaint)
        self.assertEqual(len(mails), 2)
        self.assertIn(
            f"/rate/{second.access_token}/5", mails.sorted("id")[-1].body_html
        )
        # Until the customer answers again, the complaint shows the rating given.
        self.assertEqual(complaint.customer_rating_text, "ko")
        self.assertEqual(complaint.customer_rating_feedback, "Slow.")
        self.assertEqual(complaint.rating_last_value, 1.0)
        complaint.sudo().rating_apply(5, token=second.access_token, feedback="Good.")
        self.assertEqual(complaint.customer_rating_text, "top")
        self.assertEqual(complaint.customer_rating_feedback, "Good.")
        self.assertEqual(complaint.rating_count, 2)

    def test_company_email_when_the_contact_has_none(self):
        contact = self.env["res.partner"].create(
            {"name": "Fitter Wu", "parent_id": self.customer.id}
        )
        complaint = self._create_complaint(contact_id=contact.id)
        self._close(complaint)
        self.assertEqual(self._rating(complaint).partner_id, self.customer)
        self.assertEqual(len(self._request_mails(complaint, self.customer)), 1)

    def test_waived_return_visit_asks_nothing(self):
        complaint = self._create_complaint(contact_id=self.customer_contact.id)
        complaint.with_user(self.service_manager).write(
            {"stage_id": self.stages["resolved"].id}
        )
        complaint.with_user(self.service_manager)._waive_return_visit(
            "The customer asked not to be called again."
        )
        complaint.with_user(self.service_manager).action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertFalse(complaint.rating_request_status)
        self.assertFalse(self._rating(complaint))
        self.assertFalse(self._request_mails(complaint))

    def test_request_status_not_writable_by_hand(self):
        complaint = self._create_complaint(contact_id=self.customer_contact.id)
        with self.assertRaises(AccessError):
            complaint.with_user(self.service_manager).write(
                {"rating_request_status": "sent"}
            )

    def test_given_rating_is_final(self):
        complaint = self._create_complaint(contact_id=self.customer_contact.id)
        self._close(complaint)
        token = self._rating(complaint).access_token
        complaint.sudo().rating_apply(5, token=token, feedback="Quick and kind.")
        with self.assertRaises(UserError):
            complaint.sudo().rating_apply(1, token=token, feedback="Changed my mind.")
        self.assertRecordValues(
            self._rating(complaint),
            [{"rating": 5.0, "feedback": "Quick and kind.", "consumed": True}],
        )
        other = self._create_complaint(
            subject="Second matter", force_new=True, contact_id=self.customer_contact.id
        )
        with self.assertRaises(UserError):
            other.sudo().rating_apply(3, token=token)


@tagged("post_install", "-at_install")
class TestComplaintRatingHttp(ComplaintRatingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_zhou = new_test_user(
            cls.env,
            login="portal_zhou",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )
        cls.complaint = cls._create_complaint(contact_id=cls.customer_contact.id)
        cls._close(cls.complaint)
        cls.token = (
            cls.env["rating.rating"]
            .search(
                [
                    ("res_model", "=", "customer.complaint"),
                    ("res_id", "=", cls.complaint.id),
                ]
            )
            .access_token
        )

    def setUp(self):
        super().setUp()
        # The customer follows the mail's link without logging in.
        self.authenticate(None, None)

    def _submit(self, token, rate, feedback):
        return self.url_open(
            f"/rate/{token}/submit_feedback",
            data={
                "rate": rate,
                "feedback": feedback,
                "csrf_token": http.Request.csrf_token(self),
            },
        )

    def _rating_messages(self):
        return self.complaint.message_ids.filtered("rating_ids")

    def test_rate_through_odoo_pages(self):
        page = self.url_open(f"/rate/{self.token}/5")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'action="/rate/{self.token}/submit_feedback"', page.text)
        self.assertFalse(self._rating(self.complaint).consumed, "a click rates nothing")
        done = self._submit(self.token, 5, "Quick and kind, thank you.")
        self.assertEqual(done.status_code, 200)
        self.assertIn("Thank you for your feedback", done.text)
        self.env.invalidate_all()
        rating = self._rating(self.complaint)
        self.assertRecordValues(
            rating,
            [
                {
                    "rating": 5.0,
                    "feedback": "Quick and kind, thank you.",
                    "consumed": True,
                    "rated_partner_id": self.agent.partner_id.id,
                }
            ],
        )
        self.assertEqual(self.complaint.rating_last_value, 5.0)
        self.assertEqual(
            self.complaint.rating_last_feedback, "Quick and kind, thank you."
        )
        message = self._rating_messages()
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.customer_contact)
        self.assertIn("Quick and kind, thank you.", message.body)

        # The link used again: a clear page, nothing changes, no second rating.
        again = self.url_open(f"/rate/{self.token}/1")
        self.assertEqual(again.status_code, 200)
        self.assertIn("You have already rated this service", again.text)
        self.assertIn("Quick and kind, thank you.", again.text)
        resent = self._submit(self.token, 1, "Actually it was bad.")
        self.assertEqual(resent.status_code, 200)
        self.assertIn("You have already rated this service", resent.text)
        self.env.invalidate_all()
        self.assertRecordValues(
            self._rating(self.complaint),
            [{"rating": 5.0, "feedback": "Quick and kind, thank you."}],
        )
        self.assertEqual(len(self._rating_messages()), 1)
        self.assertNotIn("Actually it was bad.", self._rating_messages().body)

    def test_forged_token_is_not_found(self):
        forged = "0" * 32
        with mute_logger("odoo.http"):
            page = self.url_open(f"/rate/{forged}/5")
            self.assertEqual(page.status_code, 404)
            posted = self._submit(forged, 5, "Forged praise.")
            self.assertEqual(posted.status_code, 404)
        self.env.invalidate_all()
        self.assertFalse(self._rating(self.complaint).consumed)
        self.assertFalse(self._rating_messages())

    def test_portal_shows_request_then_rating(self):
        self.authenticate("portal_zhou", "portal_zhou")
        url = f"/my/complaints/{self.complaint.id}"
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Your rating of our service", page.text)
        for score in (5, 3, 1):
            self.assertIn(f"/rate/{self.token}/{score}", page.text)
        self._submit(self.token, 3, "Solved, but slowly.")
        page = self.url_open(url)
        self.assertIn("Solved, but slowly.", page.text)
        self.assertNotIn(f"/rate/{self.token}/", page.text)

    def test_employee_on_the_portal_page_gets_no_faces(self):
        self.authenticate(self.agent.login, self.agent.login)
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(f"/rate/{self.token}/", page.text)


@tagged("post_install", "-at_install")
class TestComplaintRatingFigures(ComplaintRatingCase):
    """Six complaints closed in March 2026: five rated at known moments, one
    not. Agent Liu owns A (5) and B (1); Agent Ma owns C (3), D (1, rated on 1
    April at 00:30 in Beijing, still 31 March in UTC) and E (5, rated on 1 March
    at 00:30 in Beijing, still 28 February in UTC); F is not rated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        plan = [
            ("A", cls.agent, 5, "2026-03-12 02:00:00"),
            ("B", cls.agent, 1, "2026-03-20 09:00:00"),
            ("C", cls.agent_teammate, 3, "2026-03-31 15:59:00"),
            ("D", cls.agent_teammate, 1, "2026-03-31 16:30:00"),
            ("E", cls.agent_teammate, 5, "2026-02-28 16:30:00"),
            ("F", cls.agent, None, None),
        ]
        cls.complaints = {}
        with freeze_time("2026-02-27 02:00:00"):
            for name, owner, _score, _moment in plan:
                cls.complaints[name] = cls._create_complaint(
                    user=owner,
                    force_new=True,
                    subject=f"Matter {name}",
                    contact_id=cls.customer_contact.id,
                    date_received=datetime(2026, 2, 26, 2, 0),
                )
            cls._close(cls.env["customer.complaint"].union(*cls.complaints.values()))
        for name, _owner, score, moment in plan:
            if score is None:
                continue
            complaint = cls.complaints[name]
            with freeze_time(moment):
                complaint.sudo().rating_apply(
                    score,
                    token=complaint._rating_get_access_token(),
                    feedback=f"Rating of {name}",
                )

    def test_complaint_shows_its_rating(self):
        a, f = self.complaints["A"], self.complaints["F"]
        self.assertEqual(a.rating_last_value, 5.0)
        self.assertEqual(a.rating_last_feedback, "Rating of A")
        self.assertEqual(a.rating_count, 1)
        self.assertEqual(f.rating_last_value, 0.0)
        self.assertEqual(f.rating_count, 0)
        action = a.action_open_ratings()
        self.assertEqual(
            self.env["rating.rating"].search(action["domain"]).feedback, "Rating of A"
        )

    def test_complaint_analysis(self):
        ids = [c.id for c in self.complaints.values()]
        [(count, rated, average)] = self.env["customer.complaint.report"]._read_group(
            [("complaint_id", "in", ids)],
            [],
            ["complaint_count:sum", "rated_count:sum", "customer_rating:avg"],
        )
        self.assertEqual((count, rated), (6, 5))
        self.assertAlmostEqual(average, (5 + 1 + 3 + 1 + 5) / 5)
        by_owner = {
            owner: (rated, average)
            for owner, rated, average in self.env[
                "customer.complaint.report"
            ]._read_group(
                [("complaint_id", "in", ids)],
                ["first_responsible_id"],
                ["rated_count:sum", "customer_rating:avg"],
            )
        }
        self.assertEqual(by_owner[self.agent], (2, 3.0))
        self.assertEqual(by_owner[self.agent_teammate], (3, 3.0))

    def test_supervision_report_rates_the_owners(self):
        data = self.env[REPORT]._get_service_supervision_data(
            self.company, date(2026, 3, 1), date(2026, 3, 31)
        )
        # A, B, C and E were rated in March in Beijing; D on 1 April.
        self.assertEqual(data["ratings"], 4)
        self.assertEqual(data["rating"], 3.5)
        self.assertEqual(
            data["rating_owners"],
            [
                {"name": "Agent Liu", "count": 2, "rating": 3.0},
                {"name": "Agent Ma", "count": 2, "rating": 4.0},
            ],
        )
        self.assertEqual(
            data["ratings_by_user"],
            {
                self.agent.id: {"count": 2, "rating": 3.0},
                self.agent_teammate.id: {"count": 2, "rating": 4.0},
            },
        )
        april = self.env[REPORT]._get_service_supervision_data(
            self.company, date(2026, 4, 1), date(2026, 4, 30)
        )
        self.assertEqual(april["ratings"], 1)
        self.assertEqual(
            april["rating_owners"], [{"name": "Agent Ma", "count": 1, "rating": 1.0}]
        )
        mail = self.company._send_service_supervision_report(
            date(2026, 3, 1), date(2026, 3, 31)
        )
        body = re.sub(r"\s+", " ", mail.body_html)
        self.assertIn("The customers' ratings of the service staff", body)
        self.assertRegex(body, r"Agent Ma</td> <td[^>]*>2</td> <td[^>]*>4.0</td>")

    def test_other_company_ratings_not_counted(self):
        other = self.env["res.company"].create({"name": "Other Service Co"})
        data = self.env[REPORT]._get_service_supervision_data(
            other, date(2026, 3, 1), date(2026, 3, 31)
        )
        self.assertEqual((data["ratings"], data["rating"]), (0, None))
        self.assertEqual(data["rating_owners"], [])


@tagged("post_install", "-at_install")
class TestComplaintRatingTour(ComplaintRatingCase, TourCase):
    """static/tests/tours/complaint_rating_tour.js: the customer opens the
    "Okay" link of the rating mail, picks the happy face instead, writes a
    comment and sends it."""

    def test_customer_rates_from_the_mail(self):
        complaint = self._create_complaint(contact_id=self.customer_contact.id)
        self._close(complaint)
        mail = self._request_mails(complaint)
        self.assertEqual(len(mail), 1)
        link = re.search(r'href="[^"]*(/rate/[0-9a-f]+/3)"', mail.body_html).group(1)
        self._run_tour("crm_customer_planning_complaint_rating_tour", link, None)
        self.env.invalidate_all()
        self.assertRecordValues(
            self._rating(complaint),
            [
                {
                    "rating": 5.0,
                    "feedback": "Fixed in a day, thank you.",
                    "consumed": True,
                }
            ],
        )
        message = complaint.message_ids.filtered("rating_ids")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.customer_contact)
        self.assertIn("Fixed in a day, thank you.", message.body)
