# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CustomerServiceCase


class ReturnVisitMixin:
    def _return_visits(self, complaint):
        """The complaint's planned return visits."""
        return complaint.followup_ids.filtered(lambda visit: visit.state == "planned")

    def _record_visit(
        self, complaint, satisfaction="4", words="Works fine now.", user=None
    ):
        wizard = (
            self.env["customer.complaint.return.visit"]
            .with_user(user or self.agent_teammate)
            .create(
                {
                    "complaint_id": complaint.id,
                    "satisfaction": satisfaction,
                    "customer_feedback": words,
                }
            )
        )
        return wizard.action_apply()


@tagged("post_install", "-at_install")
class TestComplaintLifecycle(ReturnVisitMixin, CustomerServiceCase):
    def test_resolving_hands_over_to_the_return_visit(self):
        complaint = self._create_complaint(handler_id=self.agent_teammate.id)
        self._set_state(complaint, "in_progress", user=self.agent_teammate)
        self.assertFalse(complaint.followup_ids, "no visit before the resolution")
        with freeze_time("2026-03-02 06:00:00"):
            self._set_state(complaint, "resolved", user=self.agent_teammate)
        self.assertEqual(complaint.date_resolved, datetime(2026, 3, 2, 6, 0))
        visit = self._return_visits(complaint)
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.user_id, self.agent, "the first-responsible person")
        # Reopened and resolved again: still one return visit.
        self._set_state(complaint, "in_progress", user=self.agent_teammate)
        self.assertFalse(complaint.date_resolved)
        self._set_state(complaint, "resolved", user=self.agent_teammate)
        self.assertEqual(len(self._return_visits(complaint)), 1)

    def test_closing_needs_the_return_visit(self):
        complaint = self._create_complaint(handler_id=self.agent_teammate.id)
        self._set_state(complaint, "resolved", user=self.agent_teammate)
        as_agent = complaint.with_user(self.agent_teammate)
        with self.assertRaises(UserError):
            as_agent.action_close()
        with self.assertRaises(UserError):
            self._set_state(complaint, "closed", user=self.agent_teammate)
        with self.assertRaises(UserError):
            self._set_state(complaint, "visited", user=self.agent_teammate)
        self.assertEqual(complaint.state, "resolved")

        with self.assertRaises(ValidationError):
            as_agent._record_return_visit(6, "Very happy")
        with self.assertRaises(UserError):
            self._record_visit(complaint, words="   ")
        self.assertFalse(complaint.return_visit_date)

        # Wednesday 4 March, 10:00 in Beijing.
        with freeze_time("2026-03-04 02:00:00"):
            self._record_visit(complaint, satisfaction="4", words="Runs cool all day.")
        self.assertEqual(complaint.state, "visited")
        self.assertEqual(complaint.satisfaction, 4)
        self.assertEqual(complaint.customer_feedback, "Runs cool all day.")
        self.assertEqual(complaint.return_visit_date, date(2026, 3, 4))
        self.assertFalse(self._return_visits(complaint), "the visit is marked done")
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: "Runs cool all day." in (m.body or "")
            )
        )
        with freeze_time("2026-03-04 03:00:00"):
            as_agent.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.date_closed, datetime(2026, 3, 4, 3, 0))

    def test_return_visit_button_is_the_service_teams(self):
        complaint = self._create_complaint(handler_id=self.agent_teammate.id)
        self._set_state(complaint, "resolved", user=self.agent_teammate)
        action = complaint.with_user(self.agent).action_open_return_visit()
        self.assertEqual(
            (action["res_model"], action["target"], action["context"]),
            (
                "customer.complaint.return.visit",
                "new",
                {"default_complaint_id": complaint.id},
            ),
        )
        Wizard = self.env[action["res_model"]].with_context(**action["context"])
        wizard = Wizard.with_user(self.agent).create(
            {"satisfaction": "4", "customer_feedback": "Fine now."}
        )
        self.assertEqual(wizard.complaint_id, complaint)
        # A salesperson reads the complaint but records no return visit.
        with self.assertRaises(AccessError):
            Wizard.with_user(self.salesman).create(
                {"satisfaction": "4", "customer_feedback": "Fine now."}
            )

    def test_return_visit_follows_resolution(self):
        complaint = self._create_complaint()
        with self.assertRaises(UserError):
            self._record_visit(complaint, user=self.agent)
        with self.assertRaises(ValidationError):
            complaint.with_user(self.agent)._record_return_visit(0, "Fine")

    def test_service_manager_waives_with_reason(self):
        complaint = self._create_complaint()
        self._set_state(complaint, "resolved")
        Waive = self.env["customer.complaint.waive"]
        with self.assertRaises(AccessError):
            Waive.with_user(self.agent).create(
                {"complaint_id": complaint.id, "reason": "Customer unreachable"}
            ).action_apply()
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent)._waive_return_visit("Customer unreachable")
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).write({"return_visit_waived": True})
        with self.assertRaises(UserError):
            complaint.with_user(self.service_manager)._waive_return_visit(" ")
        self.assertEqual(complaint.state, "resolved")

        Waive.with_user(self.service_manager).create(
            {"complaint_id": complaint.id, "reason": "The customer closed the plant."}
        ).action_apply()
        self.assertEqual(complaint.state, "closed")
        self.assertTrue(complaint.return_visit_waived)
        self.assertEqual(
            complaint.return_visit_waive_reason, "The customer closed the plant."
        )
        self.assertFalse(self._return_visits(complaint))
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: "The customer closed the plant." in (m.body or "")
            )
        )

    def test_rule_fields_not_writable_by_hand(self):
        complaint = self._create_complaint()
        for vals in (
            {"first_reply_date": "2026-03-02 03:00:00"},
            {"escalation_gm_notified": True},
        ):
            with self.assertRaises(AccessError):
                complaint.with_user(self.agent).write(vals)
        self.assertFalse(complaint.first_reply_date)


