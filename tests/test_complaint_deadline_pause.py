# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The clocks pause while we wait for the customer (a stage "Waiting for the
Customer"): the open deadlines move later by exactly the time spent waiting, in
the hours of the time limit. All instants UTC, Shanghai (UTC+8) in comments."""

from datetime import datetime

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import CustomerServiceCase

MONDAY_10H = datetime(2026, 3, 2, 2, 0)  # Monday 2 March, 10:00


@tagged("post_install", "-at_install")
class TestDeadlinePause(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.waiting = cls.env.ref("crm_customer_planning.complaint_stage_waiting")

    def _move(self, complaint, stage, moment):
        with freeze_time(moment):
            complaint.with_user(self.agent).write({"stage_id": stage.id})

    def _state_at(self, complaint, moment):
        Complaint = self.env["customer.complaint"]
        with freeze_time(moment):
            complaint.invalidate_recordset(["sla_state"])
            state = complaint.sla_state
            self.assertEqual(
                Complaint.search(
                    [("id", "=", complaint.id), ("sla_state", "=", state)]
                ),
                complaint,
                "search agrees with the compute",
            )
            return state

    def test_clock_hours_move_by_the_time_waited(self):
        """Reply due 14:00 UTC (warned 11:00); waiting from 03:00 to 05:30:
        two and a half hours later everywhere."""
        complaint = self._create_complaint(handler_id=self.agent_teammate.id)
        self.assertEqual(complaint.reply_deadline, datetime(2026, 3, 2, 14, 0))
        self._move(complaint, self.waiting, "2026-03-02 03:00:00")
        self.assertEqual(complaint.waiting_since, datetime(2026, 3, 2, 3, 0))
        self.assertEqual(complaint.state, "in_progress")
        # Past the warning and the deadline, and still paused: nobody is told.
        self.assertEqual(self._state_at(complaint, "2026-03-02 15:00:00"), "paused")
        escalate = self.env["customer.complaint"]._cron_escalate_complaints
        self.assertEqual(escalate(now=datetime(2026, 3, 2, 15, 0)), (0, 0))
        self.assertFalse(complaint.escalation_reply_warned)
        self._move(complaint, self.stages["in_progress"], "2026-03-02 05:30:00")
        self.assertFalse(complaint.waiting_since)
        self.assertEqual(complaint.reply_paused_hours, 2.5)
        self.assertEqual(complaint.resolution_paused_hours, 2.5)
        self.assertEqual(complaint.reply_deadline, datetime(2026, 3, 2, 16, 30))
        self.assertEqual(complaint.reply_warning_date, datetime(2026, 3, 2, 13, 30))
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 3, 3, 20, 30))
        self.assertEqual(self._state_at(complaint, "2026-03-02 13:00:00"), "on_time")
        self.assertEqual(self._state_at(complaint, "2026-03-02 14:00:00"), "at_risk")
        self.assertEqual(escalate(now=datetime(2026, 3, 2, 14, 0)), (1, 0))
        self.assertTrue(complaint.escalation_reply_warned)

    def test_answered_complaint_pauses_its_resolution_only(self):
        complaint = self._create_complaint()
        with freeze_time("2026-03-02 03:00:00"):
            complaint.with_user(self.agent).message_post(
                body="We look into it.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        reply_deadline = complaint.reply_deadline
        self._move(complaint, self.waiting, "2026-03-02 04:00:00")
        self._move(complaint, self.stages["in_progress"], "2026-03-02 05:00:00")
        self.assertEqual(complaint.reply_paused_hours, 0)
        self.assertEqual(complaint.reply_deadline, reply_deadline)
        self.assertEqual(complaint.resolution_paused_hours, 1)
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 3, 3, 19, 0))

    def test_working_hours_of_the_rule(self):
        """Monday to Friday 09:00-18:00: waiting from Monday 17:00 to Tuesday
        10:00 is two working hours; the reply due Tuesday 13:00 moves to 15:00."""
        self._count_working_hours()
        complaint = self._create_complaint()
        self.assertEqual(complaint.reply_deadline, datetime(2026, 3, 3, 5, 0))
        self._move(complaint, self.waiting, "2026-03-02 09:00:00")
        self._move(complaint, self.stages["in_progress"], "2026-03-03 02:00:00")
        self.assertEqual(complaint.reply_paused_hours, 2)
        self.assertEqual(complaint.reply_deadline, datetime(2026, 3, 3, 7, 0))
        # Warned three working hours before: Tuesday 12:00.
        self.assertEqual(complaint.reply_warning_date, datetime(2026, 3, 3, 4, 0))

    def test_late_clock_stays_breached_while_waiting(self):
        complaint = self._create_complaint()
        with freeze_time("2026-03-02 15:00:00"):  # after the 14:00 deadline
            complaint.with_user(self.agent).message_post(
                body="Sorry for the wait.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertTrue(complaint.reply_late)
        self._move(complaint, self.waiting, "2026-03-02 16:00:00")
        self.assertEqual(self._state_at(complaint, "2026-03-02 17:00:00"), "breached")

    def test_only_an_open_stage_can_wait(self):
        with self.assertRaises(ValidationError) as error:
            self.stages["resolved"].is_waiting = True
        self.assertIn("cannot wait for the customer", str(error.exception))
        self.stages["resolved"].invalidate_recordset()
        self.assertFalse(self.stages["resolved"].is_waiting)
