# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DashboardCase

CRON = "crm_customer_planning.ir_cron_service_supervision_report"
REPORT = "report.crm_customer_planning.service_supervision_report"


@tagged("post_install", "-at_install")
class TestServiceSupervision(DashboardCase):
    """The monthly Service Supervision Report (DOMAIN §9) on the known
    dataset: last month holds three complaints (one answered on time, one
    late, one unanswered that its customer came back on) and the visits
    closed that month."""

    def _data(self, date_from=None, date_to=None):
        return self.env[REPORT]._get_service_supervision_data(
            self.company, date_from or self.month_from, date_to or self.month_to
        )

    def _mails(self):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", self.general_manager.partner_id.ids)]
        )

    def test_figures_of_last_month(self):
        data = self._data()
        self.assertEqual(
            (data["date_from"], data["date_to"]), (self.month_from, self.month_to)
        )
        self.assertEqual(data["complaints"], 3)
        self.assertEqual(data["replied"], 2)
        self.assertEqual(data["reply_on_time_rate"], 50.0)
        self.assertEqual(data["resolution_on_time_rate"], 100.0)
        self.assertEqual(data["resolution_hours"], 48.0)
        self.assertEqual(data["satisfaction"], 4.0)
        self.assertEqual(data["breached"], 2)
        self.assertEqual(data["came_back"], 1)
        self.assertEqual(
            [(line["name"], line["count"]) for line in data["by_type"]],
            [("Complaint", 2), ("Suggestion", 1)],
        )
        self.assertEqual(
            [
                (line["name"], line["count"], line["breached"])
                for line in data["by_category"]
            ],
            [("Quality (test)", 2, 1), ("Delivery (test)", 1, 1)],
        )
        self.assertEqual(
            [(line["name"], line["count"]) for line in data["by_team"]],
            [("Quality Service", 2), ("Logistics Service", 1)],
        )
        self.assertEqual(
            [
                (p["name"], p["count"], p["came_back"])
                for p in data["frequent_problems"]
            ],
            [("Delivery (test)", 2, 1), ("Quality (test)", 2, 0)],
        )
        self.assertEqual((data["visits_done"], data["visits_missed"]), (3, 1))
        self.assertEqual(data["visit_satisfaction"], 4.5)
        self.assertEqual(
            data["visit_owners"],
            [
                {"name": "Agent Hu", "done": 1, "missed": 0},
                {"name": "Agent Liu", "done": 2, "missed": 1},
            ],
        )

    def test_read_by_its_readers_only(self):
        """The service and planning managers read the report's figures as they
        are (the general manager gets it by mail); a salesperson may not."""
        expected = self._data()
        for reader in (self.service_manager, self.planning_manager):
            with self.subTest(reader=reader.name):
                self.assertEqual(
                    self.env[REPORT]
                    .with_user(reader)
                    ._get_service_supervision_data(
                        self.company, self.month_from, self.month_to
                    ),
                    expected,
                )
        with self.assertRaises(AccessError):
            self.env[REPORT].with_user(self.salesman)._get_service_supervision_data(
                self.company, self.month_from, self.month_to
            )

    def test_figures_of_another_month(self):
        month_before = self.month_from - relativedelta(months=1)
        data = self._data(month_before, self.month_from - relativedelta(days=1))
        self.assertEqual((data["complaints"], data["breached"]), (1, 1))
        self.assertFalse(data["reply_on_time_rate"])
        self.assertEqual((data["visits_done"], data["visits_missed"]), (3, 0))
        self.assertEqual(data["visit_satisfaction"], 2.0)

    def test_figures_of_another_company(self):
        other = self.env["res.company"].create({"name": "Other Branch"})
        data = self.env[REPORT]._get_service_supervision_data(
            other, self.month_from, self.month_to
        )
        self.assertEqual((data["complaints"], data["visits_done"]), (0, 0))
        self.assertFalse(data["by_category"])

    def test_query_count_flat(self):
        def count():
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            data = self._data()
            return self.env.cr.sql_log_count - start, data

        count()  # warm the caches (rules, access, translations)
        few, data = count()
        received = data["date_from"] + relativedelta(days=20)
        Complaint = self.env["customer.complaint"].with_context(
            complaint_force_new=True
        )
        for index in range(15):
            Complaint.create(
                {
                    "subject": f"Noise {index}",
                    "partner_id": self.named_b.id,
                    "category_id": self.category_delivery.id,
                    "date_received": received,
                    "first_responsible_id": self.agent.id,
                }
            )
        count()
        many, data = count()
        self.assertEqual(data["complaints"], 18)
        self.assertEqual(few, many)

    def test_mailed_to_the_general_manager(self):
        """The mail the signed report goes with (test_supervision_signoff.py
        signs it; the monthly job only makes the record)."""
        mail = self.company._send_service_supervision_report(
            self.month_from, self.month_to
        )
        self.assertEqual(mail.recipient_ids, self.general_manager.partner_id)
        month = self.month_from.strftime("%B %Y")
        self.assertEqual(mail.subject, f"Service Supervision Report {month}")
        for text in (
            "General Manager Lin",
            "Quality (test)",
            "Logistics Service",
            "50.0",
            "48.0",
            "4.5",
            "Most frequent problems",
            "Agent Liu",
        ):
            self.assertIn(text, mail.body_html)
        # Unsigned: no evaluation in it.
        self.assertNotIn("The supervisor's evaluation", mail.body_html)

    def test_scheduled_on_the_first(self):
        cron = self.env.ref(CRON)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "months"))
        self.assertEqual(cron.nextcall.day, 1)
        self.assertEqual(cron.user_id, self.env.ref("base.user_root"))
