# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import shutil
import unittest
from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, TransactionCase, new_test_user

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


class FollowupCase(CustomerPlanningCase):
    """Return visits: service users in two sales teams, the shipped rules and
    helpers that build customers of a given tier and visits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Followup = cls.env["customer.followup"]
        cls.Rule = cls.env["customer.followup.rule"]
        cls.rule_major = cls.env.ref("crm_customer_planning.followup_rule_major")
        cls.rule_named = cls.env.ref("crm_customer_planning.followup_rule_named")
        ref = cls.env.ref
        cls.rule_non_named = ref("crm_customer_planning.followup_rule_non_named")
        cls.rule_mass = ref("crm_customer_planning.followup_rule_mass_market")
        cls.rule_first_year = cls.env.ref(
            "crm_customer_planning.followup_rule_project_first_year"
        )
        cls.rule_later = ref("crm_customer_planning.followup_rule_project_later")
        agent_groups = "crm_customer_planning.group_customer_service_agent"
        cls.agent = new_test_user(
            cls.env, login="cp_agent", name="Agent One", groups=agent_groups
        )
        cls.agent_teammate = new_test_user(
            cls.env, login="cp_agent_mate", name="Agent Two", groups=agent_groups
        )
        cls.agent_other_team = new_test_user(
            cls.env, login="cp_agent_other", name="Agent Three", groups=agent_groups
        )
        cls.service_manager = new_test_user(
            cls.env,
            login="cp_service_manager",
            name="Service Manager Liu",
            email="liu@example.com",
            groups="crm_customer_planning.group_customer_service_manager",
        )
        Team = cls.env["crm.team"]
        cls.team_east = Team.create(
            {
                "name": "Service East",
                "member_ids": [Command.set((cls.agent | cls.agent_teammate).ids)],
            }
        )
        cls.team_west = Team.create(
            {
                "name": "Service West",
                "member_ids": [Command.set(cls.agent_other_team.ids)],
            }
        )

    @classmethod
    def _tiered_customer(cls, name, tier, owner=None, **vals):
        """A customer placed in ``tier`` directly (no opportunities needed)."""
        partner = cls._create_customer(name, owner=owner, **vals)
        partner.with_context(planning_internal_write=True).write(
            {"customer_tier_id": tier.id}
        )
        return partner

    @classmethod
    def _followup(cls, partner, **vals):
        return cls.env["customer.followup"].create(
            {
                "partner_id": partner.id,
                "user_id": partner.user_id.id,
                "date_planned": cls.today,
                **vals,
            }
        )

    def _planned(self, partners, rule=None):
        domain = [("partner_id", "in", partners.ids), ("state", "=", "planned")]
        if rule:
            domain.append(("rule_id", "=", rule.id))
        return self.env["customer.followup"].search(domain)


class CustomerServiceCase(CustomerPlanningCase):
    """Complaint fixtures: a Monday–Friday 09:00–18:00 calendar (Shanghai) for
    the company, two service teams with their agents, a service manager, a
    general manager, categories and customers. Mail tracking stays on: owners
    are told of stage changes through it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=False,
                mail_notrack=False,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            )
        )
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Mon-Fri 09:00-18:00",
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9.0,
                            "hour_to": 18.0,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        agent_groups = "crm_customer_planning.group_customer_service_agent"
        cls.agent = new_test_user(
            cls.env, login="cs_agent_a", name="Agent Liu", groups=agent_groups
        )
        cls.agent_teammate = new_test_user(
            cls.env, login="cs_agent_a2", name="Agent Ma", groups=agent_groups
        )
        cls.agent_other = new_test_user(
            cls.env, login="cs_agent_b", name="Agent Hu", groups=agent_groups
        )
        cls.service_manager = new_test_user(
            cls.env,
            login="cs_manager",
            name="Service Manager Gao",
            groups="crm_customer_planning.group_customer_service_manager",
        )
        cls.general_manager = new_test_user(
            cls.env, login="cs_general", name="General Manager Lin"
        )
        cls.company.complaint_general_manager_id = cls.general_manager
        cls.team_quality = cls.env["crm.team"].create(
            {
                "name": "Quality Service",
                "user_id": cls.service_manager.id,
                "crm_team_member_ids": [
                    Command.create({"user_id": cls.agent.id}),
                    Command.create({"user_id": cls.agent_teammate.id}),
                ],
            }
        )
        cls.team_logistics = cls.env["crm.team"].create(
            {
                "name": "Logistics Service",
                "crm_team_member_ids": [
                    Command.create({"user_id": cls.agent_other.id})
                ],
            }
        )
        Category = cls.env["customer.complaint.category"]
        cls.category_quality = Category.create(
            {"name": "Quality (test)", "team_id": cls.team_quality.id}
        )
        cls.category_delivery = Category.create(
            {"name": "Delivery (test)", "team_id": cls.team_logistics.id}
        )
        cls.stages = {
            stage.state: stage
            for stage in cls.env["customer.complaint.stage"].search(
                [], order="sequence desc"
            )
        }
        cls.customer = cls._create_customer(
            "Huadong Machinery", owner=cls.salesman, email="info@huadong.example.com"
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {
                "name": "Buyer Zhou",
                "parent_id": cls.customer.id,
                "email": "zhou@huadong.example.com",
            }
        )
        cls.customer_2 = cls._create_customer(
            "Pengcheng Logistics",
            owner=cls.salesman_2,
            email="info@pengcheng.example.com",
        )

    @classmethod
    def _create_complaint(cls, user=None, force_new=False, **vals):
        """A complaint as ``user`` (default: the agent), received Monday 2026-03-02
        10:00 in Shanghai unless told otherwise; ``force_new`` opens a second
        complaint on an open matter instead of adding to it."""
        values = {
            "subject": "Spindle overheats",
            "partner_id": cls.customer.id,
            "category_id": cls.category_quality.id,
            "date_received": datetime(2026, 3, 2, 2, 0),
            **vals,
        }
        Complaint = cls.env["customer.complaint"].with_user(user or cls.agent)
        if force_new:
            Complaint = Complaint.with_context(complaint_force_new=True)
        return Complaint.create(values).with_user(cls.env.user)

    def _set_state(self, complaints, state, user=None):
        complaints.with_user(user or self.agent).write(
            {"stage_id": self.stages[state].id}
        )


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


class TourCase(HttpCase):
    """Web tours in headless Chrome/Chromium. Odoo skips a browser test when it
    finds no browser (or cannot drive it): here that is a failure, so that a
    run without a browser cannot pass for a green one."""

    BROWSERS = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not any(shutil.which(name) for name in cls.BROWSERS):
            raise AssertionError(
                "The web tours need Chrome or Chromium, none found in PATH (%s): "
                "install it, e.g. `apt-get install chromium`." % ", ".join(cls.BROWSERS)
            )

    def _run_tour(self, tour, url, login):
        try:
            self.start_tour(url, tour, login=login, timeout=120)
        except unittest.SkipTest as skipped:
            self.fail(f"Tour {tour} could not run in the browser: {skipped}")
