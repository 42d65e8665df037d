# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The work-contact form (工作联络单): sent from a complaint to another employee, found
among the receiver's to-dos, answered or refused with a reason, escalated when overdue;
as the real users, at fixed times."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from .common import CustomerServiceCase

# Sent Monday 2026-03-02 11:00 in Shanghai (03:00 UTC), to be answered by
# Wednesday 01:00 in Shanghai (Tuesday 17:00 UTC): the to-do is due on
# Wednesday, Beijing's day, not UTC's Tuesday. 38 hours given: the receiver is
# warned once three quarters have passed, from Tuesday 15:30 in Shanghai
# (07:30 UTC).
SENT_AT = "2026-03-02 03:00:00"
DEADLINE = datetime(2026, 3, 3, 17, 0)
BEFORE_WARNING = datetime(2026, 3, 3, 7, 0)
AFTER_WARNING = datetime(2026, 3, 3, 8, 0)
AFTER_DEADLINE = datetime(2026, 3, 3, 18, 0)


@tagged("post_install", "-at_install")
class TestComplaintHandover(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A salesperson of another customer: no business with the complaint
        # until it is handed over to them.
        cls.receiver = cls.salesman_2
        cls.complaint = cls._create_complaint()

    def _send(self, user=None, complaint=None, **vals):
        values = {
            "complaint_id": (complaint or self.complaint).id,
            "receiver_id": self.receiver.id,
            "request": "Check the batch number with the factory.",
            "deadline": DEADLINE,
            **vals,
        }
        with freeze_time(SENT_AT):
            return (
                self.env["customer.complaint.handover"]
                .with_user(user or self.agent)
                .create(values)
            )

    def _reply(self, handover, kind, text, user=None):
        wizard = (
            self.env["customer.complaint.handover.reply"]
            .with_user(user or self.receiver)
            .create({"handover_id": handover.id, "kind": kind, "text": text})
        )
        return wizard.action_apply()

    def _notes(self, record, text):
        return record.message_ids.filtered(lambda m: text in (m.body or ""))

    def _digests(self, user, subject):
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", user.partner_id.ids),
                ("subject", "like", subject),
            ]
        )

    # ------------------------------------------------------------
    # Sending and answering
    # ------------------------------------------------------------

    def test_send_from_the_complaint_form(self):
        """“Hand Over” on the complaint opens the hand-over's form on it."""
        action = self.complaint.with_user(self.agent).action_open_handover()
        Handover = (
            self.env["customer.complaint.handover"]
            .with_user(self.agent)
            .with_context(**action["context"])
        )
        with freeze_time(SENT_AT):
            form = Form(Handover)
            self.assertEqual(form.complaint_id, self.complaint)
            form.receiver_id = self.receiver
            form.team_id = self.team_logistics
            form.request = "Tell us when the spare spindle ships."
            form.deadline = DEADLINE
            handover = form.save()
        self.assertRegex(handover.name, r"^HO/2026/\d{5}$")
        self.assertEqual(handover.sender_id, self.agent)
        self.assertEqual(handover.state, "sent")
        self.assertEqual(self.complaint.handover_count, 1)
        action = self.complaint.action_view_handovers()
        self.assertEqual(action["domain"], [("complaint_id", "=", self.complaint.id)])

    def test_receiver_gets_a_todo_and_answers(self):
        self.assertFalse(self.complaint.with_user(self.receiver).has_access("read"))
        handover = self._send()

        # Among the receiver's to-dos, due on the deadline's day in Beijing.
        activity = handover.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.receiver)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertEqual(activity.date_deadline, date(2026, 3, 4))
        mine = self.env["customer.complaint.handover"].with_user(self.receiver)
        self.assertEqual(
            mine.search(
                [("receiver_id", "=", self.receiver.id), ("state", "=", "sent")]
            ),
            handover,
        )
        # The receiver reads the complaint it belongs to, and may not change it.
        as_receiver = self.complaint.with_user(self.receiver)
        self.assertEqual(as_receiver.subject, "Spindle overheats")
        self.assertEqual(as_receiver.partner_id.name, "Huadong Machinery")
        with self.assertRaises(AccessError):
            as_receiver.write({"subject": "Changed"})
        self.assertEqual(
            len(self._notes(self.complaint, "to be answered by")),
            1,
            "the complaint keeps what was asked, of whom, by when",
        )

        with freeze_time("2026-03-02 08:00:00"):
            self._reply(handover, "answer", "  Batch 2026-02 had a bad bearing.  ")
        self.assertEqual(handover.state, "answered")
        self.assertEqual(handover.answer, "Batch 2026-02 had a bad bearing.")
        self.assertEqual(handover.date_done, datetime(2026, 3, 2, 8, 0))
        self.assertFalse(handover.activity_ids, "the to-do is done")
        done = handover.message_ids.filtered(
            lambda m: m.mail_activity_type_id
            == self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertEqual(len(done), 1, "marked done, not deleted")
        note = self._notes(self.complaint, "Batch 2026-02 had a bad bearing.")
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.receiver.partner_id)
        self.assertEqual(note.partner_ids, self.agent.partner_id, "the owner is told")
        # 一抓到底: the owner stays.
        self.assertEqual(self.complaint.first_responsible_id, self.agent)

    def test_refuse_needs_a_reason(self):
        handover = self._send()
        with self.assertRaises(UserError):
            self._reply(handover, "refuse", "   ")
        self.assertEqual(handover.state, "sent")
        self.assertEqual(len(handover.activity_ids), 1)
        self._reply(handover, "refuse", "Not mine: ask the warehouse.")
        self.assertEqual(handover.state, "refused")
        self.assertEqual(handover.refusal_reason, "Not mine: ask the warehouse.")
        self.assertFalse(handover.answer)
        self.assertFalse(handover.activity_ids)
        note = self._notes(self.complaint, "Not mine: ask the warehouse.")
        self.assertIn("refused", note.body)
        self.assertEqual(note.partner_ids, self.agent.partner_id)
        with self.assertRaises(UserError):
            self._reply(handover, "answer", "Changed my mind.")

    def test_answer_needs_text(self):
        handover = self._send()
        with self.assertRaises(UserError):
            self._reply(handover, "answer", "")
        self.assertEqual(handover.state, "sent")

    def test_only_the_receiver_answers(self):
        handover = self._send()
        for user in (self.agent, self.agent_teammate, self.service_manager):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    self._reply(handover, "answer", "Done.", user=user)
        self.assertEqual(handover.state, "sent")
        self.assertFalse(handover.answer)

    def test_handler_hands_over_and_the_owner_stays(self):
        self.complaint.with_user(self.agent).write(
            {"handler_id": self.agent_teammate.id}
        )
        handover = self._send(user=self.agent_teammate)
        self.assertEqual(handover.sender_id, self.agent_teammate)
        self.assertEqual(self.complaint.first_responsible_id, self.agent)
        sent = self._notes(self.complaint, "to be answered by")
        self.assertEqual(sent.partner_ids, self.agent.partner_id, "the owner is told")
        self._reply(handover, "answer", "Checked.")
        note = self._notes(self.complaint, "Checked.")
        self.assertEqual(
            note.partner_ids,
            (self.agent | self.agent_teammate).partner_id,
            "the owner and the sender are told",
        )

    def test_sent_handover_is_changed_by_its_steps_only(self):
        handover = self._send()
        for user, vals in (
            (self.receiver, {"deadline": datetime(2026, 3, 20, 2, 0)}),
            (self.receiver, {"state": "answered"}),
            (self.agent, {"receiver_id": self.agent_other.id}),
            (self.agent, {"answer": "Made up"}),
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                handover.with_user(user).write(vals)
        handover.with_user(self.receiver).write({"priority": "1"})
        self.assertEqual(handover.deadline, DEADLINE)
        self.assertEqual(handover.state, "sent")

    def test_cancel(self):
        handover = self._send()
        with self.assertRaises(UserError):
            handover.with_user(self.receiver).action_cancel()
        handover.with_user(self.agent).action_cancel()
        self.assertEqual(handover.state, "cancelled")
        self.assertFalse(handover.activity_ids)
        cancelled = self._notes(handover, "Hand-over cancelled by Agent Liu.")
        self.assertEqual(cancelled.partner_ids, self.receiver.partner_id)
        with self.assertRaises(UserError):
            self._reply(handover, "answer", "Too late.")
        with self.assertRaises(UserError):
            handover.with_user(self.agent).action_cancel()

    # ------------------------------------------------------------
    # Bad input: a clear error, nothing written

    def test_answer_and_refuse_buttons_open_the_reply_for_the_receiver(self):
        handover = self._send()
        for method, kind in (
            ("action_open_answer", "answer"),
            ("action_open_refuse", "refuse"),
        ):
            with self.subTest(kind=kind):
                action = getattr(handover.with_user(self.receiver), method)()
                self.assertEqual(
                    (action["res_model"], action["target"], action["context"]),
                    (
                        "customer.complaint.handover.reply",
                        "new",
                        {"default_handover_id": handover.id, "default_kind": kind},
                    ),
                )
                # The sender does not answer their own request.
                with self.assertRaises(UserError) as refused:
                    getattr(handover.with_user(self.agent), method)()
                self.assertIn(
                    f"Only {self.receiver.name}, who received hand-over "
                    f"{handover.name}",
                    refused.exception.args[0],
                )

    def test_closing_the_complaint_withdraws_what_it_waits_for(self):
        """Closed or cancelled, the complaint asks nothing more of anyone: the
        hand-overs still waiting are withdrawn and their receivers told; the
        answered ones stay as they are."""
        answered = self._send(request="Send the test report.")
        self._reply(answered, "answer", "Sent this morning.")
        waiting = self._send()
        other = self._create_complaint(partner_id=self.customer_2.id)
        elsewhere = self._send(complaint=other)
        self._set_state(self.complaint, "cancelled", user=self.service_manager)
        self.assertEqual(waiting.state, "cancelled")
        self.assertEqual(answered.state, "answered")
        self.assertEqual(elsewhere.state, "sent")
        self.assertFalse(waiting.activity_ids)
        note = self._notes(
            waiting,
            f"Hand-over withdrawn: complaint {self.complaint.name} is cancelled.",
        )
        self.assertEqual(note.partner_ids, self.receiver.partner_id)
        self.assertEqual(note.author_id, self.service_manager.partner_id)

    # ------------------------------------------------------------

    def test_bad_input_writes_nothing(self):
        portal = new_test_user(self.env, login="ho_portal", groups="base.group_portal")
        company_2 = self.env["res.company"].create({"name": "Hangzhou Branch"})
        branch_user = new_test_user(
            self.env,
            login="ho_branch",
            company_id=company_2.id,
            company_ids=[Command.set(company_2.ids)],
        )
        cases = [
            (ValidationError, {"receiver_id": False}),
            (ValidationError, {"deadline": datetime(2026, 3, 2, 2, 59)}),
            (ValidationError, {"deadline": False}),
            (ValidationError, {"request": "   "}),
            (ValidationError, {"receiver_id": self.agent.id}),
            (ValidationError, {"receiver_id": portal.id}),
            (ValidationError, {"receiver_id": branch_user.id}),
            (UserError, {"state": "answered"}),
        ]
        Handover = self.env["customer.complaint.handover"]
        for error, vals in cases:
            with self.subTest(vals=vals), self.assertRaises(error):
                self._send(**vals)
        # Not a complaint one can write: another salesperson's customer's.
        with self.assertRaises(AccessError):
            self._send(user=self.salesman_2, receiver_id=self.agent_other.id)
        # A closed matter has nothing left to hand over.
        cancelled = self._create_complaint(partner_id=self.customer_2.id)
        self._set_state(cancelled, "cancelled")
        with self.assertRaises(UserError):
            self._send(complaint=cancelled)
        self.assertFalse(Handover.search_count([]))
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "customer.complaint.handover")]
            )
        )

    def test_chinese_names_and_messages(self):
        """工作联络单 in the menu, the errors in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["crm_customer_planning"], ["zh_CN"], overwrite=True
        )
        zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        action = zh.ref("crm_customer_planning.customer_complaint_handover_action")
        self.assertIn("工作联络单", action.name)
        with freeze_time(SENT_AT), self.assertRaisesRegex(ValidationError, "交办"):
            zh["customer.complaint.handover"].with_user(self.agent).create(
                {
                    "complaint_id": self.complaint.id,
                    "receiver_id": self.agent.id,
                    "request": "Check it.",
                    "deadline": DEADLINE,
                }
            )

    # ------------------------------------------------------------
    # Access
    # ------------------------------------------------------------

    def test_who_sees_a_handover(self):
        handover = self._send()
        outsider = new_test_user(self.env, login="ho_outsider", name="Outsider")
        self.assertFalse(
            self.env["customer.complaint.handover"]
            .with_user(outsider)
            .search([("id", "=", handover.id)])
        )
        with self.assertRaises(AccessError):
            handover.with_user(outsider).read(["request"])
        for user in (self.agent, self.receiver, self.salesman, self.service_manager):
            with self.subTest(user=user.login):
                self.assertEqual(
                    handover.with_user(user).read(["request"])[0]["request"],
                    "Check the batch number with the factory.",
                )
        # The customer's salesperson may hand over too: they can write it.
        other = self._send(user=self.salesman, receiver_id=self.agent_other.id)
        self.assertEqual(other.sender_id, self.salesman)

    # ------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------

    def _escalate(self, now, batch_size=None):
        return self.env["customer.complaint.handover"]._cron_escalate_handovers(
            batch_size=batch_size, now=now
        )

    def test_escalation_each_step_once(self):
        handover = self._send()
        self.assertEqual(handover.warning_date, datetime(2026, 3, 3, 7, 30))
        self.assertEqual(self._escalate(BEFORE_WARNING), (0, 0))

        self.assertEqual(self._escalate(AFTER_WARNING), (1, 0))
        self.assertEqual(self._escalate(AFTER_WARNING), (0, 0))
        self.assertTrue(handover.receiver_warned)
        self.assertFalse(handover.manager_told)
        self.assertEqual(len(self._digests(self.receiver, "Hand-overs to answer")), 1)
        self.assertFalse(self._digests(self.service_manager, "Overdue hand-overs"))

        self.assertEqual(self._escalate(AFTER_DEADLINE), (1, 0))
        self.assertEqual(self._escalate(AFTER_DEADLINE), (0, 0))
        self.assertTrue(handover.manager_told)
        # The team leader of the complaint, as the complaint's own escalation.
        digest = self._digests(self.service_manager, "Overdue hand-overs")
        self.assertEqual(len(digest), 1)
        self.assertIn(handover.name, digest.body)
        self.assertEqual(len(self._digests(self.receiver, "Hand-overs to answer")), 1)
        self.assertEqual(len(self._notes(self.complaint, "is overdue")), 1)
        self.assertEqual(len(self._notes(handover, "is overdue")), 1)
        self.assertEqual(self.complaint.first_responsible_id, self.agent)

    def test_late_job_takes_both_steps_once(self):
        handover = self._send()
        self.assertEqual(self._escalate(AFTER_DEADLINE), (2, 0))
        self.assertTrue(handover.receiver_warned and handover.manager_told)
        self.assertEqual(self._escalate(AFTER_DEADLINE), (0, 0))

    def test_answered_handover_does_not_escalate(self):
        handover = self._send()
        self._reply(handover, "answer", "Done.")
        self.assertEqual(self._escalate(AFTER_DEADLINE), (0, 0))
        self.assertFalse(handover.receiver_warned or handover.manager_told)

    def test_no_team_leader_tells_the_service_managers(self):
        complaint = self._create_complaint(
            partner_id=self.customer_2.id, category_id=self.category_delivery.id
        )
        self.assertFalse(complaint.team_id.user_id)
        self._send(complaint=complaint)
        self.assertEqual(self._escalate(AFTER_DEADLINE), (2, 0))
        self.assertEqual(len(self._digests(self.service_manager, "Overdue")), 1)

    def test_batches_resume_without_repeats(self):
        handovers = self.env["customer.complaint.handover"]
        for index in range(3):
            handovers |= self._send(request=f"Question {index}")
        runs = []
        for _run in range(10):
            done, remaining = self._escalate(AFTER_DEADLINE, batch_size=4)
            runs.append(done)
            if not remaining:
                break
        self.assertEqual(runs, [4, 2])
        self.assertTrue(all(handovers.mapped("manager_told")))
        self.assertTrue(all(handovers.mapped("receiver_warned")))
        self.assertEqual(len(self._digests(self.receiver, "Hand-overs to answer")), 2)

    def test_scan_steps_use_their_partial_index(self):
        """Each step is answered from its own small partial index (sequential
        scans switched off to prove the index matches the query)."""
        Handover = self.env["customer.complaint.handover"]
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        for step in Handover._get_handover_escalation_steps():
            with self.subTest(step=step["flag"]):
                index = f"customer_complaint_handover_{step['flag']}_index"
                self.assertTrue(index_exists(self.env.cr, index))
                self.env.cr.execute(
                    SQL(
                        "EXPLAIN %s",
                        Handover._handover_claim_sql(step, AFTER_DEADLINE, 10),
                    )
                )
                plan = "\n".join(row[0] for row in self.env.cr.fetchall())
                self.assertIn(index, plan)

    def test_scan_query_count_is_flat(self):
        """The job's queries do not grow with the number of hand-overs."""

        def send(count):
            handovers = self.env["customer.complaint.handover"]
            for index in range(count):
                handovers |= self._send(request=f"Flat {count} {index}")
            return handovers

        send(1)
        self._escalate(AFTER_DEADLINE)  # warm the caches

        def measure(handovers):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            done, _remaining = self._escalate(AFTER_DEADLINE)
            self.assertEqual(done, 2 * len(handovers))
            return self.env.cr.sql_log_count - start

        self.assertEqual(measure(send(2)), measure(send(6)))

    def test_cron_runs(self):
        handover = self._send()
        cron = self.env.ref("crm_customer_planning.ir_cron_escalate_handovers")
        with freeze_time(AFTER_DEADLINE):
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        self.assertTrue(handover.manager_told)
        self.assertEqual(len(self._digests(self.service_manager, "Overdue")), 1)

    def test_overdue_filter(self):
        handover = self._send()
        Handover = self.env["customer.complaint.handover"].with_user(self.receiver)
        with freeze_time(BEFORE_WARNING):
            self.assertFalse(Handover.search([("is_overdue", "=", True)]))
        with freeze_time(AFTER_DEADLINE):
            self.assertEqual(Handover.search([("is_overdue", "=", True)]), handover)
            handover.invalidate_recordset(["is_overdue"])
            self.assertTrue(handover.is_overdue)
