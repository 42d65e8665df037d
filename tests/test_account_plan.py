# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import shutil
import subprocess
import tempfile
import unicodedata

from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, tagged

from .common import DashboardCase

REPORT = "crm_customer_planning.report_account_plan"
# The report's model, which builds the plans.
PLAN_BUILDER = f"report.{REPORT}"


@tagged("post_install", "-at_install")
class TestAccountPlan(DashboardCase):
    def _plan(self, customer, user=None):
        partner = customer.with_user(user or self.manager)
        builder = partner.env[PLAN_BUILDER]
        return builder._get_account_plan_data(partner)[customer.id]

    def _html(self, customers, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.manager)
        html, report_type = Report._render_qweb_html(REPORT, customers.ids)
        self.assertEqual(report_type, "html")
        return html.decode()

    def test_plan_data(self):
        plan = self._plan(self.major)
        self.assertEqual(plan["tier"], "Major Account")
        self.assertEqual(plan["value_type"], "High current, high potential")
        self.assertEqual(
            (plan["current_value"], plan["potential_value"], plan["share_of_wallet"]),
            (1200000, 6000000, 20.0),
        )
        self.assertEqual((plan["target_type"], plan["target_share"]), ("share", 30.0))
        self.assertAlmostEqual(plan["target_progress"], 100.0 * 20 / 30)
        self.assertEqual(
            [
                (
                    c["name"],
                    c["level"],
                    c["role"],
                    c["attitude_label"],
                    c["covered_by"],
                    c["covered_at"],
                )
                for c in plan["contacts"]
            ],
            [
                (
                    "Buyer Zhou Min",
                    "Middle Management",
                    "Business",
                    "Supportive",
                    "Salesman Zhang",
                    "Salesperson",
                ),
                ("Engineer Qian Lei", "Staff", "", "Opposed", "", ""),
            ],
        )
        self.assertEqual(
            sorted((c["opportunity"], c["outcome"]) for c in plan["competitors"]),
            [
                ("Deal Changjiang Heavy Industry 0.0", "won"),
                ("Press line upgrade", "open"),
            ],
        )
        self.assertEqual(
            [c["competitor"] for c in plan["competitors"]], ["Rival Machines"] * 2
        )
        [opportunity] = plan["opportunities"]
        self.assertEqual(
            (
                opportunity["name"],
                opportunity["step"],
                opportunity["next_step"],
                opportunity["recommendation"],
            ),
            ("Press line upgrade", "Can we compete?", "Can we win?", "Review"),
        )
        self.assertEqual(
            [item["name"] for item in plan["action_items"]],
            ["Reference visit to our plant"],
            "open items only",
        )
        # The last visits done, newest first: missed and cancelled ones are out.
        self.assertEqual(
            [visit["subject"] for visit in plan["visits"]],
            ["Visit 4", "Visit 3", "Visit 1", "Visit 0"],
        )
        self.assertEqual(
            [c["subject"] for c in plan["complaints"]],
            ["Press stops", "Damaged crate"],
        )
        self.assertEqual(plan["complaints"][1]["sla_state"], "breached")

    def test_last_visits_are_limited(self):
        # A customer of its own: the dataset's visits are dated from the first
        # of the month, which may come after "a few days ago".
        customer = self._create_customer("Nanjing Pumps", owner=self.salesman)
        self.env["customer.followup"].create(
            [
                {
                    "partner_id": customer.id,
                    "user_id": self.salesman.id,
                    "state": "done",
                    "date_planned": self.today - relativedelta(days=index),
                    "date_closed": self.today - relativedelta(days=index),
                    "name": f"Recent {index}",
                }
                for index in range(1, 8)
            ]
        )
        plan = self._plan(customer)
        self.assertEqual(
            [visit["subject"] for visit in plan["visits"]],
            [f"Recent {index}" for index in range(1, 6)],
        )
        self.assertEqual(
            [visit["subject"] for visit in self._plan(self.named_b)["visits"]],
            ["Visit 6", "Visit 7"],
            "each customer its own last visits",
        )

    def test_lines_as_the_user_sees_them(self):
        """Another salesperson prints the plan: the opportunities, complaints
        and visits of a customer they do not own stay hidden."""
        plan = self._plan(self.major, self.salesman_2)
        self.assertEqual(plan["tier"], "Major Account")
        self.assertEqual(len(plan["contacts"]), 2)
        self.assertFalse(plan["opportunities"])
        self.assertFalse(plan["complaints"])
        self.assertFalse(plan["visits"])
        owner_plan = self._plan(self.major, self.salesman)
        self.assertEqual(len(owner_plan["opportunities"]), 1)
        self.assertEqual(len(owner_plan["complaints"]), 2)
        self.assertEqual(len(owner_plan["visits"]), 4)

    def test_renders_html(self):
        html = self._html(self.major | self.named_c)
        for text in (
            "Account Plan: ",
            "Changjiang Heavy Industry",
            "Major Account",
            "High current, high potential",
            "1,200,000.00",
            "6,000,000.00",
            "20.00",
            "30.00",
            "Buyer Zhou Min",
            "Purchasing Manager",
            "Middle Management",
            "Supportive",
            "Opposed",
            "Covered By",
            "(Salesperson)",
            "Rival Machines",
            "Low price",
            "Press line upgrade",
            "Can we compete?",
            "Reference visit to our plant",
            "Prove and show our value",
            "Visit 4",
            "Press stops",
            "Damaged crate",
            # The second customer's page.
            "Chengdu Grid",
            "Named Account",
            "No competitor met yet.",
        ):
            self.assertIn(text, html)

    def test_printable_from_the_customer_form(self):
        report = self.env.ref("crm_customer_planning.action_report_account_plan")
        self.assertEqual(report.binding_model_id.model, "res.partner")
        self.assertEqual(report.binding_type, "report")
        action = self.buyer.with_user(self.salesman).action_print_account_plan()
        self.assertEqual(action["report_name"], REPORT)
        self.assertEqual(action["context"]["active_ids"], self.major.ids)
        bindings = self.env["ir.actions.actions"].with_user(self.salesman)
        self.assertIn(
            report.id,
            [a["id"] for a in bindings.get_bindings("res.partner").get("report", [])],
        )

    def test_query_count_flat(self):
        """The same number of queries for six customers, whatever the number of
        their contacts, opportunities, action items and visits."""
        customers = (
            self.major
            | self.named_b
            | self.named_c
            | self.non_named
            | self.mass_e
            | self.mass_f
        )

        def count():
            self.env.flush_all()
            self.env.invalidate_all()
            partners = customers.with_user(self.manager)
            # Each environment reads the user's current company once, not per
            # line: have it in the cache before counting.
            self.manager.company_id.ensure_one()
            start = self.env.cr.sql_log_count
            plans = partners.env[PLAN_BUILDER]._get_account_plan_data(partners)
            return self.env.cr.sql_log_count - start, plans

        count()  # warm the caches (rules, access, translations)
        few, plans = count()
        role = self.env.ref("crm_customer_planning.purchasing_role_technical")
        for index, customer in enumerate(customers):
            self.env["res.partner"].create(
                [
                    {
                        "name": f"Contact {index}-{number}",
                        "parent_id": customer.id,
                        "attitude": "neutral",
                        "purchasing_role_id": role.id,
                    }
                    for number in range(3)
                ]
            )
            lead = self._create_opportunity(f"More business {index}", customer)
            self.env["customer.action.item"].create(
                {
                    "name": f"Follow up {index}",
                    "category": "strengthen_advantages",
                    "lead_id": lead.id,
                    "user_id": self.salesman_2.id,
                    "date_deadline": self.today,
                }
            )
            self.env["customer.followup"].create(
                [
                    {
                        "partner_id": customer.id,
                        "user_id": self.agent_teammate.id,
                        "state": "done",
                        "date_planned": self.today,
                        "date_closed": self.today,
                    }
                    for _number in range(2)
                ]
            )
        many, more_plans = count()
        self.assertEqual(
            len(more_plans[self.mass_f.id]["contacts"]),
            len(plans[self.mass_f.id]["contacts"]) + 3,
        )
        self.assertEqual(len(more_plans[self.non_named.id]["opportunities"]), 2)
        self.assertEqual(few, many)


