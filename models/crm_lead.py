# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""crm.lead, extended: the screening's verdicts and step reached (DOMAIN §6), the stage
gates and their override, the buying roles left uncovered (§4). The verdict rule is in
planning_rules; the criteria, the answers and the guided dialog are in
crm_qualification_criterion.py, crm_lead_qualification.py and wizards/."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError

from .planning_rules import (
    QUALIFICATION_STEPS,
    RECOMMENDATIONS,
    STEP_INDEX,
    STEP_KEYS,
    VERDICTS,
    check_step,
    evaluate_steps,
    qualification_depth,
)

# Stored results of the screening, computed together from the answers.
QUALIFICATION_FIELDS = [
    "qualification_depth",
    *(f"qualification_{step}_verdict" for step in STEP_KEYS),
    "qualification_step",
    "qualification_recommendation",
]
# A manager's override moves an opportunity past a stage gate. The marker is a
# Python object: no context sent over RPC can carry it.
GATE_OVERRIDE_KEY = "crm_customer_planning_gate_override"
_GATE_OVERRIDE = object()
PASSED = ("passed", "skipped")


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "customer.planning.input.mixin"]

    # Screening in four steps (DOMAIN §6)
    qualification_ids = fields.One2many(
        "crm.lead.qualification", "lead_id", "Qualification Answers"
    )
    qualification_depth = fields.Selection(
        [
            ("full", "All four steps"),
            ("light", "Lighter check"),
            ("none", "No screen (volume)"),
        ],
        compute="_compute_qualification",
        store=True,
        help="All four steps for Major and Named customers (and customers not yet "
        "classified) from the company's deal size on; the lighter check otherwise.",
    )
    qualification_real_verdict = fields.Selection(
        VERDICTS,
        "Is it a real opportunity?",
        compute="_compute_qualification",
        store=True,
    )
    qualification_compete_verdict = fields.Selection(
        VERDICTS, "Can we compete?", compute="_compute_qualification", store=True
    )
    qualification_win_verdict = fields.Selection(
        VERDICTS, "Can we win?", compute="_compute_qualification", store=True
    )
    qualification_worth_verdict = fields.Selection(
        VERDICTS, "Is it worth winning?", compute="_compute_qualification", store=True
    )
    qualification_step = fields.Selection(
        QUALIFICATION_STEPS,
        "Step Reached",
        compute="_compute_qualification",
        store=True,
        index=True,
        help="The furthest step passed, every earlier required step passed too.",
    )
    qualification_recommendation = fields.Selection(
        RECOMMENDATIONS,
        "Recommendation",
        compute="_compute_qualification",
        store=True,
        index=True,
        help="Pursue: every required step passed. Drop: a required step failed. "
        "Review: some steps are still open.",
    )
    qualification_screened_revenue = fields.Monetary(
        "Screened Revenue",
        currency_field="company_currency",
        compute="_compute_qualification_revenues",
        store=True,
        help="The expected revenue of opportunities that passed every required step.",
    )
    qualification_unscreened_revenue = fields.Monetary(
        "Unscreened Revenue",
        currency_field="company_currency",
        compute="_compute_qualification_revenues",
        store=True,
        help="The expected revenue of opportunities with required steps still open.",
    )
    qualification_next_step = fields.Selection(
        QUALIFICATION_STEPS,
        "Next Step",
        compute="_compute_qualification_next_step",
        help="The first required step not passed yet.",
    )

    # Buying organisation (DOMAIN §4)
    buying_contact_ids = fields.One2many(
        "crm.lead.contact", "lead_id", "Buying Organisation"
    )
    buying_role_warning = fields.Char(
        "Uncovered Roles", compute="_compute_buying_role_warning"
    )

    buying_cover_warning = fields.Char(
        "Uncovered Contacts", compute="_compute_buying_cover_warning"
    )

    # Competitors (DOMAIN §5)
    competitor_line_ids = fields.One2many(
        "crm.lead.competitor", "lead_id", "Competitors"
    )

    # Action plan (DOMAIN §8)
    action_item_ids = fields.One2many("customer.action.item", "lead_id", "Action Items")

    @api.depends(
        "qualification_ids.answer",
        "qualification_ids.criterion_id",
        "expected_revenue",
        "company_id",
        "company_id.qualification_pass_mark",
        "company_id.qualification_full_deal_size",
        "company_id.qualification_light_real",
        "company_id.qualification_light_compete",
        "company_id.qualification_light_win",
        "company_id.qualification_light_worth",
        "partner_id.commercial_partner_id.customer_tier_id.qualification_depth",
    )
    def _compute_qualification(self):
        """Verdicts, step reached and recommendation from the answers; see
        ``evaluate_steps`` for the rule. Opportunities of one company at one
        depth with the same answers share their outcome: it is worked out once
        and given to all of them together, so the re-screening of thousands of
        deals after tier changes costs a fixed number of queries, one
        evaluation per distinct case and one write per distinct outcome."""
        # Only the columns the rule reads, and the stored outcome (an outcome
        # that does not change is not written again), not every column of
        # crm_lead.
        self.fetch(
            ["company_id", "partner_id", "expected_revenue", *QUALIFICATION_FIELDS]
        )
        table = self.env["crm.qualification.criterion"]._get_qualification_table(
            self.company_id | self.env.company
        )
        depths = self._get_qualification_depths()
        cases = defaultdict(list)
        for lead in self:
            answers = sorted(
                (line.criterion_id.id, line.answer) for line in lead.qualification_ids
            )
            cases[(lead.company_id, depths[lead.id], tuple(answers))].append(lead.id)
        for (lead_company, depth, case_answers), lead_ids in cases.items():
            company = lead_company or self.env.company
            verdicts, furthest, recommendation = evaluate_steps(
                table[lead_company.id],
                dict(case_answers),
                self._get_steps_of_depth(depth, company),
                company.qualification_pass_mark,
            )
            leads = self.browse(lead_ids)
            leads.qualification_depth = depth
            for step, verdict in verdicts.items():
                leads[f"qualification_{step}_verdict"] = verdict
            leads.qualification_step = furthest
            leads.qualification_recommendation = recommendation

    @api.depends("expected_revenue", "qualification_recommendation")
    def _compute_qualification_revenues(self):
        for lead in self:
            recommendation = lead.qualification_recommendation
            lead.qualification_screened_revenue = (
                lead.expected_revenue if recommendation == "pursue" else 0.0
            )
            lead.qualification_unscreened_revenue = (
                lead.expected_revenue if recommendation == "review" else 0.0
            )

    @api.depends(
        lambda self: [
            "stage_id",
            "team_id",
            *self._pls_get_safe_fields(),
            "qualification_recommendation",
            *(f"qualification_{step}_verdict" for step in STEP_KEYS),
            *(f"company_id.qualification_cap_{step}" for step in STEP_KEYS),
            "company_id.qualification_forecast_caps",
        ]
    )
    def _compute_probabilities(self):
        """The screen drives the forecast (DOMAIN §6: 不见兔子不撒鹰): Odoo's
        predictive probability, and a probability typed by hand, are capped
        until the required steps pass; a deal the screen drops is at 0%."""
        res = super()._compute_probabilities()
        for lead in self:
            cap = lead._get_qualification_probability_cap()
            if cap is None:
                continue
            if lead.automated_probability > cap:
                lead.automated_probability = cap
            if lead.probability > cap:
                lead.probability = cap
        return res

    def _cap_typed_probability(self):
        """A probability typed by hand stays within the screen's cap too."""
        over_by_cap = {}
        for lead in self:
            cap = lead._get_qualification_probability_cap()
            if cap is not None and lead.probability > cap:
                over_by_cap[cap] = over_by_cap.get(cap, self.browse()) | lead
        for cap, over in over_by_cap.items():
            super(CrmLead, over).write({"probability": cap})
        return True

    def _get_qualification_probability_cap(self):
        """The most this open opportunity may be forecast at, or ``None``."""
        self.ensure_one()
        company = self.company_id or self.env.company
        if (
            not company.qualification_forecast_caps
            or not self.active
            or self.stage_id.is_won
            or self.type != "opportunity"
        ):
            return None
        if self.qualification_recommendation == "drop":
            return 0.0
        caps = [
            company[f"qualification_cap_{step}"]
            for step in STEP_KEYS
            if self[f"qualification_{step}_verdict"] in ("open", "failed")
        ]
        return min(caps) if caps else None

    @api.depends(*(f"qualification_{step}_verdict" for step in STEP_KEYS))
    def _compute_qualification_next_step(self):
        for lead in self:
            lead.qualification_next_step = next(
                (
                    step
                    for step in STEP_KEYS
                    if lead[f"qualification_{step}_verdict"] not in PASSED
                ),
                False,
            )

    @api.depends(
        "buying_contact_ids.counterpart_user_id",
        "buying_contact_ids.role_id.decides",
        "buying_contact_ids.attitude",
    )
    def _compute_buying_cover_warning(self):
        """组织结构：随客户而动 (DOMAIN §4): whoever decides, and whoever opposes
        us, needs somebody on our side."""
        for lead in self:
            names = [
                self.env._(
                    "%(contact)s (%(why)s)",
                    contact=contact.partner_id.name,
                    why=contact.role_id.name
                    if contact.role_id.decides
                    else self.env._("opposed"),
                )
                for contact in lead.buying_contact_ids
                if not contact.counterpart_user_id
                and (contact.role_id.decides or contact.attitude == "opposed")
            ]
            lead.buying_cover_warning = (
                self.env._(
                    "Nobody on our side covers: %(contacts)s.",
                    contacts=", ".join(names),
                )
                if names
                else False
            )

    @api.depends(
        "buying_contact_ids.role_id", "buying_contact_ids.attitude", "company_id"
    )
    def _compute_buying_role_warning(self):
        uncovered = self._get_uncovered_roles()
        for lead in self:
            lead.buying_role_warning = (
                self.env._(
                    "Uncovered roles: %(roles)s.",
                    roles="; ".join(
                        self.env._("%(role)s (nobody named)", role=role.name)
                        if reason == "nobody"
                        else self.env._("%(role)s (only opponents)", role=role.name)
                        for role, reason in uncovered[lead]
                    ),
                )
                if uncovered[lead]
                else False
            )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def init(self):
        res = super().init()
        # Won deals by customer and date, with their amount: the recompute's
        # trailing 12-month sums and the first won date of a delivered project
        # (return visit rules) read this index alone, whatever the number of
        # open and lost opportunities.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS crm_lead_planning_won_idx
                ON crm_lead (partner_id, date_closed) INCLUDE (expected_revenue)
             WHERE active AND probability = 100
            """
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        if any("probability" in vals for vals in vals_list):
            leads._cap_typed_probability()
        if self._qualification_gate_active():
            placed = self.browse(
                [
                    lead.id
                    for lead, vals in zip(leads, vals_list, strict=True)
                    if vals.get("stage_id") or self.env.context.get("default_stage_id")
                ]
            )
            for stage, stage_leads in placed.grouped("stage_id").items():
                stage_leads._qualification_check_stage_gate(stage)
        return leads

    def write(self, vals):
        gated_stage = moving = None
        if vals.get("stage_id") and self._qualification_gate_active():
            stage = self.env["crm.stage"].browse(vals["stage_id"])
            if stage.required_qualification_step:
                gated_stage = stage
                moving = self.filtered(lambda lead: lead.stage_id != stage)
        res = super().write(vals)
        if "probability" in vals:
            self._cap_typed_probability()
        if moving:
            # Checked on the state after the write: answers saved together
            # with the move count.
            moving._qualification_check_stage_gate(gated_stage)
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_record_customer_request(self):
        """A new customer request of the opportunity's customer, linked to the
        opportunity and owned by whoever records it."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                self.env._("Set the opportunity's customer before recording a request.")
            )
        return self.env["customer.complaint"]._get_record_request_action(
            self.partner_id, lead=self
        )

    def action_qualification_start(self):
        """The guided screening, at the first step not passed yet."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Screen Opportunity"),
            "res_model": "crm.lead.qualify",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    def action_qualification_load_criteria(self):
        """Add a line, unanswered, for every criterion the opportunity's depth
        asks, to answer them on the form."""
        table = self.env["crm.qualification.criterion"]._get_qualification_table(
            self.company_id | self.env.company
        )
        vals_list = []
        for lead in self:
            company = lead.company_id or self.env.company
            steps = self._get_steps_of_depth(lead.qualification_depth, company)
            answered = set(lead.qualification_ids.criterion_id.ids)
            vals_list += [
                {"lead_id": lead.id, "criterion_id": criterion_id}
                for step in steps
                for criterion_id, _weight, _blocking in table[lead.company_id.id].get(
                    step, []
                )
                if criterion_id not in answered
            ]
        self.env["crm.lead.qualification"].create(vals_list)
        return True

    def action_qualification_override_stage(self):
        self.ensure_one()
        self._check_qualification_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Stage Gate"),
            "res_model": "crm.lead.stage.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_ids": self.ids},
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_qualification_depths(self):
        """``{lead id: depth}`` by ``qualification_depth``, from the tier of
        each opportunity's customer, its expected revenue and its company's
        full-check size; the tiers are read once per customer."""
        partners = self.partner_id
        partners.fetch(["commercial_partner_id"])
        partners.commercial_partner_id.fetch(["customer_tier_id"])
        tier_depths = {}
        for partner in partners:
            tier = partner.commercial_partner_id.customer_tier_id
            tier_depths[partner.id] = tier.qualification_depth
        return {
            lead.id: qualification_depth(
                tier_depths.get(lead.partner_id.id),
                lead.expected_revenue,
                (lead.company_id or self.env.company).qualification_full_deal_size,
            )
            for lead in self
        }

    def _get_qualification_required_steps(self):
        self.ensure_one()
        return self._get_steps_of_depth(
            self.qualification_depth, self.company_id or self.env.company
        )

    @api.model
    def _get_steps_of_depth(self, depth, company):
        """The steps an opportunity of ``depth`` goes through, in order."""
        if depth == "full":
            return list(STEP_KEYS)
        if depth == "none":
            return []
        return company._get_qualification_light_steps()

    def _qualification_step_label(self, step):
        labels = dict(
            self._fields["qualification_step"]._description_selection(self.env)
        )
        return labels[step]

    def _qualification_step_reached(self, step):
        """Whether every required step up to ``step`` is passed."""
        self.ensure_one()
        check_step(self.env, step)
        return all(
            self[f"qualification_{earlier}_verdict"] in PASSED
            for earlier in STEP_KEYS[: STEP_INDEX[step] + 1]
        )

    def _qualification_check_step_order(self, step):
        """Steps are screened in order: refuse ``step`` while an earlier
        required one is not passed."""
        self.ensure_one()
        check_step(self.env, step)
        for earlier in STEP_KEYS[: STEP_INDEX[step]]:
            if self[f"qualification_{earlier}_verdict"] not in PASSED:
                raise UserError(
                    self.env._(
                        "“%(step)s” comes after “%(earlier)s”, which “%(lead)s” has "
                        "not passed yet: screen the steps in order.",
                        step=self._qualification_step_label(step),
                        earlier=self._qualification_step_label(earlier),
                        lead=self.name,
                    )
                )

    def _qualification_set_answers(self, step, answers):
        """Save the answers of one step: ``{criterion_id: (answer, note)}``.
        Only lines whose answer or evidence changed are written, so who and when
        stay true."""
        self.ensure_one()
        self._qualification_check_step_order(step)
        company = self.company_id or self.env.company
        criteria = self.env["crm.qualification.criterion"]._get_step_criteria(
            company, step
        )
        foreign = set(answers) - set(criteria.ids)
        if foreign:
            raise ValidationError(
                self.env._(
                    "These criteria are not asked at step “%(step)s” for “%(lead)s”: "
                    "%(criteria)s.",
                    step=self._qualification_step_label(step),
                    lead=self.name,
                    criteria=", ".join(
                        self.env["crm.qualification.criterion"]
                        .browse(sorted(foreign))
                        .exists()
                        .mapped("name")
                    )
                    or ", ".join(map(str, sorted(foreign))),
                )
            )
        lines = {line.criterion_id.id: line for line in self.qualification_ids}
        to_create = []
        for criterion_id, (answer, note) in answers.items():
            line = lines.get(criterion_id)
            if not line:
                to_create.append(
                    {
                        "lead_id": self.id,
                        "criterion_id": criterion_id,
                        "answer": answer,
                        "note": note,
                    }
                )
            elif line.answer != answer or (line.note or False) != (note or False):
                line.write({"answer": answer, "note": note})
        if to_create:
            self.env["crm.lead.qualification"].create(to_create)

    def _qualification_drop_action(self, step):
        """Mark lost with the lost reason of the failed step."""
        self.ensure_one()
        check_step(self.env, step)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm.crm_lead_lost_action"
        )
        reason = self.env["crm.lost.reason"]._get_for_qualification_step(step)
        action["context"] = {
            "dialog_size": "medium",
            "default_lead_ids": self.ids,
            "default_lost_reason_id": reason.id,
        }
        return action

    @api.model
    def _qualification_invalidate(self, companies=None, partners=None, domain=None):
        """Have the verdicts of open opportunities computed again (criteria,
        tiers or settings changed): of ``companies`` and/or customers
        ``partners``, within ``domain``; of every company when neither is
        given."""
        domain = list(domain or []) + [("active", "=", True), ("probability", "<", 100)]
        if companies is not None:
            domain.append(("company_id", "in", companies.ids))
        if partners is not None:
            domain.append(("partner_id", "child_of", partners.ids))
        leads = self.sudo().search(domain)
        if leads:
            for fname in QUALIFICATION_FIELDS:
                self.env.add_to_compute(self._fields[fname], leads)

    def _get_uncovered_roles(self):
        """``{lead: [(role, "nobody" | "opponents")]}``: the key purchasing
        roles an opportunity names nobody in, or only opponents."""
        roles = self.env["customer.purchasing.role"].search(
            [
                ("is_key", "=", True),
                (
                    "company_id",
                    "in",
                    (self.company_id | self.env.company).ids + [False],
                ),
            ]
        )
        result = {}
        for lead in self:
            company = lead.company_id or self.env.company
            uncovered = []
            for role in roles:
                if role.company_id and role.company_id != company:
                    continue
                attitudes = [
                    contact.attitude
                    for contact in lead.buying_contact_ids
                    if contact.role_id == role
                ]
                if not attitudes:
                    uncovered.append((role, "nobody"))
                elif all(attitude == "opposed" for attitude in attitudes):
                    uncovered.append((role, "opponents"))
            result[lead] = uncovered
        return result

    # Stage gates

    def _qualification_gate_active(self):
        """Gates hold for every write except a manager's override and the
        loading of module data (the registry is not ready then)."""
        return (
            self.pool.ready
            and self.env.context.get(GATE_OVERRIDE_KEY) is not _GATE_OVERRIDE
        )

    def _qualification_check_stage_gate(self, stage):
        step = stage.required_qualification_step
        if not step:
            return
        blocked = self.filtered(lambda lead: not lead._qualification_step_reached(step))
        if not blocked:
            return
        message = self.env._(
            "%(leads)s cannot enter stage “%(stage)s”: the qualification step "
            "“%(step)s” is not passed.",
            leads=", ".join(f"“{name}”" for name in blocked.mapped("name")),
            stage=stage.name,
            step=self._qualification_step_label(step),
        )
        if self._is_qualification_manager():
            raise RedirectWarning(
                message
                + " "
                + self.env._("As a manager you may override the gate, with a reason."),
                "crm_customer_planning.crm_lead_stage_override_action",
                self.env._("Override Stage Gate"),
                {"default_lead_ids": blocked.ids, "default_stage_id": stage.id},
            )
        raise UserError(
            message
            + " "
            + self.env._(
                "Screen it first (Screen Opportunity), or ask a sales manager to "
                "override the gate."
            )
        )

    def _check_qualification_manager(self):
        if not self._is_qualification_manager():
            raise AccessError(
                self.env._("Only sales managers can override a stage gate.")
            )

    def _is_qualification_manager(self):
        return self.env.user.has_group(
            "crm_customer_planning.group_customer_planning_manager"
        )

    def _qualification_override_stage(self, stage, reason):
        """A manager moves the opportunities into ``stage`` past its gate; the
        reason goes to each opportunity's chatter."""
        self._check_qualification_manager()
        if not (reason or "").strip():
            raise UserError(self.env._("Give a reason for overriding the stage gate."))
        if not stage:
            raise UserError(self.env._("Choose the stage to move the opportunity to."))
        step = stage.required_qualification_step
        missing = {
            lead: step and not lead._qualification_step_reached(step) for lead in self
        }
        self.with_context(**{GATE_OVERRIDE_KEY: _GATE_OVERRIDE}).write(
            {"stage_id": stage.id}
        )
        for lead in self:
            if missing[lead]:
                text = self.env._(
                    "Stage gate overridden: moved to “%(stage)s” without the "
                    "qualification step “%(step)s” passed.",
                    stage=stage.name,
                    step=self._qualification_step_label(step),
                )
            else:
                text = self.env._(
                    "Moved to “%(stage)s” by a manager's override.", stage=stage.name
                )
            lead.message_post(
                body=Markup("<p>%s</p><p>%s %s</p>")
                % (text, self.env._("Reason:"), reason.strip()),
                subtype_xmlid="mail.mt_note",
            )
