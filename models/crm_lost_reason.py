# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""crm.lost.reason, extended: the screening step whose failure a reason records,
proposed when an opportunity is dropped from the screening. The dropping itself is in
crm_lead.py."""

from odoo import api, fields, models

from .planning_rules import QUALIFICATION_STEPS


class CrmLostReason(models.Model):
    _inherit = "crm.lost.reason"

    qualification_step = fields.Selection(
        QUALIFICATION_STEPS,
        help="The step whose failure this reason records: dropping an opportunity "
        "from the qualification wizard proposes it.",
    )

    @api.model
    def _get_for_qualification_step(self, step):
        return self.search([("qualification_step", "=", step)], limit=1)
