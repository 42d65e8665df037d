# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The public ``action_*`` buttons no other test presses, each pressed as the role
that uses it (with what it must open or do) and refused to a role that must not
use it."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import (
    CustomerServiceCase,
    FollowupCase,
    OpportunityScreeningCase,
)


class PortalUserMixin:
    @classmethod
    def _portal_user(cls, login):
        return new_test_user(cls.env, login=login, groups="base.group_portal")


@tagged("post_install", "-at_install")
class TestCustomerActions(PortalUserMixin, OpportunityScreeningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = cls._portal_user("act_portal")
        cls.customer = cls._customer_with_values(
            "Huaxia Pumps", 100000, 0, owner=cls.salesman
        )

    def test_recompute_now(self):
        self.assertEqual(self.customer.customer_tier_id, self.tier_non_named)
        self._create_won(self.customer, 500000)
        action = self.customer.with_user(self.salesman).action_planning_recompute()
        self.assertEqual(self.customer.current_value, 600000)
        self.assertEqual(self.customer.customer_tier_id, self.tier_named)
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(
            action["params"]["message"], "Values and tiers recomputed for 1 customers."
        )
        with self.assertRaises(AccessError):
            self.customer.with_user(self.portal).action_planning_recompute()

    def test_override_tier_opens_the_wizard_for_managers_only(self):
        action = self.customer.with_user(
            self.planning_manager
        ).action_planning_override_tier()
        self.assertEqual(action["res_model"], "customer.tier.override")
        self.assertEqual(
            action["context"],
            {
                "default_partner_id": self.customer.id,
                "default_tier_id": self.tier_non_named.id,
            },
        )
        with self.assertRaisesRegex(AccessError, "Only Customer Planning managers"):
            self.customer.with_user(self.salesman).action_planning_override_tier()

    def test_tier_lists_its_customers(self):
        named = self._customer_with_values("Named One", 400000, 800000)
        action = self.tier_named.with_user(
            self.planning_manager
        ).action_view_customers()
        customers = (
            self.env[action["res_model"]]
            .with_user(self.planning_manager)
            .search(action["domain"])
        )
        self.assertEqual(customers, named)
        with self.assertRaises(AccessError):
            self.tier_named.with_user(self.portal).action_view_customers()


@tagged("post_install", "-at_install")
class TestOpportunityActions(OpportunityScreeningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls._create_opportunity("Harbour cranes")

    def test_load_criteria_once(self):
        self.assertEqual(self.lead.qualification_depth, "full")
        self.lead.with_user(self.salesman).action_qualification_load_criteria()
        every_criterion = self.env["crm.qualification.criterion"].union(
            *(c for step in self.STEPS for c in self.criteria[step].values())
        )
        self.assertEqual(self.lead.qualification_ids.criterion_id, every_criterion)
        self.assertEqual(set(self.lead.qualification_ids.mapped("answer")), {"unknown"})
        # Loading again adds nothing.
        self.lead.with_user(self.salesman).action_qualification_load_criteria()
        self.assertEqual(len(self.lead.qualification_ids), 12)
        # Not the salesperson's opportunity: refused by crm's own rules.
        with self.assertRaises(AccessError):
            self.lead.with_user(self.salesman_2).action_qualification_load_criteria()

    def test_override_stage_opens_the_wizard_for_managers_only(self):
        action = self.lead.with_user(
            self.planning_manager
        ).action_qualification_override_stage()
        self.assertEqual(action["res_model"], "crm.lead.stage.override")
        self.assertEqual(action["context"], {"default_lead_ids": self.lead.ids})
        with self.assertRaisesRegex(AccessError, "Only sales managers"):
            self.lead.with_user(self.salesman).action_qualification_override_stage()

    def test_save_answers_and_close(self):
        action = self.lead.with_user(self.salesman).action_qualification_start()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.salesman)
            .with_context(**action["context"])
        )
        must = self.criteria["real"]["must"]
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                if line.criterion_id == must:
                    line.answer = "yes"
                    line.note = "Budget line seen"
        wizard = form.save()
        self.assertEqual(wizard.action_save(), {"type": "ir.actions.act_window_close"})
        answer = self.lead.qualification_ids.filtered(lambda q: q.criterion_id == must)
        self.assertEqual((answer.answer, answer.note), ("yes", "Budget line seen"))
        self.assertEqual(self.lead.stage_id, self.stage_new, "saving moves nothing")
        with self.assertRaises(AccessError):
            wizard.with_user(self.salesman_2).action_save()