@tagged("post_install", "-at_install")
class TestComplaintReturnVisit(ReturnVisitMixin, CustomerServiceCase):
    """The complaint return visit is a customer.followup (DOMAIN §9)."""

    def _resolved_complaint(self):
        complaint = self._create_complaint(handler_id=self.agent_teammate.id)
        self._set_state(complaint, "in_progress", user=self.agent_teammate)
        self._set_state(complaint, "resolved", user=self.agent_teammate)
        return complaint

    def test_resolving_plans_a_complaint_visit(self):
        complaint = self._resolved_complaint()
        visit = complaint.followup_ids
        self.assertRecordValues(
            visit,
            [
                {
                    "kind": "complaint",
                    "state": "planned",
                    "user_id": self.agent.id,
                    "partner_id": complaint.commercial_partner_id.id,
                }
            ],
        )
        action = complaint.action_view_return_visits()
        self.assertEqual(action["res_id"], visit.id)

    def test_visit_done_records_the_result_on_the_complaint(self):
        complaint = self._resolved_complaint()
        visit = complaint.followup_ids.with_user(self.agent)
        visit.write({"satisfaction": "5", "result_notes": "The spindle runs cool."})
        # Thursday 5 March, 07:00 in Beijing: still the 4th in UTC.
        with freeze_time("2026-03-04 23:00:00"):
            visit.action_done()
        self.assertEqual(complaint.state, "visited")
        self.assertEqual(complaint.satisfaction, 5)
        self.assertEqual(complaint.customer_feedback, "The spindle runs cool.")
        self.assertEqual(complaint.return_visit_date, date(2026, 3, 5))

    def test_visit_done_without_rating_is_refused(self):
        complaint = self._resolved_complaint()
        visit = complaint.followup_ids.with_user(self.agent)
        with self.assertRaises(ValidationError):
            visit.action_done()
        self.assertEqual(visit.state, "planned")
        self.assertEqual(complaint.state, "resolved")
        self.assertFalse(complaint.return_visit_date)

    def test_recording_on_the_complaint_closes_the_visit(self):
        complaint = self._resolved_complaint()
        visit = complaint.followup_ids
        complaint.with_user(self.agent)._record_return_visit(4, "Fixed, thanks.")
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.satisfaction, "4")
        self.assertEqual(visit.result_notes, "Fixed, thanks.")

    @freeze_time("2026-03-06 08:00")  # Friday 16:00 in Beijing, the report's day
    def test_weekly_report_complaint_figures(self):
        # Received Monday 10:00, resolved at 14:00, visited and closed
        # Wednesday: opened and closed this week, on time.
        with freeze_time("2026-03-02 06:00"):
            complaint = self._resolved_complaint()
        with freeze_time("2026-03-04 02:00"):
            self._record_visit(complaint)
            complaint.with_user(self.agent).action_close()
        self.assertEqual(complaint.date_closed, datetime(2026, 3, 4, 2, 0))
        # Received Monday 10:00 too, never answered: its reply clock runs past
        # its deadline.
        self._create_complaint(
            subject="Wrong invoice",
            category_id=self.category_quality.id,
            force_new=True,
        )
        Report = self.env["report.crm_customer_planning.weekly_service_report"]
        section = Report.with_user(
            self.service_manager
        )._get_weekly_report_complaint_section(date(2026, 3, 2), date(2026, 3, 6))
        self.assertEqual(
            section,
            {
                "Complaints opened": 2,
                "Complaints closed": 1,
                "Complaints breached": 1,
            },
        )
        before = Report._get_weekly_report_complaint_section(
            date(2026, 2, 23), date(2026, 2, 27)
        )
        self.assertEqual(
            before,
            {
                "Complaints opened": 0,
                "Complaints closed": 0,
                "Complaints breached": 0,
            },
        )
        self.assertEqual(complaint.followup_ids.mapped("state"), ["done"])
