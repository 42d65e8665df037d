# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Service targets as records (DOMAIN §9, issue 16 item 3): the first reply, the
resolution and the return visit within N days of the resolution, each with its
deadline, date reached, status and escalation. Clock hours (the shipped rules);
all instants UTC, Shanghai (UTC+8) in comments. The complaints are received on
Monday 2 March 2026 at 10:00: reply due 22:00 (warned 19:00), resolution due
Wednesday 02:00."""

from datetime import date, datetime

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from .common import CustomerServiceCase

RECEIVED = datetime(2026, 3, 2, 2, 0)
REPLY_DEADLINE = datetime(2026, 3, 2, 14, 0)
REPLY_WARNING = datetime(2026, 3, 2, 11, 0)
RESOLUTION_DEADLINE = datetime(2026, 3, 3, 18, 0)
# Resolved on Tuesday 10:00: the return visit is due within 7 days (the
# default), by Tuesday 10 March 10:00, warned 42 hours before (75% of 168).
RESOLVED = "2026-03-03 02:00:00"
RETURN_VISIT_DEADLINE = datetime(2026, 3, 10, 2, 0)
RETURN_VISIT_WARNING = datetime(2026, 3, 8, 8, 0)


@tagged("post_install", "-at_install")
class TestComplaintTargets(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.waiting = cls.env.ref("crm_customer_planning.complaint_stage_waiting")
        cls.Target = cls.env["customer.complaint.target"]

    def _targets(self, complaint):
        return {target.kind: target for target in complaint.target_ids}

    def _status_at(self, target, moment):
        """The status at ``moment``; the search finds the target by it."""
        with freeze_time(moment):
            target.invalidate_recordset(["status"])
            status = target.status
            self.assertEqual(
                self.Target.search([("id", "=", target.id), ("status", "=", status)]),
                target,
                "the search agrees with the compute",
            )
            return status

    def _answer(self, complaint, moment):
        with freeze_time(moment):
            complaint.with_user(self.agent).message_post(
                body="We look into it.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _resolve(self, complaint, moment=RESOLVED):
        with freeze_time(moment):
            self._set_state(complaint, "resolved")

    def _escalate(self, now):
        return self.env["customer.complaint"]._cron_escalate_complaints(now=now)

    def _digests(self, user):
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", user.partner_id.ids),
                ("subject", "like", "Complaints to escalate"),
            ]
        )

    # ------------------------------------------------------------
    # Creation and deadlines
    # ------------------------------------------------------------

    def test_three_targets_created_with_the_complaints(self):
        Complaint = self.env["customer.complaint"].with_user(self.agent)
        complaints = Complaint.create(
            [
                {
                    "subject": f"Batch {index}",
                    "partner_id": partner.id,
                    "category_id": self.category_quality.id,
                    "date_received": RECEIVED,
                }
                for index, partner in enumerate((self.customer, self.customer_2))
            ]
        )
        self.assertEqual(len(complaints), 2)
        for complaint in complaints:
            targets = self._targets(complaint)
            self.assertEqual(sorted(targets), ["reply", "resolution", "return_visit"])
            self.assertEqual(targets["reply"].deadline, REPLY_DEADLINE)
            self.assertEqual(targets["reply"].warning_date, REPLY_WARNING)
            self.assertEqual(targets["resolution"].deadline, RESOLUTION_DEADLINE)
            self.assertEqual(targets["resolution"].company_id, self.company)
            # No return visit before the resolution.
            self.assertFalse(targets["return_visit"].deadline)
            self.assertEqual(targets["return_visit"].clock, "pending")
        # The customer coming back on an open matter adds to it: no new targets.
        again = self._create_complaint(subject="Batch again")
        self.assertEqual(again, complaints[0])
        self.assertEqual(
            self.Target.search_count([("complaint_id", "in", complaints.ids)]), 6
        )

    def test_targets_follow_the_complaint_to_the_end(self):
        complaint = self._create_complaint()
        targets = self._targets(complaint)
        reply = targets["reply"]
        self.assertEqual(self._status_at(reply, "2026-03-02 10:00:00"), "running")
        self.assertEqual(self._status_at(reply, "2026-03-02 12:00:00"), "at_risk")
        self.assertEqual(self._status_at(reply, "2026-03-02 14:00:00"), "breached")
        self._answer(complaint, "2026-03-02 03:00:00")
        self.assertEqual(reply.date_reached, datetime(2026, 3, 2, 3, 0))
        self.assertEqual(self._status_at(reply, "2026-03-02 15:00:00"), "met")
        self._resolve(complaint)
        self.assertEqual(targets["resolution"].date_reached, datetime(2026, 3, 3, 2, 0))
        self.assertEqual(
            self._status_at(targets["resolution"], "2026-03-04 00:00:00"), "met"
        )
        visit = targets["return_visit"]
        self.assertEqual(visit.deadline, RETURN_VISIT_DEADLINE)
        self.assertEqual(visit.warning_date, RETURN_VISIT_WARNING)
        self.assertEqual(self._status_at(visit, "2026-03-05 00:00:00"), "running")
        self.assertEqual(self._status_at(visit, "2026-03-09 00:00:00"), "at_risk")
        self.assertEqual(self._status_at(visit, "2026-03-10 02:00:00"), "breached")
        with freeze_time("2026-03-05 03:00:00"):
            complaint.with_user(self.agent)._record_return_visit(5, "Runs cool now.")
        self.assertEqual(complaint.state, "visited")
        self.assertEqual(visit.date_reached, datetime(2026, 3, 5, 3, 0))
        self.assertEqual(self._status_at(visit, "2026-03-11 00:00:00"), "met")

    def test_late_reply_is_breached_for_good(self):
        complaint = self._create_complaint()
        self._answer(complaint, "2026-03-02 15:00:00")  # after 14:00
        reply = self._targets(complaint)["reply"]
        self.assertTrue(reply.late)
        self.assertEqual(self._status_at(reply, "2026-03-02 16:00:00"), "breached")

    def test_rule_sets_the_return_visit_days(self):
        rule = self.env["customer.complaint.sla"].create(
            {
                "name": "Quality: visit within 3 days",
                "sequence": 1,
                "category_id": self.category_quality.id,
                "reply_hours": 6,
                "resolution_hours": 24,
                "return_visit_days": 3,
            }
        )
        complaint = self._create_complaint()
        targets = self._targets(complaint)
        self.assertEqual(targets["reply"].deadline, datetime(2026, 3, 2, 8, 0))
        self._resolve(complaint)
        self.assertEqual(targets["return_visit"].deadline, datetime(2026, 3, 6, 2, 0))
        # 75% of 72 hours: warned 18 hours before.
        self.assertEqual(
            targets["return_visit"].warning_date, datetime(2026, 3, 5, 8, 0)
        )
        with self.assertRaises(ValidationError) as error:
            rule.return_visit_days = 0
        self.assertIn("at least one day", str(error.exception))

    # ------------------------------------------------------------
    # Waiting for the customer
    # ------------------------------------------------------------

    def test_waiting_pauses_the_targets_and_moves_them(self):
        """Waiting from 03:00 to 05:30: the reply and resolution targets are
        paused meanwhile (even past their deadline) and move by 2.5 hours."""
        complaint = self._create_complaint()
        targets = self._targets(complaint)
        with freeze_time("2026-03-02 03:00:00"):
            complaint.with_user(self.agent).write({"stage_id": self.waiting.id})
        self.assertEqual(targets["reply"].clock, "paused")
        self.assertEqual(
            self._status_at(targets["reply"], "2026-03-02 15:00:00"), "paused"
        )
        self.assertEqual(
            self._status_at(targets["resolution"], "2026-03-04 00:00:00"), "paused"
        )
        self.assertEqual(self._escalate(datetime(2026, 3, 2, 15, 0)), (0, 0))
        self.assertFalse(targets["reply"].warned)
        with freeze_time("2026-03-02 05:30:00"):
            complaint.with_user(self.agent).write(
                {"stage_id": self.stages["in_progress"].id}
            )
        self.assertEqual(targets["reply"].clock, "running")
        self.assertEqual(targets["reply"].deadline, datetime(2026, 3, 2, 16, 30))
        self.assertEqual(targets["reply"].warning_date, datetime(2026, 3, 2, 13, 30))
        self.assertEqual(targets["resolution"].deadline, datetime(2026, 3, 3, 20, 30))
        # One source: the complaint's deadlines are the targets'.
        self.assertEqual(complaint.reply_deadline, targets["reply"].deadline)
        self.assertEqual(
            self._status_at(targets["reply"], "2026-03-02 16:00:00"), "at_risk"
        )

    # ------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------

    def test_complaint_steps_mark_their_targets(self):
        complaint = self._create_complaint()
        targets = self._targets(complaint)
        self.assertEqual(self._escalate(datetime(2026, 3, 2, 12, 0)), (1, 0))
        self.assertTrue(complaint.escalation_reply_warned)
        self.assertTrue(targets["reply"].warned)
        self.assertFalse(targets["reply"].escalated)
        self.assertFalse(targets["resolution"].warned)
        self._escalate(datetime(2026, 3, 2, 15, 0))
        self.assertTrue(targets["reply"].escalated)
        self.assertEqual(targets["reply"].date_escalated, datetime(2026, 3, 2, 15, 0))
        self.assertFalse(targets["resolution"].escalated)

    def test_return_visit_target_escalates(self):
        """Answered and resolved in time: only the return visit escalates,
        warning its owner, then telling the team's service manager."""
        complaint = self._create_complaint(handler_id=self.agent_teammate.id)
        self._answer(complaint, "2026-03-02 03:00:00")
        self._resolve(complaint)
        visit = self._targets(complaint)["return_visit"]
        self.assertEqual(self._escalate(datetime(2026, 3, 8, 7, 0)), (0, 0))
        self.assertEqual(self._escalate(datetime(2026, 3, 8, 9, 0)), (1, 0))
        self.assertTrue(visit.warned)
        self.assertFalse(visit.escalated)
        [warning] = self._digests(self.agent)
        self.assertIn("return visit", warning.body)
        self.assertFalse(self._digests(self.agent_teammate), "the owner visits")
        self.assertEqual(self._escalate(datetime(2026, 3, 9, 0, 0)), (0, 0))
        self.assertEqual(self._escalate(datetime(2026, 3, 10, 3, 0)), (1, 0))
        self.assertTrue(visit.escalated)
        self.assertEqual(visit.date_escalated, datetime(2026, 3, 10, 3, 0))
        [told] = self._digests(self.service_manager)
        self.assertIn("no return visit", told.body)
        notes = complaint.message_ids.filtered(
            lambda m: "Escalation:" in (m.body or "")
        )
        self.assertEqual(len(notes), 2)
        self.assertEqual(self._escalate(datetime(2026, 3, 11, 0, 0)), (0, 0))
        self.assertFalse(complaint.escalation_resolution_breached)

    def test_waived_return_visit_is_not_escalated(self):
        complaint = self._create_complaint()
        self._answer(complaint, "2026-03-02 03:00:00")
        self._resolve(complaint)
        complaint.with_user(self.service_manager)._waive_return_visit("Moved away.")
        visit = self._targets(complaint)["return_visit"]
        self.assertEqual(visit.clock, "waived")
        self.assertEqual(self._status_at(visit, "2026-03-11 00:00:00"), "waived")
        self.assertEqual(self._escalate(datetime(2026, 3, 11, 0, 0)), (0, 0))
        self.assertFalse(visit.escalated)

    def test_target_steps_use_their_partial_index(self):
        now = fields.Datetime.now()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        for step in self.Target._get_escalation_steps():
            with self.subTest(step=step["flag"]):
                self.assertTrue(index_exists(self.env.cr, step["index"]))
                self.env.cr.execute(
                    SQL("EXPLAIN %s", self.Target._escalation_claim_sql(step, now, 10))
                )
                plan = "\n".join(row[0] for row in self.env.cr.fetchall())
                self.assertIn(step["index"], plan)

    # ------------------------------------------------------------
    # Access
    # ------------------------------------------------------------

    def test_targets_are_read_as_their_complaint(self):
        complaint = self._create_complaint()
        targets = complaint.target_ids
        # The customer's salesperson reads them; another salesperson does not.
        self.assertEqual(
            self.Target.with_user(self.salesman).search(
                [("complaint_id", "=", complaint.id)]
            ),
            targets,
        )
        self.assertFalse(
            self.Target.with_user(self.salesman_2).search(
                [("complaint_id", "=", complaint.id)]
            )
        )
        self.assertEqual(
            self.Target.with_user(self.agent_other).search_count(
                [("complaint_id", "=", complaint.id)]
            ),
            0,
        )
        with self.assertRaises(AccessError):
            targets.with_user(self.agent).write({"warned": True})
        with self.assertRaises(AccessError):
            targets.with_user(self.service_manager).unlink()

    # ------------------------------------------------------------
    # Reports: a waiting complaint is not breached
    # ------------------------------------------------------------

    def test_reports_do_not_count_waiting_complaints_as_breached(self):
        """Received in March 2026 and never answered: breached, unless it
        waits for the customer. The analysis reads the database's clock,
        long past these deadlines."""
        waiting = self._create_complaint(subject="Waits for drawings")
        late = self._create_complaint(
            subject="Never answered", partner_id=self.customer_2.id
        )
        with freeze_time("2026-03-02 03:00:00"):
            waiting.with_user(self.agent).write({"stage_id": self.waiting.id})
        self.env.flush_all()
        Report = self.env["customer.complaint.report"]
        breaches = dict(
            Report._read_group(
                [("complaint_id", "in", (waiting | late).ids)],
                ["complaint_id"],
                ["breach_count:sum"],
            )
        )
        self.assertEqual(breaches, {waiting: 0, late: 1})
        weekly = self.env["report.crm_customer_planning.weekly_service_report"]
        with freeze_time("2026-03-06 08:00:00"):
            section = weekly.with_user(
                self.service_manager
            )._get_weekly_report_complaint_section(date(2026, 3, 2), date(2026, 3, 6))
        self.assertEqual(section["Complaints breached"], 1)
        data = self.env[
            "report.crm_customer_planning.service_supervision_report"
        ]._get_service_supervision_data(
            self.company, date(2026, 3, 1), date(2026, 3, 31)
        )
        self.assertEqual(data["breached"], 1)
        self.assertEqual(data["complaints"], 2)
