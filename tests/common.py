# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


class CustomerPlanningCase(TransactionCase):
    """Shared fixtures: the shipped tiers, one user per role, and helpers that
    build customers and won opportunities from known numbers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.company.write(
            {
                "planning_high_current_value": 300000.0,
                "planning_high_potential_value": 1000000.0,
            }
        )
        cls.tier_major = cls.env.ref("crm_customer_planning.tier_major")
        cls.tier_named = cls.env.ref("crm_customer_planning.tier_named")
        cls.tier_non_named = cls.env.ref("crm_customer_planning.tier_non_named")
        cls.tier_mass = cls.env.ref("crm_customer_planning.tier_mass_market")
        cls.salesman = new_test_user(
            cls.env,
            login="cp_salesman",
            name="Salesman Zhang",
            groups="sales_team.group_sale_salesman",
        )
        cls.salesman_2 = new_test_user(
            cls.env,
            login="cp_salesman_2",
            name="Salesman Wang",
            groups="sales_team.group_sale_salesman",
        )
        cls.planning_manager = new_test_user(
            cls.env,
            login="cp_manager",
            name="Manager Chen",
            groups="sales_team.group_sale_salesman,"
            "crm_customer_planning.group_customer_planning_manager",
        )
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    @classmethod
    def _create_customer(cls, name, potential=0.0, owner=None, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "potential_value": potential,
                "user_id": owner.id if owner else False,
                **vals,
            }
        )

    @classmethod
    def _create_won(cls, partner, amount, months_ago=1, user=None):
        """A won opportunity closed ``months_ago`` months ago."""
        lead = cls.env["crm.lead"].create(
            {
                "name": f"Deal {partner.name} {amount}",
                "type": "opportunity",
                "partner_id": partner.id,
                "expected_revenue": amount,
                "user_id": (user or partner.user_id).id,
            }
        )
        lead.action_set_won()
        lead.date_closed = fields.Datetime.now() - relativedelta(months=months_ago)
        return lead

    @classmethod
    def _customer_with_values(cls, name, current, potential, owner=None, **vals):
        """A classified customer whose current and potential value are known."""
        partner = cls._create_customer(name, potential, owner, **vals)
        if current:
            cls._create_won(partner, current)
        partner._planning_recompute_values()
        return partner


class OpportunityScreeningCase(CustomerPlanningCase):
    """Opportunity screening from known criteria: the shipped questions are
    archived and each step gets three of ours — a blocking one of weight 2 and
    two of weight 1 — under a 60% pass mark; opportunities are screened in full
    (no tier, deal size over the company's threshold) unless a test says
    otherwise."""

    STEPS = ("real", "compete", "win", "worth")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Criterion = cls.env["crm.qualification.criterion"]
        Criterion.search([]).action_archive()
        cls.company.write(
            {
                "qualification_pass_mark": 60.0,
                "qualification_full_deal_size": 100000.0,
                "qualification_light_real": True,
                "qualification_light_compete": True,
                "qualification_light_win": False,
                "qualification_light_worth": False,
            }
        )
        cls.criteria = {}
        for step in cls.STEPS:
            cls.criteria[step] = {
                key: Criterion.create(
                    {
                        "name": f"{step} {key}",
                        "step": step,
                        "sequence": sequence,
                        "weight": weight,
                        "blocking": blocking,
                    }
                )
                for sequence, (key, weight, blocking) in enumerate(
                    [("must", 2.0, True), ("nice", 1.0, False), ("extra", 1.0, False)]
                )
            }
        cls.sales_manager = new_test_user(
            cls.env,
            login="cp_sales_manager",
            name="Sales Manager Li",
            groups="sales_team.group_sale_manager",
        )
        cls.stage_new = cls.env.ref("crm.stage_lead1")
        cls.stage_qualified = cls.env.ref("crm.stage_lead2")
        cls.stage_proposition = cls.env.ref("crm.stage_lead3")
        cls.stage_won = cls.env.ref("crm.stage_lead4")

    @classmethod
    def _create_opportunity(
        cls, name, partner=None, revenue=200000.0, user=None, **vals
    ):
        return cls.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "partner_id": partner.id if partner else False,
                "expected_revenue": revenue,
                "user_id": (user or cls.salesman).id,
                "stage_id": cls.stage_new.id,
                **vals,
            }
        )

    @classmethod
    def _answer(cls, lead, step, **answers):
        """Answer criteria of ``step`` by key: ``must="yes", nice="no"``."""
        lead._qualification_set_answers(
            step,
            {
                cls.criteria[step][key].id: (answer, f"evidence for {key}")
                for key, answer in answers.items()
            },
        )

    @classmethod
    def _pass_steps(cls, lead, *steps):
        for step in steps:
            cls._answer(lead, step, must="yes", nice="yes", extra="yes")
