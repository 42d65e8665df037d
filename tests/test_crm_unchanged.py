# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's own crm behaviour — stages, won/lost, lost reasons, probability — is
unchanged by the screening: crm's own tests run again with this addon
installed, and a walk through the pipeline checks the same with answers and
ungated stages."""

from odoo.tests import tagged

from odoo.addons.crm.tests import test_crm_lead, test_crm_lead_lost, test_crm_pls

from .common import OpportunityScreeningCase


@tagged("post_install", "-at_install")
class TestCrmLeadStillPasses(test_crm_lead.TestCRMLead):
    """crm's lead tests: stages, date_closed, won, partner sync..."""

    # Odoo's runner collects only the methods a class defines itself.
    allow_inherited_tests_method = True


@tagged("post_install", "-at_install")
class TestCrmLostStillPasses(test_crm_lead_lost.TestLeadConvert):
    """crm's lost tests: lost reasons, feedback, rights."""

    # Odoo's runner collects only the methods a class defines itself.
    allow_inherited_tests_method = True


@tagged("post_install", "-at_install")
class TestCrmProbabilityStillPasses(test_crm_pls.TestCRMPLS):
    """crm's predictive lead scoring: automated probability, unchanged once
    the screen's forecast caps are off (with them on, the caps are the only
    change: test_qualification_forecast.py)."""

    # Odoo's runner collects only the methods a class defines itself.
    allow_inherited_tests_method = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.company_id.qualification_forecast_caps = False


@tagged("post_install", "-at_install")
class TestCrmPipelineUnchanged(OpportunityScreeningCase):
    def test_pipeline_walk_with_screening(self):
        lead = self._create_opportunity("Water plant")
        automated = lead.automated_probability
        self.assertEqual(lead.probability, automated)
        self._answer(lead, "real", must="no")  # the screening says drop...
        self.assertEqual(lead.qualification_recommendation, "drop")
        # ...and the forecast leaves it, but crm's stages stay free.
        self.assertEqual(lead.probability, 0.0)
        self.assertTrue(lead.active)
        for stage in (self.stage_qualified, self.stage_proposition, self.stage_new):
            lead.with_user(self.salesman).write({"stage_id": stage.id})
            self.assertEqual(lead.stage_id, stage)
        self.assertFalse(lead.date_closed)
        lead.with_user(self.salesman).action_set_won()
        self.assertEqual(lead.stage_id, self.stage_won)
        self.assertEqual(lead.probability, 100)
        self.assertTrue(lead.date_closed)

    def test_lost_and_restored(self):
        lead = self._create_opportunity("Sewage plant")
        self._pass_steps(lead, "real", "compete", "win", "worth")
        reason = self.env.ref("crm.lost_reason_1")
        lead.with_user(self.salesman).action_set_lost(lost_reason_id=reason.id)
        self.assertFalse(lead.active)
        self.assertEqual(lead.probability, 0)
        self.assertEqual(lead.lost_reason_id, reason)
        self.assertEqual(lead.qualification_recommendation, "pursue")
        lead.with_user(self.salesman).toggle_active()
        self.assertTrue(lead.active)
        self.assertFalse(lead.lost_reason_id)
        self.assertEqual(lead.probability, lead.automated_probability)
