# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerServiceCase, OpportunityScreeningCase, TourCase


@tagged("post_install", "-at_install")
class TestScreeningTour(OpportunityScreeningCase, TourCase):
    """static/tests/tours/crm_lead_screening_tour.js: a salesperson is stopped
    by a stage gate, screens the opportunity through the four steps with the
    wizard, then moves it into the stage."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One blocking question per step, so that one Yes passes it.
        for step in cls.STEPS:
            cls.criteria[step]["nice"].action_archive()
            cls.criteria[step]["extra"].action_archive()
        cls.stage_proposition.required_qualification_step = "worth"
        cls.lead = cls._create_opportunity("Tour Spindle Retrofit")

    def test_screening_tour(self):
        self.assertEqual(self.lead.qualification_depth, "full")
        with mute_logger("odoo.http"):  # the refused move, logged as a warning
            self._run_tour(
                "crm_customer_planning_screening_tour",
                "/odoo/action-crm.crm_lead_action_pipeline",
                self.salesman.login,
            )
        lead = self.lead
        self.assertEqual(lead.stage_id, self.stage_proposition)
        self.assertEqual(lead.qualification_recommendation, "pursue")
        self.assertEqual(lead.qualification_step, "worth")
        self.assertEqual(
            lead.qualification_ids.mapped("answer"), ["yes", "yes", "yes", "yes"]
        )
        self.assertEqual(lead.qualification_ids.answered_by_id, self.salesman)


@tagged("post_install", "-at_install")
class TestComplaintTour(CustomerServiceCase, TourCase):
    """static/tests/tours/customer_complaint_tour.js: a service agent receives a
    complaint, answers the customer, resolves it, records the return visit and
    closes it."""

    def test_complaint_tour(self):
        started = fields.Datetime.now().replace(microsecond=0)
        self._run_tour(
            "crm_customer_planning_complaint_tour",
            "/odoo/action-crm_customer_planning.customer_complaint_action",
            self.agent.login,
        )
        complaint = self.env["customer.complaint"].search(
            [("subject", "=", "Tour: spindle overheats after two hours")]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.first_responsible_id, self.agent)
        self.assertEqual(complaint.team_id, self.team_quality)
        # Answered, then resolved, while the tour ran.
        ended = fields.Datetime.now()
        self.assertLessEqual(started, complaint.first_reply_date)
        self.assertLessEqual(complaint.first_reply_date, complaint.date_resolved)
        self.assertLessEqual(complaint.date_resolved, ended)
        self.assertFalse(complaint.reply_late)
        self.assertEqual(complaint.satisfaction, 4)
        self.assertEqual(
            complaint.customer_feedback, "The spindle runs cool now, thank you."
        )
        self.assertEqual(complaint.state, "closed")
        # The complaint return visit is done, with the customer's words.
        self.assertRecordValues(
            complaint.followup_ids,
            [
                {
                    "kind": "complaint",
                    "state": "done",
                    "satisfaction": "4",
                    "result_notes": "The spindle runs cool now, thank you.",
                }
            ],
        )
