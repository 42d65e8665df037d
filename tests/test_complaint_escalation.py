# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from ..models.planning_rules import DIGEST_LINES
from .common import CustomerServiceCase

# A complaint received Monday 10:00 (Shanghai) is to be answered by Tuesday
# 13:00 (05:00 UTC); its handler is warned from Tuesday 10:00 (02:00 UTC).
BEFORE_WARNING = datetime(2026, 3, 3, 1, 0)
AFTER_WARNING = datetime(2026, 3, 3, 3, 0)
AFTER_REPLY_DEADLINE = datetime(2026, 3, 3, 6, 0)
AFTER_RESOLUTION_DEADLINE = datetime(2026, 3, 9, 6, 0)


@tagged("post_install", "-at_install")
class TestComplaintEscalation(CustomerServiceCase):
    """The shipped rules counted in working hours of the test calendar (the
    clock-hours escalation is in test_complaint_sla_modes.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._count_working_hours()

    def _escalate(self, now, batch_size=None):
        return self.env["customer.complaint"]._cron_escalate_complaints(
            batch_size=batch_size, now=now
        )

    def _digests(self, user):
        """Escalation messages sent to ``user``."""
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", user.partner_id.ids),
                ("subject", "like", "Complaints to escalate"),
            ]
        )

    def _notes(self, complaint):
        return complaint.message_ids.filtered(lambda m: "Escalation:" in (m.body or ""))

    def test_ladder_each_step_once(self):
        complaint = self._create_complaint(handler_id=self.agent_teammate.id)
        self.assertEqual(self._escalate(BEFORE_WARNING), (0, 0))

        # Warning to the handler, before the deadline; twice run, once done.
        self.assertEqual(self._escalate(AFTER_WARNING), (1, 0))
        self.assertEqual(self._escalate(AFTER_WARNING), (0, 0))
        self.assertTrue(complaint.escalation_reply_warned)
        self.assertFalse(complaint.escalation_reply_breached)
        self.assertEqual(complaint.escalation_level, "warned")
        self.assertEqual(len(self._digests(self.agent_teammate)), 1)
        self.assertFalse(
            self._digests(self.agent), "the handler is warned, not the owner"
        )
        self.assertFalse(self._digests(self.service_manager))

        # The service manager (the team's leader) at breach, once.
        self.assertEqual(self._escalate(AFTER_REPLY_DEADLINE), (1, 0))
        self.assertEqual(self._escalate(AFTER_REPLY_DEADLINE), (0, 0))
        self.assertTrue(complaint.escalation_reply_breached)
        self.assertEqual(complaint.escalation_level, "manager")
        self.assertEqual(len(self._digests(self.service_manager)), 1)
        self.assertEqual(len(self._digests(self.agent_teammate)), 1)
        self.assertEqual(len(self._notes(complaint)), 2)
        self.assertFalse(self._digests(self.general_manager), "not a major complaint")

    def test_breach_found_late_skips_the_warning(self):
        """A job that ran late tells the manager only: the warning is moot."""
        complaint = self._create_complaint()
        self.assertEqual(self._escalate(AFTER_REPLY_DEADLINE), (1, 0))
        self.assertTrue(complaint.escalation_reply_warned)
        self.assertTrue(complaint.escalation_reply_breached)
        self.assertFalse(self._digests(self.agent))
        self.assertEqual(len(self._digests(self.service_manager)), 1)

    def test_answered_complaint_escalates_on_resolution_only(self):
        complaint = self._create_complaint()
        with freeze_time("2026-03-02 03:00:00"):
            complaint.with_user(self.agent).message_post(
                body="We are on it.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(self._escalate(AFTER_REPLY_DEADLINE), (0, 0))
        self.assertEqual(self._escalate(AFTER_RESOLUTION_DEADLINE), (1, 0))
        self.assertTrue(complaint.escalation_resolution_breached)
        self.assertFalse(complaint.escalation_reply_warned)
        self.assertIn("not resolved within", self._digests(self.service_manager).body)
        # Resolved complaints leave the ladder.
        later = self._create_complaint(partner_id=self.customer_2.id)
        self._set_state(later, "resolved")
        self.assertEqual(self._escalate(AFTER_RESOLUTION_DEADLINE), (0, 0))

    def test_major_goes_to_general_manager_at_once(self):
        complaint = self._create_complaint(severity="major")
        cron = self.env.ref("crm_customer_planning.ir_cron_escalate_complaints")
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]),
            "a major complaint runs the ladder now, not at the next tick",
        )
        with freeze_time("2026-03-02 02:30:00"):
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        self.assertTrue(complaint.escalation_gm_notified)
        self.assertEqual(complaint.escalation_level, "general_manager")
        digests = self._digests(self.general_manager)
        self.assertEqual(len(digests), 1)
        self.assertIn(complaint.name, digests.body)
        self.assertFalse(complaint.escalation_reply_warned, "nothing else is due yet")

    def test_no_general_manager_configured(self):
        self.company.complaint_general_manager_id = False
        complaint = self._create_complaint(severity="major")
        self.assertEqual(self._escalate(BEFORE_WARNING), (0, 0))
        self.company.complaint_general_manager_id = self.general_manager
        self.assertEqual(self._escalate(BEFORE_WARNING), (1, 0))
        self.assertTrue(complaint.escalation_gm_notified)

    def test_batches_resume_without_repeats(self):
        complaints = self.env["customer.complaint"]
        for index in range(5):
            complaints |= self._create_complaint(
                subject=f"Batch {index}", force_new=True
            )
        self.assertEqual(len(complaints), 5, "forced apart, not attached")
        runs = []
        for _run in range(10):
            done, remaining = self._escalate(AFTER_REPLY_DEADLINE, batch_size=2)
            runs.append(done)
            if not remaining:
                break
        self.assertEqual(runs, [2, 2, 1])
        self.assertTrue(all(complaints.mapped("escalation_reply_breached")))
        for complaint in complaints:
            self.assertEqual(len(self._notes(complaint)), 1)
        self.assertEqual(self._escalate(AFTER_REPLY_DEADLINE), (0, 0))

    def test_most_overdue_first(self):
        """When more is due than a batch takes, the oldest breach goes first."""
        later = self._create_complaint(subject="Received later", force_new=True)
        earlier = self._create_complaint(
            subject="Received earlier",
            force_new=True,
            date_received=datetime(2026, 2, 27, 2, 0),
        )
        self.assertLess(earlier.reply_deadline, later.reply_deadline)
        self.assertEqual(self._escalate(AFTER_REPLY_DEADLINE, batch_size=1)[0], 1)
        self.assertTrue(earlier.escalation_reply_breached)
        self.assertFalse(later.escalation_reply_breached)

    def test_long_digest_names_the_first_complaints(self):
        """A manager told of many complaints at once gets one short digest;
        every complaint still gets its note."""
        complaints = self.env["customer.complaint"].browse(
            [
                self._create_complaint(subject=f"Late {index}", force_new=True).id
                for index in range(DIGEST_LINES + 3)
            ]
        )
        self.assertEqual(self._escalate(AFTER_REPLY_DEADLINE), (len(complaints), 0))
        digest = self._digests(self.service_manager)
        self.assertEqual(len(digest), 1)
        self.assertIn(f"Complaints to escalate: {len(complaints)}", digest.subject)
        self.assertEqual(digest.body.count("<li>"), DIGEST_LINES)
        self.assertIn("… and 3 more.", digest.body)
        for complaint in complaints:
            self.assertEqual(len(self._notes(complaint)), 1)

    def test_scan_query_count_is_flat(self):
        """The job's queries do not grow with the number of complaints."""

        def create(count):
            return self.env["customer.complaint"].browse(
                [
                    self._create_complaint(
                        subject=f"Flat {count} {index}", force_new=True
                    ).id
                    for index in range(count)
                ]
            )

        create(1)
        self._escalate(AFTER_WARNING)  # warm the caches

        def measure(complaints):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            done, _remaining = self._escalate(AFTER_WARNING)
            self.assertEqual(done, len(complaints))
            return self.env.cr.sql_log_count - start

        few = measure(create(2))
        many = measure(create(8))
        self.assertEqual(few, many)

    def test_scan_steps_use_their_partial_index(self):
        """Each step of the ladder can be answered from its own small partial
        index (the planner takes it once the table is large; here sequential
        scans are switched off to prove the index matches the query)."""
        Complaint = self.env["customer.complaint"]
        now = fields.Datetime.now()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        for step in Complaint._get_escalation_steps():
            with self.subTest(step=step["flag"]):
                index = f"customer_complaint_{step['flag']}_index"
                self.assertTrue(index_exists(self.env.cr, index))
                self.env.cr.execute(
                    SQL("EXPLAIN %s", Complaint._escalation_claim_sql(step, now, 10))
                )
                plan = "\n".join(row[0] for row in self.env.cr.fetchall())
                self.assertIn(index, plan)
