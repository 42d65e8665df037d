# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One answer of an opportunity to a screening criterion (crm.lead.qualification, DOMAIN
§6), with who gave it and when. The questions are in crm_qualification_criterion.py; the
verdicts computed from the answers are on the opportunity (crm_lead.py)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .planning_rules import ANSWERS


class CrmLeadQualification(models.Model):
    _name = "crm.lead.qualification"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Opportunity Qualification Answer"
    _order = "lead_id, step_sequence, sequence, id"
    _rec_name = "criterion_id"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead",
        "Opportunity",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="lead_id.company_id", store=True, index="btree_not_null"
    )
    criterion_id = fields.Many2one(
        "crm.qualification.criterion",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    step = fields.Selection(related="criterion_id.step", store=True)
    step_sequence = fields.Integer(related="criterion_id.step_sequence", store=True)
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    guidance = fields.Text(related="criterion_id.guidance")
    weight = fields.Float(related="criterion_id.weight")
    blocking = fields.Boolean(related="criterion_id.blocking")
    answer = fields.Selection(ANSWERS, required=True, default="unknown")
    note = fields.Text(
        "Evidence",
        help="What the answer rests on: who said what, which document.",
    )
    answered_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    answered_on = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        (
            "criterion_unique",
            "UNIQUE(lead_id, criterion_id)",
            "An opportunity answers each qualification criterion once.",
        ),
    ]

    @api.constrains("lead_id", "criterion_id")
    def _check_criterion_company(self):
        for line in self:
            criterion_company = line.criterion_id.company_id
            if criterion_company and criterion_company != line.lead_id.company_id:
                raise ValidationError(
                    self.env._(
                        "Criterion “%(criterion)s” belongs to %(company)s: it cannot "
                        "judge opportunity “%(lead)s” of %(lead_company)s.",
                        criterion=line.criterion_id.name,
                        company=criterion_company.name,
                        lead=line.lead_id.name,
                        lead_company=line.lead_id.company_id.name
                        or self.env._("no company"),
                    )
                )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("answer", "unknown") != "unknown" or vals.get("note"):
                vals.setdefault("answered_by_id", self.env.uid)
                vals.setdefault("answered_on", now)
        return super().create(vals_list)

    def write(self, vals):
        if {"answer", "note"} & vals.keys():
            vals = dict(
                vals, answered_by_id=self.env.uid, answered_on=fields.Datetime.now()
            )
        return super().write(vals)
