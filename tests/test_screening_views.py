# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import Form, tagged

from .common import OpportunityScreeningCase


@tagged("post_install", "-at_install")
class TestScreeningViews(OpportunityScreeningCase):
    """The screens a salesperson uses show the screening: tabs on the
    opportunity, the step badge on the pipeline, filters by step and verdict,
    open action items on the customer."""

    def _arch(self, model, view_type, view_ref=None, user=None):
        Model = self.env[model].with_user(user or self.salesman)
        views = Model.get_views([(view_ref and self.env.ref(view_ref).id, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_opportunity_form_tabs(self):
        arch = self._arch("crm.lead", "form", "crm.crm_lead_view_form")
        pages = {page.get("name") for page in arch.iter("page")}
        self.assertTrue(
            {"qualification", "buying_organisation", "competitors", "action_plan"}
            <= pages
        )
        # A salesperson opens the form of one of their opportunities.
        lead = self._create_opportunity("Form check")
        self._answer(lead, "real", must="yes", nice="yes")
        with Form(lead.with_user(self.salesman)) as form:
            self.assertEqual(form.qualification_step, "real")
            self.assertEqual(form.qualification_real_verdict, "passed")
            self.assertTrue(form.buying_role_warning)

    def test_pipeline_badge_and_filters(self):
        kanban = self._arch("crm.lead", "kanban", "crm.crm_case_kanban_view_leads")
        badge = kanban.xpath("//field[@name='qualification_step']")
        self.assertTrue(badge)
        self.assertEqual(badge[0].get("widget"), "badge")
        search = self._arch(
            "crm.lead", "search", "crm.view_crm_case_opportunities_filter"
        )
        filters = {node.get("name") for node in search.iter("filter")}
        self.assertTrue(
            {
                "qualification_pursue",
                "qualification_drop",
                "qualification_real_passed",
                "group_qualification_step",
                "group_qualification_recommendation",
                "group_qualification_real",
            }
            <= filters
        )
        listing = self._arch("crm.lead", "list", "crm.crm_case_tree_view_oppor")
        self.assertTrue(listing.xpath("//field[@name='qualification_step']"))

    def test_the_questions_keep_their_width(self):
        """The guided screening shows the whole question, not 'Is there a…'."""
        arch = self._arch("crm.lead.qualify", "form")
        [question] = arch.xpath(
            "//field[@name='line_ids']//field[@name='criterion_id']"
        )
        self.assertEqual(question.get("width"), "320px")

    def test_share_of_wallet_is_shown_as_stored(self):
        """Stored in percent (20.0 is 20%): a plain number, no percentage widget
        (it multiplied by 100, and 'percentage_like' does not exist)."""
        arch = self._arch("res.partner", "form", "base.view_partner_form")
        [share] = arch.xpath("//field[@name='share_of_wallet']")
        self.assertIsNone(share.get("widget"))
        self.assertEqual(share.get("string"), "Share of Wallet (%)")

    def test_customer_form_lists_open_action_items(self):
        arch = self._arch("res.partner", "form", "base.view_partner_form")
        page = arch.xpath("//page[@name='customer_planning']")[0]
        self.assertTrue(page.xpath(".//field[@name='open_action_item_ids']"))
        self.assertTrue(arch.xpath("//field[@name='attitude']"))
