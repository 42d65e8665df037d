# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import OpportunityScreeningCase


class StageGateCase(OpportunityScreeningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_proposition.required_qualification_step = "compete"
        cls.stage_won.required_qualification_step = "worth"
        cls.lead = cls._create_opportunity("Metro signalling")


@tagged("post_install", "-at_install")
class TestStageGate(StageGateCase):
    def test_salesperson_is_refused_naming_the_step(self):
        self._pass_steps(self.lead, "real")
        lead = self.lead.with_user(self.salesman)
        lead.write({"stage_id": self.stage_qualified.id})  # no gate there
        with self.assertRaises(UserError) as error:
            lead.write({"stage_id": self.stage_proposition.id})
        self.assertIn("Can we compete?", str(error.exception))
        self.assertIn("Metro signalling", str(error.exception))
        self.assertEqual(self.lead.stage_id, self.stage_qualified)
        # Once the step is passed, the move goes through.
        self._pass_steps(self.lead, "compete")
        lead.write({"stage_id": self.stage_proposition.id})
        self.assertEqual(self.lead.stage_id, self.stage_proposition)

    def test_answers_saved_with_the_move_count(self):
        """The form saves answers and the new stage in one write."""
        self._pass_steps(self.lead, "real")
        self.lead.with_user(self.salesman).write(
            {
                "stage_id": self.stage_proposition.id,
                "qualification_ids": [
                    (0, 0, {"criterion_id": criterion.id, "answer": "yes"})
                    for criterion in self.criteria["compete"].values()
                ],
            }
        )
        self.assertEqual(self.lead.stage_id, self.stage_proposition)

    def test_won_stage_gate_and_creation_in_a_gated_stage(self):
        self._pass_steps(self.lead, "real", "compete", "win")
        with self.assertRaises(UserError):
            self.lead.with_user(self.salesman).action_set_won()
        self.assertEqual(self.lead.probability < 100, True)
        self._pass_steps(self.lead, "worth")
        self.lead.with_user(self.salesman).action_set_won()
        self.assertEqual(self.lead.stage_id, self.stage_won)
        self.assertEqual(self.lead.probability, 100)
        Lead = self.env["crm.lead"].with_user(self.salesman)
        with self.assertRaises(UserError):
            Lead.create(
                {
                    "name": "Straight to proposal",
                    "type": "opportunity",
                    "stage_id": self.stage_proposition.id,
                    "user_id": self.salesman.id,
                }
            )
        # Kanban quick create in the gated column.
        with self.assertRaises(UserError):
            Lead.with_context(default_stage_id=self.stage_proposition.id).create(
                {"name": "Quick", "type": "opportunity", "user_id": self.salesman.id}
            )
        self.assertFalse(
            self.env["crm.lead"].search(
                [("name", "in", ("Quick", "Straight to proposal"))]
            )
        )

    def test_manager_is_offered_the_override(self):
        with self.assertRaises(RedirectWarning) as error:
            self.lead.with_user(self.sales_manager).write(
                {"stage_id": self.stage_proposition.id}
            )
        message, action, _button, context = error.exception.args
        self.assertIn("Can we compete?", message)
        self.assertEqual(action, "crm_customer_planning.crm_lead_stage_override_action")
        self.assertEqual(context["default_stage_id"], self.stage_proposition.id)
        self.assertEqual(self.lead.stage_id, self.stage_new)

    def test_manager_overrides_with_a_reason_in_the_chatter(self):
        wizard = (
            self.env["crm.lead.stage.override"]
            .with_user(self.sales_manager)
            .with_context(active_model="crm.lead", active_ids=self.lead.ids)
            .create(
                {
                    "stage_id": self.stage_proposition.id,
                    "reason": "The minister asked for our offer",
                }
            )
        )
        self.assertEqual(wizard.lead_ids, self.lead)
        wizard.action_apply()
        self.assertEqual(self.lead.stage_id, self.stage_proposition)
        note = self.lead.message_ids.filtered(
            lambda m: "The minister asked for our offer" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn("Can we compete?", note.body)
        self.assertEqual(note.author_id, self.sales_manager.partner_id)

    def test_override_needs_a_manager_and_a_reason(self):
        with self.assertRaises(AccessError):
            self.lead.with_user(self.salesman)._qualification_override_stage(
                self.stage_proposition, "I am sure"
            )
        for reason in ("", "  "):
            with self.subTest(reason=reason), self.assertRaises(UserError):
                self.lead.with_user(self.sales_manager)._qualification_override_stage(
                    self.stage_proposition, reason
                )
        self.assertEqual(self.lead.stage_id, self.stage_new)

    def test_context_cannot_forge_the_override(self):
        for value in (True, 1, "override"):
            with self.subTest(value=value), self.assertRaises(UserError):
                self.lead.with_user(self.salesman).with_context(
                    crm_customer_planning_gate_override=value, install_mode=True
                ).write({"stage_id": self.stage_proposition.id})
        self.assertEqual(self.lead.stage_id, self.stage_new)

    def test_stage_without_gate_and_probability_untouched(self):
        # Below the screen's forecast cap (10% until it is real): the gate
        # itself never moves the probability.
        self.lead.probability = 8.0
        self.lead.with_user(self.salesman).write({"stage_id": self.stage_qualified.id})
        self.assertEqual(self.lead.probability, 8.0)
        self._pass_steps(self.lead, "real", "compete")
        self.lead.with_user(self.salesman).write(
            {"stage_id": self.stage_proposition.id}
        )
        self.assertEqual(self.lead.probability, 8.0)


@tagged("post_install", "-at_install")
class TestStageGateRpc(StageGateCase, HttpCase):
    """The refusal holds over RPC: a plain ``write`` and the web client's
    ``web_save`` (used by kanban drag-and-drop)."""

    def _call(self, method, args, kwargs=None):
        """A JSON-RPC call as the web client makes it: the decoded response."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": "crm.lead",
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
        response = self.url_open(
            f"/web/dataset/call_kw/crm.lead/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_rpc_write_is_refused(self):
        self.authenticate(self.salesman.login, self.salesman.login)
        for method, kwargs in (
            ("write", {}),
            ("web_save", {"specification": {"stage_id": {}}}),
        ):
            with self.subTest(method=method), mute_logger("odoo.http"):
                result = self._call(
                    method,
                    [self.lead.ids, {"stage_id": self.stage_proposition.id}],
                    kwargs,
                )
            self.assertNotIn("result", result)
            self.assertEqual(
                result["error"]["data"]["name"], "odoo.exceptions.UserError"
            )
            self.assertIn("Can we compete?", result["error"]["data"]["message"])
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.stage_id, self.stage_new)
        # Once passed, the same call goes through.
        self._pass_steps(self.lead, "real", "compete")
        self.env.flush_all()
        result = self._call(
            "write", [self.lead.ids, {"stage_id": self.stage_proposition.id}]
        )
        self.assertIs(result.get("result"), True, result.get("error"))
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.stage_id, self.stage_proposition)
