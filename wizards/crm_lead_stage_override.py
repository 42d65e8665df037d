# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Move opportunities past a stage gate, with a reason (crm.lead.stage.override). The
gate and the override are crm.lead's (models/crm_lead.py)."""

from odoo import api, fields, models


class CrmLeadStageOverride(models.TransientModel):
    _name = "crm.lead.stage.override"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Override a Stage Gate"

    lead_ids = fields.Many2many("crm.lead", string="Opportunities", required=True)
    stage_id = fields.Many2one("crm.stage", required=True)
    required_step = fields.Selection(related="stage_id.required_qualification_step")
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        context = self.env.context
        if (
            "lead_ids" in fields_list
            and not res.get("lead_ids")
            and context.get("active_model") == "crm.lead"
            and context.get("active_ids")
        ):
            res["lead_ids"] = [fields.Command.set(context["active_ids"])]
        return res

    def action_apply(self):
        self.ensure_one()
        self.lead_ids._qualification_override_stage(self.stage_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
