# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The guided screening dialog of an opportunity (crm.lead.qualify), one step at a time.
Answers are saved, and opportunities dropped, by crm.lead (models/crm_lead.py); the
verdict rule is ``planning_rules.step_verdict``."""

from odoo import Command, api, fields, models

from ..models.planning_rules import (
    ANSWERS,
    QUALIFICATION_STEPS,
    STEP_INDEX,
    VERDICTS,
    check_step,
    step_verdict,
)


class CrmLeadQualify(models.TransientModel):
    """The guided screening: one step at a time, in order. The rules live on
    crm.lead (``_qualification_set_answers``, ``_qualification_check_step_order``);
    this only walks the salesperson through them."""

    _name = "crm.lead.qualify"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Screen an Opportunity"

    lead_id = fields.Many2one(
        "crm.lead", "Opportunity", required=True, ondelete="cascade"
    )
    step = fields.Selection(QUALIFICATION_STEPS, required=True)
    line_ids = fields.One2many(
        "crm.lead.qualify.line",
        "wizard_id",
        "Questions",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    preview_verdict = fields.Selection(
        VERDICTS, "Verdict", compute="_compute_preview", help="From the answers above."
    )
    preview_score = fields.Float("Weighted Yes (%)", compute="_compute_preview")
    pass_mark = fields.Float(compute="_compute_preview")
    depth = fields.Selection(related="lead_id.qualification_depth")
    recommendation = fields.Selection(related="lead_id.qualification_recommendation")
    has_previous_step = fields.Boolean(compute="_compute_navigation")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        context = self.env.context
        if not res.get("lead_id") and context.get("active_model") == "crm.lead":
            res["lead_id"] = context.get("active_id")
        if "step" in fields_list and not res.get("step") and res.get("lead_id"):
            res["step"] = self._get_start_step(
                self.env["crm.lead"].browse(res["lead_id"])
            )
        return res

    @api.depends("lead_id", "step")
    def _compute_line_ids(self):
        Criterion = self.env["crm.qualification.criterion"]
        for wizard in self:
            commands = [Command.clear()]
            if wizard.lead_id and wizard.step:
                lead = wizard.lead_id
                lines = {line.criterion_id: line for line in lead.qualification_ids}
                for criterion in Criterion._get_step_criteria(
                    lead.company_id or self.env.company, wizard.step
                ):
                    line = lines.get(criterion)
                    commands.append(
                        Command.create(
                            {
                                "criterion_id": criterion.id,
                                "answer": line.answer if line else "unknown",
                                "note": line.note if line else False,
                            }
                        )
                    )
            wizard.line_ids = commands

    @api.depends("line_ids.answer", "lead_id")
    def _compute_preview(self):
        for wizard in self:
            company = wizard.lead_id.company_id or self.env.company
            rows = [
                (line.criterion_id.id, line.weight, line.blocking)
                for line in wizard.line_ids
            ]
            answers = {line.criterion_id.id: line.answer for line in wizard.line_ids}
            total = sum(row[1] for row in rows)
            yes = sum(row[1] for row in rows if answers[row[0]] == "yes")
            wizard.pass_mark = company.qualification_pass_mark
            wizard.preview_score = 100.0 * yes / total if total else 100.0
            wizard.preview_verdict = step_verdict(rows, answers, wizard.pass_mark)

    @api.depends("lead_id", "step")
    def _compute_navigation(self):
        for wizard in self:
            wizard.has_previous_step = bool(wizard._get_previous_step())

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("step"):
                check_step(self.env, vals["step"])
            elif vals.get("lead_id"):
                vals["step"] = self._get_start_step(
                    self.env["crm.lead"].browse(vals["lead_id"])
                )
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard.lead_id._qualification_check_step_order(wizard.step)
        return wizards

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_next(self):
        """Save the step; go on to the next required step once it is passed."""
        self.ensure_one()
        self._save_answers()
        lead = self.lead_id
        if lead[f"qualification_{self.step}_verdict"] != "passed":
            return self._reopen()
        next_step = lead.qualification_next_step
        if not next_step:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "success",
                    "message": self.env._(
                        "“%(lead)s” passed every required step: pursue it.",
                        lead=lead.name,
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        self.step = next_step
        return self._reopen()

    def action_previous(self):
        self.ensure_one()
        self._save_answers()
        previous = self._get_previous_step()
        if previous:
            self.step = previous
        return self._reopen()

    def action_save(self):
        self.ensure_one()
        self._save_answers()
        return {"type": "ir.actions.act_window_close"}

    def action_drop(self):
        """The step failed: mark the opportunity lost with the step's reason."""
        self.ensure_one()
        self._save_answers()
        return self.lead_id._qualification_drop_action(self.step)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _save_answers(self):
        self.lead_id._qualification_set_answers(
            self.step,
            {line.criterion_id.id: (line.answer, line.note) for line in self.line_ids},
        )

    @api.model
    def _get_start_step(self, lead):
        """The first required step not passed yet; the first required step
        when all are passed (to review the answers)."""
        return (
            lead.qualification_next_step or lead._get_qualification_required_steps()[0]
        )

    def _get_previous_step(self):
        self.ensure_one()
        if not self.lead_id or not self.step:
            return False
        required = self.lead_id._get_qualification_required_steps()
        earlier = [s for s in required if STEP_INDEX[s] < STEP_INDEX[self.step]]
        return earlier[-1] if earlier else False

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Screen Opportunity"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class CrmLeadQualifyLine(models.TransientModel):
    _name = "crm.lead.qualify.line"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Screening Question"

    wizard_id = fields.Many2one("crm.lead.qualify", required=True, ondelete="cascade")
    criterion_id = fields.Many2one(
        "crm.qualification.criterion", "Question", required=True, readonly=True
    )
    guidance = fields.Text(related="criterion_id.guidance")
    weight = fields.Float(related="criterion_id.weight")
    blocking = fields.Boolean(related="criterion_id.blocking")
    answer = fields.Selection(ANSWERS, required=True, default="unknown")
    note = fields.Text("Evidence")