@tagged("post_install", "-at_install")
class TestFollowupActions(PortalUserMixin, FollowupCase):
    def test_open_the_next_visit(self):
        customer = self._tiered_customer("Next Visit Co", self.tier_named, self.agent)
        visit = self._followup(customer, date_planned=date(2026, 3, 2))
        visit.with_user(self.agent).write(
            {"next_action": "Bring the samples", "next_action_date": date(2026, 3, 20)}
        )
        visit.with_user(self.agent).action_done()
        self.assertTrue(visit.next_followup_id, "the next action became a visit")
        action = visit.with_user(self.agent).action_view_next_followup()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("customer.followup", visit.next_followup_id.id),
        )
        self.assertEqual(visit.next_followup_id.date_planned, date(2026, 3, 20))
        with self.assertRaises(AccessError):
            visit.with_user(
                self._portal_user("act_portal_fu")
            ).action_view_next_followup()


@tagged("post_install", "-at_install")
class TestComplaintListActions(PortalUserMixin, CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls._create_complaint()
        cls.other = cls._create_complaint(
            subject="Late truck",
            partner_id=cls.customer_2.id,
            category_id=cls.category_delivery.id,
        )
        cls.portal = cls._portal_user("act_portal_cp")

    def _opened(self, action, user):
        return self.env[action["res_model"]].with_user(user).search(action["domain"])

    def test_customer_complaints(self):
        action = self.customer.with_user(self.salesman).action_view_complaints()
        self.assertEqual(self._opened(action, self.salesman), self.complaint)
        self.assertEqual(action["context"], {"default_partner_id": self.customer.id})
        with self.assertRaises(AccessError):
            self.customer.with_user(self.portal).action_view_complaints()

    def test_category_complaints(self):
        action = self.category_delivery.with_user(
            self.service_manager
        ).action_view_complaints()
        self.assertEqual(self._opened(action, self.service_manager), self.other)
        self.assertEqual(
            action["context"], {"default_category_id": self.category_delivery.id}
        )
        # A salesperson opens it too, and sees only their own customers' ones.
        action = self.category_delivery.with_user(
            self.salesman
        ).action_view_complaints()
        self.assertFalse(self._opened(action, self.salesman))


@tagged("post_install", "-at_install")
class TestSettingsScreen(CustomerServiceCase):
    """The settings screen, as an administrator fills it in and saves it."""

    def test_save_through_the_form(self):
        admin = new_test_user(
            self.env,
            login="act_settings_admin",
            groups="base.group_system,sales_team.group_sale_manager,"
            "crm_customer_planning.group_customer_planning_manager",
        )
        form = Form(self.env["res.config.settings"].with_user(admin))
        form.planning_high_current_value = 500000
        form.planning_high_potential_value = 2000000
        form.planning_recompute_batch_size = 500
        form.followup_missed_days = 3
        form.qualification_pass_mark = 70
        form.complaint_general_manager_id = self.service_manager
        form.save().execute()
        self.company.invalidate_recordset()
        self.assertRecordValues(
            self.company,
            [
                {
                    "planning_high_current_value": 500000,
                    "planning_high_potential_value": 2000000,
                    "followup_missed_days": 3,
                    "qualification_pass_mark": 70,
                    "complaint_general_manager_id": self.service_manager.id,
                }
            ],
        )
        self.assertEqual(
            self.env["ir.config_parameter"].get_param(
                "crm_customer_planning.recompute_batch_size"
            ),
            "500",
        )
        # The screen opens again with what was saved.
        again = Form(self.env["res.config.settings"].with_user(admin))
        self.assertEqual(again.planning_high_current_value, 500000)
        self.assertEqual(again.planning_recompute_batch_size, 500)
        # A salesperson cannot open it.
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.salesman).create({})
