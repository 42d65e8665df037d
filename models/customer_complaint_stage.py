# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The stages of a complaint (customer.complaint.stage), each bound to one fixed state;
a stage in use cannot be deleted. How a complaint moves through them is in
customer_complaint.py."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .planning_rules import COMPLAINT_STATES, UNRESOLVED_STATES


class CustomerComplaintStage(models.Model):
    _name = "customer.complaint.stage"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        COMPLAINT_STATES,
        "Status",
        required=True,
        default="in_progress",
        help="What the stage means to the rules: deadlines run until Resolved, "
        "resolving schedules the return visit, Closed needs the return visit.",
    )
    is_waiting = fields.Boolean(
        "Waiting for the Customer",
        help="We wait for the customer's answer: while a complaint is in this "
        "stage its time limits pause, and they move later by the time spent here.",
    )
    fold = fields.Boolean(
        "Folded in Kanban", help="Shown folded in the kanban view when empty."
    )
    description = fields.Text(
        translate=True, help="What must be done in this stage; shown as a tooltip."
    )

    @api.constrains("is_waiting", "state")
    def _check_waiting(self):
        for stage in self:
            if stage.is_waiting and stage.state not in UNRESOLVED_STATES:
                raise ValidationError(
                    self.env._(
                        "%(stage)s cannot wait for the customer: only a stage of a "
                        "complaint not resolved yet can pause its time limits.",
                        stage=stage.name,
                    )
                )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if (
            self.env["customer.complaint"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("stage_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "Complaints are in this stage: move them or archive the stage."
                )
            )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_stage_for_state(self, state):
        """The first active stage of a status, for buttons and intake."""
        return self.search([("state", "=", state)], limit=1)
