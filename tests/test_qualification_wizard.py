# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import OpportunityScreeningCase


@tagged("post_install", "-at_install")
class TestQualificationWizard(OpportunityScreeningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls._create_opportunity("Airport lighting")

    def _wizard(self, lead=None, user=None):
        lead = (lead or self.lead).with_user(user or self.salesman)
        action = lead.action_qualification_start()
        return Form(
            self.env[action["res_model"]]
            .with_user(user or self.salesman)
            .with_context(**action["context"])
        )

    def _set(self, form, **answers):
        """Answer the lines of the wizard's current step by criterion key."""
        names = {
            self.criteria[form.step][key].name: answer
            for key, answer in answers.items()
        }
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                if line.criterion_id.name in names:
                    line.answer = names[line.criterion_id.name]
                    line.note = "checked"

    def test_walks_the_steps_in_order(self):
        form = self._wizard()
        self.assertEqual(form.step, "real")
        self.assertEqual(len(form.line_ids), 3)
        self.assertEqual(form.preview_verdict, "open")
        self._set(form, must="yes", nice="yes")
        self.assertEqual(form.preview_verdict, "passed")
        self.assertEqual(form.preview_score, 75.0)
        wizard = form.save()
        action = wizard.action_next()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.step, "compete")
        self.assertEqual(
            wizard.line_ids.criterion_id,
            self.env["crm.qualification.criterion"].union(
                *self.criteria["compete"].values()
            ),
        )
        self.assertEqual(self.lead.qualification_step, "real")
        self.assertEqual(self.lead.qualification_ids.answered_by_id, self.salesman)

    def test_open_step_keeps_the_wizard_on_it(self):
        form = self._wizard()
        self._set(form, must="yes")  # 50%: not enough yet, nothing decided
        wizard = form.save()
        wizard.action_next()
        self.assertEqual(wizard.step, "real", "an open step is not passed")
        self.assertEqual(self.lead.qualification_real_verdict, "open")
        # The answers are kept all the same.
        self.assertEqual(len(self.lead.qualification_ids), 3)
        # The next run starts where the salesperson stopped, answers filled in.
        form = self._wizard()
        self.assertEqual(form.step, "real")
        wizard = form.save()
        answers = {line.criterion_id.name: line.answer for line in wizard.line_ids}
        self.assertEqual(
            answers,
            {"real must": "yes", "real nice": "unknown", "real extra": "unknown"},
        )

    def test_cannot_jump_ahead(self):
        with self.assertRaises(UserError) as error:
            self.env["crm.lead.qualify"].with_user(self.salesman).create(
                {"lead_id": self.lead.id, "step": "win"}
            )
        self.assertIn("Is it a real opportunity?", str(error.exception))
        # Changing the step by hand (over RPC) does not get around the order.
        wizard = self._wizard().save()
        wizard.step = "worth"
        with self.assertRaises(UserError):
            wizard.action_next()
        self.assertFalse(
            self.lead.qualification_ids.filtered(lambda q: q.step == "worth"),
            "no answer saved for a step out of order",
        )
        with self.assertRaises(ValidationError):
            self.env["crm.lead.qualify"].create({"lead_id": self.lead.id, "step": "x"})

    def test_back_and_finish(self):
        self._pass_steps(self.lead, "real", "compete", "win")
        form = self._wizard()
        self.assertEqual(form.step, "worth")
        wizard = form.save()
        wizard.action_previous()
        self.assertEqual(wizard.step, "win")
        wizard.action_next()
        self.assertEqual(wizard.step, "worth")
        for line in wizard.line_ids:
            line.answer = "yes"
        action = wizard.action_next()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self.lead.qualification_recommendation, "pursue")

    def test_failed_step_drops_with_its_lost_reason(self):
        self._pass_steps(self.lead, "real")
        form = self._wizard()
        self.assertEqual(form.step, "compete")
        self._set(form, must="no")
        self.assertEqual(form.preview_verdict, "failed")
        wizard = form.save()
        wizard.action_next()
        self.assertEqual(wizard.step, "compete")
        self.assertEqual(self.lead.qualification_recommendation, "drop")
        action = wizard.action_drop()
        self.assertEqual(action["res_model"], "crm.lead.lost")
        reason = self.env.ref("crm_customer_planning.lost_reason_cannot_compete")
        self.assertEqual(action["context"]["default_lost_reason_id"], reason.id)
        lost = (
            self.env["crm.lead.lost"]
            .with_user(self.salesman)
            .with_context(**action["context"])
            .create({})
        )
        lost.action_lost_reason_apply()
        self.assertFalse(self.lead.active)
        self.assertEqual(self.lead.lost_reason_id, reason)
        self.assertEqual(self.lead.probability, 0)

    def test_one_lost_reason_per_step(self):
        Reason = self.env["crm.lost.reason"]
        for step in self.STEPS:
            with self.subTest(step=step):
                self.assertEqual(
                    len(Reason.search([("qualification_step", "=", step)])), 1
                )
