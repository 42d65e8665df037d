# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import DashboardCase

CRON = "crm_customer_planning.ir_cron_service_supervision_report"
SUPERVISOR = "crm_customer_planning.group_customer_service_supervisor"


@tagged("post_install", "-at_install")
class TestSupervisionSignoff(DashboardCase):
    """The monthly Service Supervision Report as a record (服务监督报告) on the
    known dataset: last month Agent Liu owned the three complaints (first
    replies 50% on time, resolutions 100%), did two visits and missed one;
    Agent Hu did one visit. A supervisor (监督员), who does no service,
    evaluates, reviews and signs it; then it goes to the general manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = new_test_user(
            cls.env,
            login="cs_supervisor",
            name="Supervisor Zhao",
            groups=f"base.group_user,{SUPERVISOR}",
            tz="Asia/Shanghai",
        )
        cls.Supervision = cls.env["customer.service.supervision.report"]

    def _report(self):
        return self.Supervision._create_from_figures(
            self.company, self.month_from, self.month_to
        )

    def _mails(self):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", self.general_manager.partner_id.ids)]
        )

    def _evaluate(self, report):
        for line, (score, words) in zip(
            report.with_user(self.supervisor).line_ids,
            (("4", "Answers fast, resolves late."), ("3", "Few visits.")),
            strict=True,
        ):
            line.write({"score": score, "evaluation": words})

    def test_lines_from_the_figures(self):
        report = self._report()
        self.assertEqual(
            (report.state, report.date_from, report.date_to),
            ("draft", self.month_from, self.month_to),
        )
        self.assertEqual(
            (
                report.complaints,
                report.reply_on_time_rate,
                report.resolution_on_time_rate,
                report.breached,
                report.visits_done,
                report.visits_missed,
            ),
            (3, 50.0, 100.0, 2, 3, 1),
        )
        self.assertEqual(
            [
                (
                    line.user_id,
                    line.complaints,
                    line.reply_on_time_rate,
                    line.resolution_on_time_rate,
                    line.visits_done,
                    line.visits_missed,
                    line.rating_count,
                )
                # One line per person, whatever the order of their names.
                for line in report.line_ids.sorted(lambda line: line.user_id.id)
            ],
            sorted(
                [
                    (self.agent, 3, 50.0, 100.0, 2, 1, 0),
                    (self.agent_other, 0, 0.0, 0.0, 1, 0, 0),
                ],
                key=lambda row: row[0].id,
            ),
        )
        # The supervisors get a to-do to evaluate and sign it.
        self.assertEqual(report.activity_ids.user_id, self.supervisor)

    def test_review_sign_and_send(self):
        report = self._report().with_user(self.supervisor)
        with self.assertRaises(UserError):
            report.action_review()  # nobody evaluated yet
        self._evaluate(report)
        report.conclusion = "A steady month."
        with freeze_time("2026-06-01 02:00:00"):
            report.action_review()
        self.assertEqual(
            (report.state, report.reviewed_by_id, report.date_reviewed),
            ("reviewed", self.supervisor, datetime(2026, 6, 1, 2, 0)),
        )
        self.assertFalse(self._mails())
        with freeze_time("2026-06-01 03:30:00"):
            report.action_sign()
        self.assertEqual(
            (report.state, report.signed_by_id, report.date_signed, report.date_sent),
            (
                "sent",
                self.supervisor,
                datetime(2026, 6, 1, 3, 30),
                datetime(2026, 6, 1, 3, 30),
            ),
        )
        self.assertFalse(report.activity_ids)
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        body = mail.body_html
        for text in (
            "Supervisor Zhao",
            "2026-06-01 11:30",  # signed at 11:30 in Beijing
            "A steady month.",
            "Answers fast, resolves late.",
            "Few visits.",
        ):
            self.assertIn(text, body)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertEqual(mail.attachment_ids.name, f"{report.name}.pdf")
        # Signed: the evaluations and the report are read-only.
        with self.assertRaises(ValidationError):
            report.line_ids[0].evaluation = "Changed afterwards"
        with self.assertRaises(ValidationError):
            report.conclusion = "Changed afterwards"
        with self.assertRaises(ValidationError):
            report.line_ids[0].unlink()
        with self.assertRaises(UserError):
            report.action_sign()

    def test_only_a_supervisor_signs(self):
        report = self._report()
        self._evaluate(report)
        report.with_user(self.supervisor).action_review()
        # The service manager and the general manager may not sign; the
        # service manager does not even read it.
        for user in (self.service_manager, self.manager):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                report.with_user(user).action_sign()
        with self.assertRaises(AccessError):
            self.Supervision.with_user(self.service_manager).search([])
        # A supervisor does no service: no service group implies the role.
        self.assertFalse(self.service_manager.has_group(SUPERVISOR))
        self.assertFalse(
            self.supervisor.has_group(
                "crm_customer_planning.group_customer_service_agent"
            )
        )
        self.assertEqual(report.state, "reviewed")

    def test_sign_needs_a_general_manager(self):
        report = self._report()
        self._evaluate(report)
        report.with_user(self.supervisor).action_review()
        self.company.complaint_general_manager_id = False
        with self.assertRaises(UserError):
            report.with_user(self.supervisor).action_sign()
        self.assertEqual(
            (report.state, report.signed_by_id), ("reviewed", self.env["res.users"])
        )

    def test_made_once_a_month_by_the_job(self):
        self.env.ref(CRON).method_direct_trigger()
        report = self.Supervision.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(report), 1)
        self.assertEqual(report.date_from, self.month_from)
        self.assertEqual(self.company.service_supervision_last_month, self.month_from)
        # Nothing goes to the general manager before the sign-off.
        self.assertFalse(self._mails())
        self.env.ref(CRON).method_direct_trigger()
        self.assertEqual(
            self.Supervision.search([("company_id", "=", self.company.id)]), report
        )
