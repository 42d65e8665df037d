# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The four steps of DOMAIN §6, in the order they are taken.
QUALIFICATION_STEPS = [
    ("real", "Is it a real opportunity?"),
    ("compete", "Can we compete?"),
    ("win", "Can we win?"),
    ("worth", "Is it worth winning?"),
]
STEP_KEYS = [key for key, _label in QUALIFICATION_STEPS]
STEP_INDEX = {key: index for index, key in enumerate(STEP_KEYS)}
VERDICTS = [
    ("passed", "Passed"),
    ("open", "Open"),
    ("failed", "Failed"),
    ("skipped", "Not Required"),
]
RECOMMENDATIONS = [
    ("pursue", "Pursue"),
    ("review", "Review"),
    ("drop", "Drop"),
]
ANSWERS = [
    ("yes", "Yes"),
    ("no", "No"),
    ("unknown", "Unknown"),
]
# Tolerance of the pass-mark comparison (weights are floats).
EPSILON = 1e-6


def check_step(env, step):
    """Raise a clear error for a value that is not one of the four steps."""
    if step not in STEP_INDEX:
        raise ValidationError(
            env._(
                "“%(step)s” is not a qualification step. The steps are: %(steps)s.",
                step=step,
                steps=", ".join(STEP_KEYS),
            )
        )


def step_verdict(criteria, answers, pass_mark):
    """The verdict of one step from its answers, taken alone.

    ``criteria`` are ``(criterion_id, weight, blocking)`` of the step,
    ``answers`` map a criterion id to ``yes``/``no``/``unknown`` (a criterion
    without an answer counts as unknown), ``pass_mark`` is a percentage.

    - **failed** when a blocking criterion is answered No, or when the weighted
      share of Yes could no longer reach the pass mark even if every unknown
      turned into Yes;
    - **passed** when every blocking criterion is answered Yes and the weighted
      share of Yes reaches the pass mark;
    - **open** otherwise: unknowns remain that decide the step.

    A step without any criterion has nothing to check and passes.
    """
    total = sum(weight for _cid, weight, _blocking in criteria)
    if not criteria or total <= 0:
        return "passed"
    yes = unknown = 0.0
    blocking_all_yes = True
    for criterion_id, weight, blocking in criteria:
        answer = answers.get(criterion_id) or "unknown"
        if answer == "yes":
            yes += weight
        elif answer == "no":
            if blocking:
                return "failed"
        else:
            unknown += weight
        if blocking and answer != "yes":
            blocking_all_yes = False
    if 100.0 * (yes + unknown) < pass_mark * total - EPSILON:
        return "failed"
    if blocking_all_yes and 100.0 * yes >= pass_mark * total - EPSILON:
        return "passed"
    return "open"


def evaluate_steps(criteria_by_step, answers, required_steps, pass_mark):
    """Verdicts of the four steps, the furthest step passed and the
    recommendation of one opportunity.

    Steps are taken in order: a required step cannot pass while an earlier
    required one has not (its verdict stays open); steps outside
    ``required_steps`` are "skipped" (not required at this depth).
    The recommendation is *drop* when a required step failed, *pursue* when
    every required step passed, *review* otherwise.

    :return: ``({step: verdict}, furthest_step_or_False, recommendation)``
    """
    verdicts = {}
    earlier_passed = True
    furthest = False
    for step in STEP_KEYS:
        if step not in required_steps:
            verdicts[step] = "skipped"
            continue
        verdict = step_verdict(criteria_by_step.get(step, []), answers, pass_mark)
        if verdict == "passed" and not earlier_passed:
            verdict = "open"
        if verdict == "passed":
            furthest = step
        else:
            earlier_passed = False
        verdicts[step] = verdict
    required = [verdicts[step] for step in STEP_KEYS if step in required_steps]
    if "failed" in required:
        recommendation = "drop"
    elif all(verdict == "passed" for verdict in required):
        recommendation = "pursue"
    else:
        recommendation = "review"
    return verdicts, furthest, recommendation


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
