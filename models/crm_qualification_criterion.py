# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The screening questions of the four steps (crm.qualification.criterion, DOMAIN §6),
shared or per company, and the table of them the verdicts read. The answers are in
crm_lead_qualification.py; the verdict rule is ``planning_rules.evaluate_steps``."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .planning_rules import QUALIFICATION_STEPS, STEP_INDEX, STEP_KEYS, check_step


class CrmQualificationCriterion(models.Model):
    _name = "crm.qualification.criterion"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Opportunity Qualification Criterion"
    _order = "step_sequence, sequence, id"

    name = fields.Char("Question", required=True, translate=True)
    step = fields.Selection(QUALIFICATION_STEPS, required=True, index=True)
    step_sequence = fields.Integer(compute="_compute_step_sequence", store=True)
    sequence = fields.Integer(default=10)
    guidance = fields.Text(
        translate=True, help="What to find out and where, before answering."
    )
    weight = fields.Float(
        default=1.0,
        digits=(16, 2),
        help="Share of this criterion in the step's score.",
    )
    blocking = fields.Boolean(
        "A No Blocks the Step",
        help="Answered No, this criterion fails the step whatever the other answers.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to ask this question in every company.",
    )

    @api.depends("step")
    def _compute_step_sequence(self):
        for criterion in self:
            criterion.step_sequence = STEP_INDEX.get(criterion.step, 0)

    @api.constrains("weight")
    def _check_weight(self):
        for criterion in self:
            if criterion.weight <= 0:
                raise ValidationError(
                    self.env._(
                        "The weight of criterion “%(criterion)s” must be positive.",
                        criterion=criterion.name,
                    )
                )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "step" in vals:
                check_step(self.env, vals["step"])
        criteria = super().create(vals_list)
        criteria._qualification_invalidate_leads(criteria._qualification_scope())
        return criteria

    def write(self, vals):
        if "step" in vals:
            check_step(self.env, vals["step"])
        scope_before = self._qualification_scope()
        res = super().write(vals)
        if {"step", "weight", "blocking", "active", "company_id"} & vals.keys():
            self._qualification_invalidate_leads(
                scope_before, self._qualification_scope()
            )
        return res

    def unlink(self):
        scope = self._qualification_scope()
        res = super().unlink()
        self._qualification_invalidate_leads(scope)
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _qualification_scope(self):
        """The companies whose opportunities these criteria judge: ``None``
        for every company (a shared criterion is among them)."""
        if not all(criterion.company_id for criterion in self):
            return None
        return self.company_id

    @api.model
    def _qualification_invalidate_leads(self, *scopes):
        """Criteria changed: the verdicts of the open opportunities in
        ``scopes`` (see ``_qualification_scope``) are computed again."""
        if any(scope is None for scope in scopes):
            self.env["crm.lead"]._qualification_invalidate()
            return
        companies = self.env["res.company"].union(*scopes)
        if companies:
            self.env["crm.lead"]._qualification_invalidate(companies)

    @api.model
    def _get_qualification_table(self, companies):
        """Active criteria as plain tuples for the given companies (plus the
        shared ones): ``{company_id: {step: [(id, weight, blocking)]}}``;
        key ``False`` holds the shared criteria only. One query."""
        criteria = (
            self.sudo()
            .with_context(active_test=True)
            .search([("company_id", "in", companies.ids + [False])])
        )
        shared = defaultdict(list)
        own = defaultdict(lambda: defaultdict(list))
        for criterion in criteria:
            row = (criterion.id, criterion.weight, criterion.blocking)
            if criterion.company_id:
                own[criterion.company_id.id][criterion.step].append(row)
            else:
                shared[criterion.step].append(row)
        table = {False: dict(shared)}
        for company in companies:
            table[company.id] = {
                step: shared.get(step, []) + own[company.id].get(step, [])
                for step in STEP_KEYS
            }
        return table

    @api.model
    def _get_step_criteria(self, company, step):
        """The criteria asked at ``step`` for an opportunity of ``company``."""
        check_step(self.env, step)
        return self.search(
            [("step", "=", step), ("company_id", "in", company.ids + [False])]
        )
