# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""crm.stage, extended: the screening step an opportunity must have passed to enter the
stage. The gate is checked, and overridden, on the opportunity (crm_lead.py)."""

from odoo import api, fields, models

from .planning_rules import QUALIFICATION_STEPS, check_step


class CrmStage(models.Model):
    _inherit = "crm.stage"

    required_qualification_step = fields.Selection(
        QUALIFICATION_STEPS,
        help="An opportunity enters this stage only once it has passed this step "
        "(and every earlier step its depth requires). A Customer Planning manager "
        "may override the gate with a reason.",
    )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("required_qualification_step"):
                check_step(self.env, vals["required_qualification_step"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("required_qualification_step"):
            check_step(self.env, vals["required_qualification_step"])
        return super().write(vals)
