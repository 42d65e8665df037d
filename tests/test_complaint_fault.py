# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The fault report (故障报告制度): a fault complaint tells the customer's
salesperson and that salesperson's sales manager at once, each once, and says so when
there is nobody to tell."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestComplaintFault(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_fault = cls.env["customer.complaint.category"].create(
            {"name": "Fault (test)", "team_id": cls.team_quality.id, "is_fault": True}
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="fault_sales_manager",
            name="Sales Manager Qian",
            groups="sales_team.group_sale_manager",
        )
        # The salesperson of the customer is in a sales team led by the sales
        # manager; salesman_2 is in no team.
        cls.sales_team = cls.env["crm.team"].create(
            {
                "name": "East China Sales",
                "user_id": cls.sales_manager.id,
                "crm_team_member_ids": [Command.create({"user_id": cls.salesman.id})],
            }
        )
        cls.customer.write({"street": "88 Huaihai Road", "city": "Shanghai"})

    def _fault_reports(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: "Fault reported" in (m.body or "")
        )

    def test_fault_tells_salesperson_and_manager_once(self):
        complaint = self._create_complaint(
            category_id=self.category_fault.id,
            description="<p>Smoke from the drive after ten minutes.</p>",
        )
        self.assertTrue(complaint.is_fault)
        self.assertTrue(complaint.fault_notified)
        report = self._fault_reports(complaint)
        self.assertEqual(len(report), 1)
        self.assertEqual(
            report.partner_ids, (self.salesman | self.sales_manager).partner_id
        )
        self.assertEqual(report.subtype_id, self.env.ref("mail.mt_note"))
        for text in (
            "10:00",
            "Place: Huadong Machinery, 88 Huaihai Road, Shanghai",
            "Symptom: Spindle overheats: Smoke from the drive after ten minutes.",
            "Handled by: Agent Liu",
            "Told: Salesman Zhang (salesperson) and Sales Manager Qian (sales "
            "manager).",
            complaint.name,
        ):
            self.assertIn(text, report.body)
        # Leaving and coming back to a fault category tells nobody again.
        complaint.with_user(self.agent).write({"category_id": self.category_quality.id})
        complaint.with_user(self.agent).write({"category_id": self.category_fault.id})
        self.assertEqual(len(self._fault_reports(complaint)), 1)

    def test_a_complaint_that_becomes_a_fault(self):
        complaint = self._create_complaint()
        self.assertFalse(self._fault_reports(complaint))
        self.assertFalse(complaint.fault_notified)
        complaint.with_user(self.agent).write({"category_id": self.category_fault.id})
        report = self._fault_reports(complaint)
        self.assertEqual(len(report), 1)
        self.assertEqual(
            report.partner_ids, (self.salesman | self.sales_manager).partner_id
        )

    def test_customer_without_salesperson(self):
        self.customer_2.user_id = False
        complaint = self._create_complaint(
            partner_id=self.customer_2.id, category_id=self.category_fault.id
        )
        report = self._fault_reports(complaint)
        self.assertEqual(len(report), 1)
        self.assertFalse(report.partner_ids)
        self.assertIn("The customer has no salesperson: nobody was told", report.body)
        self.assertTrue(complaint.fault_notified)

    def test_salesperson_without_sales_manager(self):
        complaint = self._create_complaint(
            partner_id=self.customer_2.id, category_id=self.category_fault.id
        )
        report = self._fault_reports(complaint)
        self.assertEqual(report.partner_ids, self.salesman_2.partner_id)
        self.assertIn(
            "Salesman Wang has no sales manager (leader of a sales team of the "
            "company): only the salesperson was told.",
            report.body,
        )

    def test_salesperson_leading_their_team_is_told_once(self):
        self.sales_team.user_id = self.salesman
        complaint = self._create_complaint(category_id=self.category_fault.id)
        report = self._fault_reports(complaint)
        self.assertEqual(report.partner_ids, self.salesman.partner_id)

    def test_the_customers_own_team_comes_first(self):
        """A salesperson in two teams: the leader of the customer's team."""
        other_leader = new_test_user(self.env, login="fault_leader_2", name="Leader Wu")
        other_team = self.env["crm.team"].create(
            {
                "name": "Key Accounts",
                "user_id": other_leader.id,
                "crm_team_member_ids": [Command.create({"user_id": self.salesman.id})],
            }
        )
        self.customer.team_id = other_team
        complaint = self._create_complaint(category_id=self.category_fault.id)
        self.assertEqual(
            self._fault_reports(complaint).partner_ids,
            (self.salesman | other_leader).partner_id,
        )

    def test_fault_flag_is_set_by_the_rules_only(self):
        complaint = self._create_complaint(category_id=self.category_fault.id)
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).write({"fault_notified": False})
        self.assertTrue(complaint.fault_notified)

    def test_shipped_fault_category(self):
        category = self.env.ref("crm_customer_planning.complaint_category_fault")
        self.assertTrue(category.is_fault)
