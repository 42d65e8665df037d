# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""首问责任制 (DOMAIN §9): every employee records what a customer brings, from
the customer, from an opportunity or from the complaint menu, and owns it to
the end; they see what they own or handle and their own customers' requests."""

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestComplaintFirstResponsible(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(
            cls.env, login="cs_employee", name="Employee Guo", groups="base.group_user"
        )
        # The agent's complaint of customer 1 (Salesman Zhang's) and another
        # agent's of customer 2 (Salesman Wang's).
        cls.of_customer = cls._create_complaint(subject="Spindle")
        cls.of_customer_2 = cls._create_complaint(
            subject="Late truck",
            user=cls.agent_other,
            partner_id=cls.customer_2.id,
            category_id=cls.category_delivery.id,
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Second line",
                "type": "opportunity",
                "partner_id": cls.customer_contact.id,
                "user_id": cls.salesman.id,
            }
        )

    def _record(self, user, action, subject, category, partner=None):
        """Fill in the form the action opens, as ``user``."""
        self.assertEqual(action["res_model"], "customer.complaint")
        Complaint = (
            self.env["customer.complaint"]
            .with_user(user)
            .with_context(**action["context"])
        )
        with Form(Complaint) as form:
            if partner:
                form.partner_id = partner
            form.subject = subject
            form.category_id = category
        return form.record

    def _visible(self, user):
        return self.env["customer.complaint"].with_user(user).search([])

    def test_employee_records_from_the_customer_and_owns_it(self):
        # The customer's form opens for the employee, with the button.
        partner_form = Form(self.customer.with_user(self.employee))
        self.assertIn(
            'name="action_record_customer_request"',
            etree.tostring(partner_form._view["tree"]).decode(),
        )
        action = self.customer.with_user(self.employee).action_record_customer_request()
        self.assertEqual(action["context"], {"default_partner_id": self.customer.id})
        complaint = self._record(
            self.employee, action, "Asked for a manual", self.category_delivery
        )
        self.assertEqual(complaint.first_responsible_id, self.employee)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertIn(self.employee.partner_id, complaint.message_partner_ids)
        # The employee sees what they own, not other people's complaints.
        self.assertEqual(self._visible(self.employee), complaint)
        with self.assertRaises(AccessError):
            self.of_customer_2.with_user(self.employee).read(["subject"])
        with self.assertRaises(AccessError):
            self.of_customer.with_user(self.employee).write({"subject": "Mine"})
        self.assertEqual(self.customer.with_user(self.employee).complaint_count, 1)
        # Once handling another one, they see it and work on it.
        self.of_customer_2.with_user(self.agent_other).handler_id = self.employee
        self.assertIn(self.of_customer_2, self._visible(self.employee))
        self.of_customer_2.with_user(self.employee).write(
            {"description": "<p>Called the driver</p>"}
        )

    def test_salesperson_records_from_the_opportunity(self):
        action = self.lead.with_user(self.salesman).action_record_customer_request()
        self.assertEqual(
            action["context"],
            {
                "default_partner_id": self.customer.id,
                "default_contact_id": self.customer_contact.id,
                "default_lead_id": self.lead.id,
            },
        )
        complaint = self._record(
            self.salesman, action, "Wants a second quote", self.category_delivery
        )
        self.assertEqual(complaint.first_responsible_id, self.salesman)
        self.assertEqual(complaint.lead_id, self.lead)
        self.assertEqual(complaint.contact_id, self.customer_contact)
        # Their customer's complaints too, not another salesperson's customer's.
        self.assertEqual(self._visible(self.salesman), complaint | self.of_customer)
        with self.assertRaises(AccessError):
            self.of_customer_2.with_user(self.salesman).read(["subject"])
        self.assertEqual(self._visible(self.salesman_2), self.of_customer_2)

    def test_salesperson_records_from_the_complaint_menu(self):
        complaint = self._record(
            self.salesman_2,
            {"res_model": "customer.complaint", "context": {}},
            "Prefers calls in the morning",
            self.category_quality,
            partner=self.customer_2,
        )
        self.assertEqual(complaint.first_responsible_id, self.salesman_2)
        self.assertIn(complaint, self._visible(self.salesman_2))

    def test_the_recorder_cannot_hand_it_off(self):
        Complaint = self.env["customer.complaint"].with_user(self.employee)
        vals = {
            "subject": "Asked for a manual",
            "partner_id": self.customer.id,
            "category_id": self.category_delivery.id,
        }
        with self.assertRaises(AccessError):
            Complaint.create({**vals, "first_responsible_id": self.agent.id})
        with self.assertRaises(AccessError):
            Complaint.with_context(default_first_responsible_id=self.agent.id).create(
                vals
            )
        complaint = Complaint.create(vals)
        with self.assertRaises(AccessError):
            complaint.write({"first_responsible_id": self.agent.id})
        self.assertEqual(complaint.first_responsible_id, self.employee)
        # The service team may still file one in an agent's name.
        on_behalf = (
            self.env["customer.complaint"]
            .with_user(self.service_manager)
            .with_context(complaint_force_new=True)
            .create(
                {
                    **vals,
                    "partner_id": self.customer_2.id,
                    "first_responsible_id": self.agent.id,
                }
            )
        )
        self.assertEqual(on_behalf.first_responsible_id, self.agent)

    def test_every_employee_reaches_the_complaint_menu_and_its_views(self):
        visible = self.env["ir.ui.menu"].with_user(self.employee)._visible_menu_ids()
        menu = self.env.ref("crm_customer_planning.customer_complaint_menu")
        self.assertIn(menu.id, visible)
        for xmlid in (
            "customer_followup_menu",
            "crm_customer_planning_menu_customers",
            "crm_customer_planning_menu_reporting",
        ):
            self.assertNotIn(self.env.ref(f"crm_customer_planning.{xmlid}").id, visible)
        self._record(
            self.employee,
            {"res_model": "customer.complaint", "context": {}},
            "Asked for a manual",
            self.category_delivery,
            partner=self.customer,
        )
        # Each view reads, as the employee, the fields it shows them.
        Complaint = self.env["customer.complaint"].with_user(self.employee)
        kinds = ("kanban", "list", "form", "activity")
        views = Complaint.get_views([(False, kind) for kind in kinds])
        fields = views["models"]["customer.complaint"]["fields"]
        for kind in kinds:
            arch = etree.fromstring(views["views"][kind]["arch"])
            names = {node.get("name") for node in arch.iter("field")} & set(fields)
            spec = {
                name: {"fields": {"display_name": {}}}
                if fields[name]["type"] == "many2one"
                else {}
                for name in names
            }
            with self.subTest(view=kind):
                records = Complaint.web_search_read([], spec)["records"]
                self.assertEqual(len(records), 1)
