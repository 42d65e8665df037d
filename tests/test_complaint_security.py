# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestComplaintSecurity(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Agent Liu's own complaint, one of his team (owned by a teammate), one
        # of another team, one where he is only the handler.
        cls.own = cls._create_complaint(subject="Own")
        cls.team = cls._create_complaint(
            subject="Team", user=cls.agent_teammate, partner_id=cls.customer_2.id
        )
        cls.other_team = cls._create_complaint(
            subject="Other team",
            user=cls.agent_other,
            category_id=cls.category_delivery.id,
            partner_id=cls.customer_2.id,
        )
        cls.handled = cls._create_complaint(
            subject="Handled",
            user=cls.agent_other,
            category_id=cls.category_delivery.id,
            handler_id=cls.agent.id,
        )
        cls.all = cls.own | cls.team | cls.other_team | cls.handled

    def _visible(self, user):
        return (
            self.env["customer.complaint"]
            .with_user(user)
            .search([("id", "in", self.all.ids)])
        )

    def test_agents_see_their_own_and_their_team(self):
        self.assertEqual(self._visible(self.agent), self.own | self.team | self.handled)
        self.assertEqual(
            self._visible(self.agent_other), self.other_team | self.handled
        )
        with self.assertRaises(AccessError):
            self.other_team.with_user(self.agent).read(["subject"])
        with self.assertRaises(AccessError):
            self.other_team.with_user(self.agent).write({"subject": "Mine now"})
        self.team.with_user(self.agent).write({"handler_id": self.agent.id})

    def test_service_manager_sees_all(self):
        self.assertEqual(self._visible(self.service_manager), self.all)
        self.other_team.with_user(self.service_manager).write({"severity": "major"})

    def test_salespeople_see_their_customers_complaints(self):
        # Customer 1 belongs to Salesman Zhang, customer 2 to Salesman Wang.
        self.assertEqual(self._visible(self.salesman), self.own | self.handled)
        self.assertEqual(self._visible(self.salesman_2), self.team | self.other_team)
        # Their customers' complaints they work on; the others they do not see.
        self.own.with_user(self.salesman).write({"description": "<p>Called</p>"})
        with self.assertRaises(AccessError):
            self.team.with_user(self.salesman).write({"subject": "Changed"})
        self.assertEqual(self.customer.with_user(self.salesman).complaint_count, 2)
        self.assertEqual(self.customer.with_user(self.salesman_2).complaint_count, 0)
        plain_user = new_test_user(self.env, login="cs_plain_user")
        self.assertEqual(self.customer.with_user(plain_user).complaint_count, 0)

    def test_portal_user_reads_own_company_only(self):
        portal = new_test_user(
            self.env,
            login="portal_zhou_sec",
            groups="base.group_portal",
            partner_id=self.customer_contact.id,
        )
        self.assertEqual(self._visible(portal), self.own | self.handled)
        with self.assertRaises(AccessError):
            self.own.with_user(portal).write({"subject": "Changed"})
        with self.assertRaises(AccessError):
            self.team.with_user(portal).read(["subject"])

    def test_multi_company(self):
        company_2 = self.env["res.company"].create({"name": "Shenzhen Branch"})
        self.service_manager.company_ids |= company_2
        foreign = (
            self.env["customer.complaint"]
            .with_company(company_2)
            .with_user(self.service_manager)
            .with_context(allowed_company_ids=company_2.ids)
            .create(
                {
                    "subject": "Branch complaint",
                    "partner_id": self.customer.id,
                    "category_id": self.category_quality.id,
                    "company_id": company_2.id,
                }
            )
        )
        self.assertEqual(foreign.company_id, company_2)
        self.assertNotEqual(foreign.name, self.own.name)
        Complaint = self.env["customer.complaint"].with_user(self.service_manager)
        in_main = Complaint.with_context(allowed_company_ids=self.company.ids)
        self.assertNotIn(foreign, in_main.search([]))
        in_both = Complaint.with_context(
            allowed_company_ids=(self.company | company_2).ids
        )
        self.assertIn(foreign, in_both.search([]))
        with self.assertRaises(AccessError):
            foreign.with_user(self.agent).read(["subject"])

    def test_analysis_follows_the_same_rules(self):
        Report = self.env["customer.complaint.report"]
        self.assertEqual(
            Report.with_user(self.agent).search([]).complaint_id,
            self.own | self.team | self.handled,
        )
        self.assertEqual(
            Report.with_user(self.service_manager)
            .search([("complaint_id", "in", self.all.ids)])
            .complaint_id,
            self.all,
        )
        with self.assertRaises(AccessError):
            Report.with_user(self.salesman).search([])
