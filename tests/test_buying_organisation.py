# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form, tagged

from .common import OpportunityScreeningCase


@tagged("post_install", "-at_install")
class TestBuyingOrganisation(OpportunityScreeningCase):
    """DOMAIN §4: the customer's contacts with level, role and attitude; on each
    opportunity, the people involved and a warning for uncovered key roles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_decision = cls.env.ref(
            "crm_customer_planning.purchasing_role_decision_maker"
        )
        cls.role_technical = cls.env.ref(
            "crm_customer_planning.purchasing_role_technical"
        )
        cls.role_business = cls.env.ref(
            "crm_customer_planning.purchasing_role_business"
        )
        cls.role_financial = cls.env.ref(
            "crm_customer_planning.purchasing_role_financial"
        )
        cls.role_user = cls.env.ref("crm_customer_planning.purchasing_role_user")
        cls.customer = cls._create_customer("Eastern Railways", owner=cls.salesman)
        Partner = cls.env["res.partner"]

        def contact(name, role, attitude, level):
            return Partner.create(
                {
                    "name": name,
                    "parent_id": cls.customer.id,
                    "purchasing_role_id": role.id,
                    "attitude": attitude,
                    "administrative_level": level,
                }
            )

        cls.director = contact("Director Wu", cls.role_decision, "supportive", "top")
        cls.engineer = contact("Engineer Ma", cls.role_technical, "opposed", "middle")
        cls.buyer = contact("Buyer He", cls.role_financial, "neutral", "middle")
        cls.operator = contact("Operator Xu", cls.role_user, "opposed", "staff")
        cls.lead = cls._create_opportunity("Signalling upgrade", partner=cls.customer)

    def _involve(self, partner, **vals):
        return self.env["crm.lead.contact"].create(
            {"lead_id": self.lead.id, "partner_id": partner.id, **vals}
        )

    def test_contact_carries_level_role_and_attitude(self):
        with Form(self.env["res.partner"].with_user(self.salesman)) as form:
            form.name = "Chief Engineer Qian"
            form.parent_id = self.customer
            form.administrative_level = "senior"
            form.purchasing_role_id = self.role_technical
            form.attitude = "supportive"
        chief = form.record
        self.assertEqual(chief.purchasing_role_id, self.role_technical)
        self.assertEqual(chief.attitude, "supportive")
        self.assertEqual(chief.administrative_level, "senior")

    def test_deal_role_and_attitude_default_from_contact_and_stay_per_deal(self):
        line = self._involve(self.engineer)
        self.assertEqual(line.role_id, self.role_technical)
        self.assertEqual(line.attitude, "opposed")
        self.assertEqual(line.administrative_level, "middle")
        # In this deal the engineer is won over; the contact's attitude stays.
        line.attitude = "supportive"
        self.assertEqual(self.engineer.attitude, "opposed")
        other = self._involve(
            self.buyer, role_id=self.role_business.id, attitude="opposed"
        )
        self.assertEqual(other.role_id, self.role_business)
        self.assertEqual(other.attitude, "opposed")

    def test_uncovered_role_warning(self):
        # Nobody named yet: every key role is uncovered, the user role is not key.
        uncovered = self.lead._get_uncovered_roles()[self.lead]
        self.assertEqual(
            uncovered,
            [
                (self.role_decision, "nobody"),
                (self.role_technical, "nobody"),
                (self.role_business, "nobody"),
                (self.role_financial, "nobody"),
            ],
        )
        self.assertIn("Decision Maker (nobody named)", self.lead.buying_role_warning)
        self.assertNotIn("User", self.lead.buying_role_warning)

        self._involve(self.director)
        self._involve(self.engineer)  # opposed: the technical role is not covered
        self._involve(self.buyer)
        self._involve(self.buyer, role_id=self.role_business.id)
        self._involve(self.operator)  # opposed, but not a key role
        self.assertEqual(
            self.lead._get_uncovered_roles()[self.lead],
            [(self.role_technical, "opponents")],
        )
        self.assertEqual(
            self.lead.buying_role_warning,
            "Uncovered roles: Technical (only opponents).",
        )
        # A neutral second technical contact covers the role.
        colleague = self.env["res.partner"].create(
            {"name": "Engineer Lu", "parent_id": self.customer.id}
        )
        self._involve(colleague, role_id=self.role_technical.id)
        self.assertFalse(self.lead.buying_role_warning)
        # A role that is no longer key is not asked for.
        self.role_financial.is_key = False
        self.lead.buying_contact_ids.filtered(
            lambda c: c.role_id == self.role_financial
        ).unlink()
        self.lead.invalidate_recordset(["buying_role_warning"])
        self.assertFalse(self.lead.buying_role_warning)

    def test_whoever_decides_or_opposes_has_somebody_on_our_side(self):
        """组织结构：随客户而动: each contact names who covers them on our side;
        the deal warns while the decision maker or an opponent has nobody."""
        self.director.with_user(self.salesman).write(
            {
                "counterpart_user_id": self.sales_manager.id,
                "counterpart_level": "executive",
            }
        )
        director = self._involve(self.director)
        self.assertEqual(
            (director.counterpart_user_id, director.counterpart_level),
            (self.sales_manager, "executive"),
        )
        engineer = self._involve(self.engineer)
        self._involve(self.buyer)  # neutral, no decision: nobody needed
        operator = self._involve(self.operator)
        self.assertEqual(
            self.lead.buying_cover_warning,
            "Nobody on our side covers: Engineer Ma (opposed), Operator Xu (opposed).",
        )
        engineer.with_user(self.salesman).write(
            {"counterpart_user_id": self.salesman.id, "counterpart_level": "technical"}
        )
        operator.attitude = "neutral"
        self.assertFalse(self.lead.buying_cover_warning)
        # Not covered in this deal: the decision maker is named.
        director.counterpart_user_id = False
        self.assertEqual(
            self.lead.buying_cover_warning,
            "Nobody on our side covers: Director Wu (Decision Maker).",
        )
        self.assertEqual(self.director.counterpart_user_id, self.sales_manager)

    def test_roles_of_another_company_are_not_asked(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        self.env["customer.purchasing.role"].create(
            {"name": "Procurement Board", "is_key": True, "company_id": other.id}
        )
        roles = [
            role.name for role, _reason in self.lead._get_uncovered_roles()[self.lead]
        ]
        self.assertNotIn("Procurement Board", roles)