@tagged("post_install", "-at_install")
class TestAccountPlanPdf(DashboardCase, HttpCase):
    """The PDF, by wkhtmltopdf, which fetches the report's styles from the
    server under test."""

    def test_renders_pdf(self):
        self.env["ir.config_parameter"].set_param("report.url", self.base_url())
        Report = self.env["ir.actions.report"]
        self.assertEqual(Report.get_wkhtmltopdf_state(), "ok")
        pdf, report_type = Report.with_context(
            force_report_rendering=True
        )._render_qweb_pdf(REPORT, self.major.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertIn(b"/Type /Page", pdf)

    def test_renders_chinese_pdf(self):
        """In zh_CN, with a Chinese customer name: the PDF holds the Chinese
        text (read back by pdftotext, poppler-utils), not boxes. Without a CJK
        font (Debian: fonts-noto-cjk) wkhtmltopdf draws glyphs that pdftotext
        cannot read back."""
        pdftotext = shutil.which("pdftotext")
        self.assertTrue(
            pdftotext, "pdftotext is missing: install poppler-utils (make test does)"
        )
        self.env["ir.config_parameter"].set_param("report.url", self.base_url())
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["crm_customer_planning"], ["zh_CN"], overwrite=True
        )
        self.major.name = "华东精密机械股份有限公司"
        Report = self.env["ir.actions.report"].with_context(
            lang="zh_CN", force_report_rendering=True
        )
        pdf, report_type = Report._render_qweb_pdf(REPORT, self.major.ids)
        self.assertEqual(report_type, "pdf")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            text = subprocess.run(
                [pdftotext, "-enc", "UTF-8", file.name, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        # The font maps some ideographs to their radical forms (人 to ⼈): NFKC
        # gives the ideographs back.
        text = unicodedata.normalize("NFKC", text)
        self.assertIn("华东精密机械股份有限公司", text)
        self.assertIn("客户计划书", text)
        self.assertIn("客户分类与价值", text)
