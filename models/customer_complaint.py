# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The complaint record (DOMAIN §9, 首问责任制): what the customer brought, who owns
it to the end, its stages from reception to closing, and its return visit. Beside it:
``customer_complaint_intake.py`` (how it comes in), ``customer_complaint_deadline.py``
(time limits) and ``customer_complaint_escalation.py`` (the escalation job)."""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .planning_rules import (
    CHANNELS,
    COMPLAINT_TYPES,
    DONE_STATES,
    RESOLVED_STATES,
    SATISFACTION_MAX,
    SATISFACTION_MIN,
    SEVERITIES,
    UNRESOLVED_STATES,
)

# Selection values checked before the ORM sees them, for a clear message.
CHECKED_SELECTIONS = ("severity", "channel", "complaint_type")
# Written by the rules only (first reply, escalation, waiver), never by a user.
PROTECTED_FIELDS = {
    "first_reply_date",
    "escalation_reply_warned",
    "escalation_reply_breached",
    "escalation_resolution_warned",
    "escalation_resolution_breached",
    "escalation_gm_notified",
    "return_visit_waived",
    "return_visit_waive_reason",
    "repeat_count",
    # The return visit's outcome, read from the visit (``followup_ids``).
    "return_visit_date",
    "satisfaction",
    "customer_feedback",
    "date_resolved",
    "date_closed",
}
# Days after the resolution the complaint return visit is planned on.
RETURN_VISIT_DELAY_DAYS = 2


class CustomerComplaint(models.Model):
    """A customer's consultation, suggestion, opinion or complaint (DOMAIN §9),
    owned from reception to the end by its first-responsible person."""

    _name = "customer.complaint"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "customer.planning.input.mixin",
    ]
    _description = "Customer Complaint"
    _order = "date_received desc, id desc"
    _rec_name = "subject"
    _rec_names_search = ["name", "subject"]
    _primary_email = "email_from"
    # The customer replies on the portal with read access only.
    _mail_post_access = "read"
    _check_company_auto = True

    name = fields.Char(
        "Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    subject = fields.Char(required=True, tracking=True)
    description = fields.Html()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    # Who and what
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        "Customer Company",
        compute="_compute_commercial_partner_id",
        store=True,
        index=True,
        precompute=True,
    )
    contact_id = fields.Many2one(
        "res.partner",
        check_company=True,
        domain="[('id', 'child_of', commercial_partner_id)]",
        help="The person who brought the matter, when the customer is a company.",
    )
    email_from = fields.Char(
        "Email",
        compute="_compute_email_from",
        store=True,
        readonly=False,
        precompute=True,
    )
    customer_tier_id = fields.Many2one(
        related="commercial_partner_id.customer_tier_id", string="Customer Tier"
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    complaint_type = fields.Selection(
        COMPLAINT_TYPES, "Type", required=True, default="complaint", tracking=True
    )
    category_id = fields.Many2one(
        "customer.complaint.category",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    team_id = fields.Many2one(
        "crm.team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="The department handling the complaint; its category's team by default.",
    )
    severity = fields.Selection(
        SEVERITIES,
        required=True,
        default="normal",
        tracking=True,
        help="Major complaints go to the general manager at once.",
    )
    lead_id = fields.Many2one(
        "crm.lead",
        "Opportunity",
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    order_ref = fields.Reference(
        selection="_selection_order_ref",
        string="Order",
        help="The order the complaint is about (with Sales installed).",
    )
    can_link_order = fields.Boolean(compute="_compute_can_link_order")
    repeat_count = fields.Integer(
        "Customer Came Back",
        readonly=True,
        copy=False,
        help="How many times the customer came back on this matter.",
    )

    # Workflow
    stage_id = fields.Many2one(
        "customer.complaint.stage",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self._default_stage_id(),
        group_expand="_read_group_stage_ids",
    )
    state = fields.Selection(
        related="stage_id.state", string="Status", store=True, index=True
    )
    first_responsible_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        check_company=True,
        domain="[('share', '=', False)]",
        default=lambda self: self._default_first_responsible_id(),
        help="The employee who received the complaint: owns it to the end, follows "
        "it and is told of each step. Only a service manager changes it, with a "
        "reason.",
    )
    handler_id = fields.Many2one(
        "res.users",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
        help="Who does the work; warned when a deadline comes near.",
    )

    # Time limits (clock hours, or working hours of the rule's calendar)
    date_received = fields.Datetime(
        "Received", required=True, default=fields.Datetime.now, tracking=True
    )
    first_reply_date = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the first answer was sent to the customer.",
    )
    date_resolved = fields.Datetime("Resolved On", readonly=True, copy=False)
    date_closed = fields.Datetime("Closed On", readonly=True, copy=False)
    # Return visit (DOMAIN §9: check that the measures taken worked). The visit
    # owns its outcome: the complaint reads it from its last return visit done.
    return_visit_date = fields.Date(
        "Return Visit On", compute="_compute_return_visit_outcome", store=True
    )
    satisfaction = fields.Integer(
        compute="_compute_return_visit_outcome",
        store=True,
        aggregator="avg",
        help="The customer's satisfaction at the return visit, from 1 to 5.",
    )
    customer_feedback = fields.Text(
        "Customer's Words", compute="_compute_return_visit_outcome", store=True
    )
    return_visit_waived = fields.Boolean(readonly=True, copy=False)
    return_visit_waive_reason = fields.Text("Waiver Reason", readonly=True, copy=False)
    followup_ids = fields.One2many("customer.followup", "complaint_id", "Return Visits")
    # Work-contact forms (工作联络单): parts of the matter handed to others; the
    # first-responsible person stays the owner.
    handover_ids = fields.One2many(
        "customer.complaint.handover", "complaint_id", "Hand-overs"
    )
    handover_count = fields.Integer(
        "Hand-over Count", compute="_compute_handover_count"
    )

    @api.model
    def _default_stage_id(self):
        Stage = self.env["customer.complaint.stage"]
        return Stage._get_stage_for_state("new") or Stage.search([], limit=1)

    @api.model
    def _default_first_responsible_id(self):
        """The employee creating the complaint received it; mail, the portal and
        scheduled jobs have no such person (see ``_get_intake_owner``)."""
        user = self.env.user
        if user._is_internal() and not user._is_superuser():
            return user
        return self.env["res.users"]

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([])

    @api.model
    def _selection_order_ref(self):
        if "sale.order" in self.env:
            return [("sale.order", self.env["ir.model"]._get("sale.order").name)]
        return []

    @api.depends("partner_id")
    def _compute_commercial_partner_id(self):
        for complaint in self:
            complaint.commercial_partner_id = complaint.partner_id.commercial_partner_id

    @api.depends("partner_id", "contact_id")
    def _compute_email_from(self):
        for complaint in self:
            person = complaint.contact_id or complaint.partner_id
            if person.email:
                complaint.email_from = person.email_formatted

    @api.depends("category_id")
    def _compute_team_id(self):
        for complaint in self:
            if complaint.category_id.team_id:
                complaint.team_id = complaint.category_id.team_id

    def _compute_can_link_order(self):
        self.can_link_order = "sale.order" in self.env

    @api.depends(
        "followup_ids.state",
        "followup_ids.date_closed",
        "followup_ids.satisfaction_score",
        "followup_ids.result_notes",
    )
    def _compute_return_visit_outcome(self):
        for complaint in self:
            visit = complaint._get_done_return_visit()
            complaint.return_visit_date = visit.date_closed
            complaint.satisfaction = visit.satisfaction_score
            complaint.customer_feedback = visit.result_notes

    @api.depends("handover_ids")
    def _compute_handover_count(self):
        for complaint in self:
            complaint.handover_count = len(complaint.handover_ids)

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for complaint in self:
            complaint.display_name = " ".join(
                part for part in (complaint.name, complaint.subject) if part
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return res

    @api.constrains("first_responsible_id", "handler_id")
    def _check_people(self):
        for complaint in self:
            people = complaint.first_responsible_id | complaint.handler_id
            if any(user.share for user in people):
                raise ValidationError(
                    self.env._(
                        "%(complaint)s: the first-responsible person and the handler "
                        "must be employees.",
                        complaint=complaint.display_name,
                    )
                )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """Create complaints; a customer coming back on an open matter is added
        to it instead (DOMAIN §9: one ticket per matter), so the result may hold
        an existing complaint in the place of a new one."""
        # Adding to an open complaint is still filing one.
        self.browse().check_access("create")
        self._check_complaint_write_allowed(vals_list)
        self._check_owner_on_create(vals_list)
        for vals in vals_list:
            self._check_input_vals(vals)
            self._check_complaint_values(vals)
        keys = [self._get_matter_key(vals) for vals in vals_list]
        open_matters = {}
        if not self.env.context.get("complaint_force_new"):
            open_matters = self._find_open_matters(keys)
        to_create, plan = [], []
        for vals, key in zip(vals_list, keys, strict=True):
            if key in open_matters:
                plan.append(("attach", open_matters[key], vals))
            elif key and key in {k for kind, k, _v in plan if kind == "new"}:
                plan.append(("attach_new", key, vals))
            else:
                to_create.append(self._prepare_new_complaint_values(vals))
                plan.append(("new", key, vals))
        created = super().create(to_create)
        created._complaint_after_create()
        created_iter = iter(created)
        new_by_key, result_ids = {}, []
        for kind, target, vals in plan:
            if kind == "new":
                complaint = next(created_iter)
                if target:
                    new_by_key.setdefault(target, complaint)
            elif kind == "attach":
                complaint = target
            else:
                complaint = new_by_key[target]
            if kind != "new":
                complaint._register_return_of_customer(vals)
            result_ids.append(complaint.id)
        return self.browse(result_ids)

    def write(self, vals):
        self._check_complaint_write_allowed([vals])
        self._check_input_vals(vals)
        self._check_complaint_values(vals)
        if "first_responsible_id" in vals:
            self._check_owner_change(vals["first_responsible_id"])
        old_states = {}
        if vals.get("stage_id"):
            stage = self.env["customer.complaint.stage"].browse(vals["stage_id"])
            self._check_stage_change(stage, vals)
            old_states = {complaint.id: complaint.state for complaint in self}
        res = super().write(vals)
        if old_states:
            self._on_stage_changed(old_states)
        if vals.get("handler_id") or vals.get("first_responsible_id"):
            self._subscribe_people()
        if vals.get("severity") == "major":
            self._trigger_escalation()
        return res

    @api.model
    def _check_complaint_write_allowed(self, vals_list):
        """First reply, escalation steps and waivers are written by the rules:
        the form shows them read-only, and RPC must not get around that."""
        if self.env.su or self.env.context.get("complaint_internal_write"):
            return
        for vals in vals_list:
            forbidden = PROTECTED_FIELDS & vals.keys()
            if forbidden:
                raise AccessError(
                    self.env._(
                        "These complaint fields are set by the service rules, not by "
                        "hand: %(fields)s",
                        fields=", ".join(sorted(forbidden)),
                    )
                )

    @api.model
    def _check_owner_on_create(self, vals_list):
        """首问责任制: the employee who records a complaint owns it. Only the
        service team files one in another employee's name (the rules do it for
        what comes in by mail or on the portal)."""
        if self.env.su or self._is_service_agent():
            return
        default_owner = self.env.context.get("default_first_responsible_id")
        for vals in vals_list:
            owner_id = vals.get("first_responsible_id", default_owner)
            if owner_id and owner_id != self.env.uid:
                raise AccessError(
                    self.env._(
                        "You received this customer request: you are its "
                        "first-responsible person and own it to the end. Hand the "
                        "work to a handler; only the service team records a request "
                        "in another employee's name."
                    )
                )

    @api.model
    def _check_complaint_values(self, vals):
        """Refuse unknown choices with a message saying what is allowed, and a
        blank subject."""
        if "subject" in vals and not (
            isinstance(vals["subject"], str) and vals["subject"].strip()
        ):
            raise ValidationError(
                self.env._("Say in a few words what the complaint is about.")
            )
        for fname in CHECKED_SELECTIONS:
            if fname not in vals:
                continue
            field = self._fields[fname]
            allowed = dict(field._description_selection(self.env))
            if vals[fname] not in allowed:
                raise ValidationError(
                    self.env._(
                        "“%(value)s” is not a valid %(field)s: choose %(allowed)s.",
                        value=vals[fname],
                        field=field._description_string(self.env),
                        allowed=", ".join(allowed.values()),
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_reassign(self):
        self.ensure_one()
        self._check_service_manager()
        return self._open_wizard(
            "customer.complaint.reassign", self.env._("Change First Responsible")
        )

    def action_open_return_visit(self):
        self.ensure_one()
        return self._open_wizard(
            "customer.complaint.return.visit", self.env._("Record Return Visit")
        )

    def action_open_waive(self):
        self.ensure_one()
        self._check_service_manager()
        return self._open_wizard(
            "customer.complaint.waive", self.env._("Close Without Return Visit")
        )

    def action_open_handover(self):
        """“Hand Over”: send a work-contact form (工作联络单) from this complaint."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hand Over"),
            "res_model": "customer.complaint.handover",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def action_view_handovers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_planning.customer_complaint_handover_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_complaint_id": self.id}
        return action

    def action_close(self):
        """Close: allowed once the return visit is recorded or waived."""
        self._move_to_state("closed")

    def action_cancel(self):
        self._move_to_state("cancelled")

    @api.model
    def _get_record_request_action(self, partner, lead=None):
        """“Record a Customer Request” from a customer or an opportunity: a new
        complaint of that customer (and opportunity), owned by whoever records
        it (首问责任制)."""
        customer = partner.commercial_partner_id
        context = {"default_partner_id": customer.id}
        if partner != customer:
            context["default_contact_id"] = partner.id
        if lead:
            context["default_lead_id"] = lead.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a Customer Request"),
            "res_model": "customer.complaint",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def _open_wizard(self, model, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _is_service_agent(self):
        return self.env.user.has_group(
            "crm_customer_planning.group_customer_service_agent"
        )

    def _check_service_manager(self):
        if not self.env.user.has_group(
            "crm_customer_planning.group_customer_service_manager"
        ):
            raise AccessError(
                self.env._("Only a service manager can do this on a complaint.")
            )

    def _check_owner_change(self, new_owner_id):
        """The first-responsible person owns the complaint to the end."""
        changing = self.filtered(
            lambda complaint: complaint.first_responsible_id.id != new_owner_id
        )
        if not changing or self.env.context.get("complaint_owner_reason"):
            return
        self._check_service_manager()
        raise UserError(
            self.env._(
                "The first-responsible person owns the complaint to the end: change "
                "it with “Change First Responsible” and give a reason."
            )
        )

    def _change_first_responsible(self, new_owner, reason):
        """A service manager hands the complaint to another owner, with a reason
        kept in the chatter. The new owner follows it and is told."""
        self._check_service_manager()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Give a reason for changing the first-responsible person.")
            )
        if not new_owner or new_owner.share:
            raise UserError(
                self.env._("Choose an employee as the first-responsible person.")
            )
        for complaint in self:
            old_owner = complaint.first_responsible_id
            if old_owner == new_owner:
                continue
            complaint.with_context(complaint_owner_reason=reason).write(
                {"first_responsible_id": new_owner.id}
            )
            complaint.message_post(
                body=self.env._(
                    "First-responsible person changed from %(old)s to %(new)s by "
                    "%(manager)s. Reason: %(reason)s",
                    old=old_owner.name,
                    new=new_owner.name,
                    manager=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
                partner_ids=(old_owner | new_owner).partner_id.ids,
            )

    def _check_stage_change(self, stage, vals):
        """A return visit is done only once recorded; closing needs it recorded
        or waived by a service manager."""
        moving = self.filtered(lambda complaint: complaint.stage_id != stage)
        if stage.state == "visited":
            missing = moving.filtered(lambda c: not c.return_visit_date)
            if missing:
                raise UserError(
                    self.env._(
                        "Record the return visit of %(complaints)s (satisfaction and "
                        "the customer's words) with “Record Return Visit”.",
                        complaints=", ".join(missing.mapped("name")),
                    )
                )
        if stage.state == "closed":
            missing = moving.filtered(
                lambda c: (
                    not (
                        c.return_visit_date
                        or c.return_visit_waived
                        or vals.get("return_visit_waived")
                    )
                )
            )
            if missing:
                raise UserError(
                    self.env._(
                        "%(complaints)s cannot be closed before the return visit is "
                        "recorded. A service manager may waive it, with a reason.",
                        complaints=", ".join(missing.mapped("name")),
                    )
                )

    def _on_stage_changed(self, old_states):
        now = fields.Datetime.now()
        resolved = self.filtered(
            lambda c: c.state in RESOLVED_STATES and not c.date_resolved
        )
        if resolved:
            resolved.with_context(complaint_internal_write=True).write(
                {"date_resolved": now}
            )
        reopened = self.filtered(
            lambda c: (
                c.state in UNRESOLVED_STATES and (c.date_resolved or c.date_closed)
            )
        )
        if reopened:
            reopened.with_context(complaint_internal_write=True).write(
                {"date_resolved": False, "date_closed": False}
            )
        closed = self.filtered(
            lambda c: c.state == "closed" and old_states.get(c.id) != "closed"
        )
        if closed:
            closed.with_context(complaint_internal_write=True).write(
                {"date_closed": now}
            )
        done = self.filtered(lambda c: c.state in DONE_STATES)
        if done:
            # 一抓到底 ends here: nothing is still asked of anyone.
            done.sudo().handover_ids._withdraw_with_complaint()
        newly_resolved = self.filtered(
            lambda c: (
                c.state == "resolved" and old_states.get(c.id) in UNRESOLVED_STATES
            )
        )
        if newly_resolved:
            newly_resolved._create_return_visit()

    def _move_to_state(self, state):
        stage = self.env["customer.complaint.stage"]._get_stage_for_state(state)
        if not stage:
            raise UserError(
                self.env._(
                    "No active complaint stage has the status %(state)s.",
                    state=dict(
                        self.env["customer.complaint.stage"]
                        ._fields["state"]
                        ._description_selection(self.env)
                    )[state],
                )
            )
        self.write({"stage_id": stage.id})

    def _create_return_visit(self):
        """THE hand-over from a resolved complaint to its return visit (DOMAIN
        §9: a complaint return visit checks that the measures taken worked): a
        planned visit of kind "complaint return visit" for the first-responsible
        person, unless one is already planned, a few days after today (in the
        complaint company's calendar)."""
        planned = self._get_planned_return_visits().complaint_id
        Followup = self.env["customer.followup"]
        for complaint in self - planned:
            Followup._create_complaint_followup(
                complaint.commercial_partner_id,
                complaint.company_id._planning_today()
                + relativedelta(days=RETURN_VISIT_DELAY_DAYS),
                user=complaint.first_responsible_id,
                complaint_id=complaint.id,
                contact_id=complaint.contact_id.id,
                name=self.env._("Return visit: %(ref)s", ref=complaint.name),
                channel="phone",
            )

    def _record_return_visit(self, satisfaction, feedback):
        """“Record Return Visit” on the complaint: its planned return visit
        (planned now if there is none) is marked done with the customer's
        rating and words. The visit owns them; marking it done moves the
        complaint on (``_on_return_visit_done``)."""
        self._check_return_visit_outcome(satisfaction, feedback)
        not_resolved = self.filtered(lambda c: c.state != "resolved")
        if not_resolved:
            raise UserError(
                self.env._(
                    "A return visit follows the resolution: %(complaints)s is not "
                    "resolved.",
                    complaints=", ".join(not_resolved.mapped("name")),
                )
            )
        self._get_visited_stage()
        self._create_return_visit()
        self._get_planned_return_visits().write(
            {
                "state": "done",
                "satisfaction": str(satisfaction),
                "result_notes": feedback.strip(),
            }
        )

    def _on_return_visit_done(self):
        """A return visit of these complaints was marked done (from the visit
        or from the complaint): a resolved complaint reads the outcome, which
        must hold the rating and the customer's words, and moves to the
        return-visit stage."""
        resolved = self.filtered(lambda c: c.state == "resolved")
        if not resolved:
            return
        for complaint in resolved:
            self._check_return_visit_outcome(
                complaint.satisfaction, complaint.customer_feedback
            )
        resolved.target_ids._reach("return_visit", fields.Datetime.now())
        resolved.with_context(complaint_internal_write=True).write(
            {"stage_id": self._get_visited_stage().id}
        )
        for complaint in resolved:
            complaint.message_post(
                body=self.env._(
                    "Return visit done: satisfaction %(satisfaction)s/5. The "
                    "customer's words: %(feedback)s",
                    satisfaction=complaint.satisfaction,
                    feedback=complaint.customer_feedback,
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _check_return_visit_outcome(self, satisfaction, feedback):
        """A complaint return visit is done with a rating from 1 to 5 and the
        customer's own words."""
        if not SATISFACTION_MIN <= (satisfaction or 0) <= SATISFACTION_MAX:
            raise ValidationError(
                self.env._(
                    "Rate the customer's satisfaction from %(min)s to %(max)s.",
                    min=SATISFACTION_MIN,
                    max=SATISFACTION_MAX,
                )
            )
        if not (feedback or "").strip():
            raise UserError(self.env._("Write down the customer's words."))

    @api.model
    def _get_visited_stage(self):
        stage = self.env["customer.complaint.stage"]._get_stage_for_state("visited")
        if not stage:
            raise UserError(self.env._("No active stage means “Return Visit Done”."))
        return stage

    def _waive_return_visit(self, reason):
        """A service manager closes without a return visit, with a reason."""
        self._check_service_manager()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give a reason for waiving the return visit."))
        self.with_context(complaint_internal_write=True).write(
            {"return_visit_waived": True, "return_visit_waive_reason": reason}
        )
        self._get_planned_return_visits().write({"state": "cancelled"})
        for complaint in self:
            complaint.message_post(
                body=self.env._(
                    "Return visit waived by %(manager)s. Reason: %(reason)s",
                    manager=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_view_return_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_planning.customer_followup_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_complaint_id": self.id}
        if len(self.followup_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.followup_ids.id)
        return action

    def _get_planned_return_visits(self):
        return self.followup_ids.filtered(lambda visit: visit.state == "planned")

    def _get_done_return_visit(self):
        """The last return visit done of one complaint (an empty recordset
        without one)."""
        self.ensure_one()
        done = self.followup_ids.filtered(lambda visit: visit.state == "done")
        return done.sorted(lambda v: (v.date_closed or date.min, v.id))[-1:]
