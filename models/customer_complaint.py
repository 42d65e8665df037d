# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.misc import format_datetime

from .planning_rules import (
    CHANNELS,
    COMPLAINT_TYPES,
    DIGEST_LINES,
    DONE_STATES,
    MAX_CHAR_LENGTH,
    RESOLVED_STATES,
    SATISFACTION_MAX,
    SATISFACTION_MIN,
    SEVERITIES,
    UNRESOLVED_STATES,
)

SLA_STATES = [
    ("on_time", "On Time"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
]
ESCALATION_LEVELS = [
    ("none", "None"),
    ("warned", "Handler Warned"),
    ("manager", "Service Manager"),
    ("general_manager", "General Manager"),
]
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
    # The return visit's outcome, through "Record Return Visit" only.
    "return_visit_date",
    "satisfaction",
    "customer_feedback",
    "date_resolved",
    "date_closed",
}
DEFAULT_ESCALATION_BATCH_SIZE = 1000
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
    open_matter_id = fields.Many2one(
        "customer.complaint",
        "Open Complaint on the Same Matter",
        compute="_compute_open_matter_id",
    )
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

    # Time limits (in working hours of the company's calendar)
    date_received = fields.Datetime(
        "Received", required=True, default=fields.Datetime.now, tracking=True
    )
    reply_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    reply_warning_date = fields.Datetime(
        compute="_compute_warning_dates", store=True, precompute=True
    )
    first_reply_date = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the first answer was sent to the customer.",
    )
    reply_late = fields.Boolean(
        compute="_compute_late", store=True, help="The first reply came too late."
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    resolution_warning_date = fields.Datetime(
        compute="_compute_warning_dates", store=True, precompute=True
    )
    date_resolved = fields.Datetime("Resolved On", readonly=True, copy=False)
    resolution_late = fields.Boolean(
        compute="_compute_late", store=True, help="Resolved too late."
    )
    date_closed = fields.Datetime("Closed On", readonly=True, copy=False)
    sla_state = fields.Selection(
        SLA_STATES,
        "Time Limit",
        compute="_compute_sla_state",
        search="_search_sla_state",
    )

    # Escalation ladder: each step happens once (DOMAIN §9)
    escalation_reply_warned = fields.Boolean(
        "Handler Warned (Reply)", readonly=True, copy=False
    )
    escalation_reply_breached = fields.Boolean(
        "Manager Told (Reply)", readonly=True, copy=False
    )
    escalation_resolution_warned = fields.Boolean(
        "Handler Warned (Resolution)", readonly=True, copy=False
    )
    escalation_resolution_breached = fields.Boolean(
        "Manager Told (Resolution)", readonly=True, copy=False
    )
    escalation_gm_notified = fields.Boolean(
        "General Manager Told", readonly=True, copy=False
    )
    escalation_level = fields.Selection(
        ESCALATION_LEVELS, compute="_compute_escalation_level"
    )

    # Return visit (DOMAIN §9: check that the measures taken worked)
    return_visit_date = fields.Datetime(readonly=True, copy=False)
    satisfaction = fields.Integer(
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The customer's satisfaction at the return visit, from 1 to 5.",
    )
    customer_feedback = fields.Text("Customer's Words", readonly=True, copy=False)
    return_visit_waived = fields.Boolean(readonly=True, copy=False)
    return_visit_waive_reason = fields.Text("Waiver Reason", readonly=True, copy=False)
    followup_ids = fields.One2many("customer.followup", "complaint_id", "Return Visits")

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

    @api.depends("commercial_partner_id", "category_id", "company_id")
    @api.depends_context("uid")
    def _compute_open_matter_id(self):
        """On a complaint being entered, the open one it would be added to."""
        for complaint in self:
            if complaint._origin.id or not (
                complaint.commercial_partner_id and complaint.category_id
            ):
                complaint.open_matter_id = False
                continue
            complaint.open_matter_id = self.search(
                complaint._get_open_matter_domain(
                    complaint.commercial_partner_id.ids,
                    complaint.category_id.ids,
                    complaint.company_id.ids,
                ),
                limit=1,
            )

    @api.depends("date_received", "severity", "category_id", "commercial_partner_id")
    def _compute_deadlines(self):
        """Received + the working hours of the matching time limit. The tier is
        read at reception: a later change of tier does not move deadlines."""
        rules = self.env["customer.complaint.sla"]._get_rules()
        for complaint in self:
            if not complaint.date_received:
                complaint.reply_deadline = complaint.resolution_deadline = False
                continue
            reply, resolution, _warn = complaint._get_sla_rule(rules)._get_limits()
            complaint.reply_deadline = complaint._add_working_hours(
                complaint.date_received, reply
            )
            complaint.resolution_deadline = complaint._add_working_hours(
                complaint.date_received, resolution
            )

    @api.depends("reply_deadline", "resolution_deadline")
    def _compute_warning_dates(self):
        """The warning comes once the rule's share of the time allowed has
        passed, counted back from the deadline in working hours."""
        rules = self.env["customer.complaint.sla"]._get_rules()
        for complaint in self:
            reply, resolution, warn = complaint._get_sla_rule(rules)._get_limits()
            complaint.reply_warning_date = complaint.reply_deadline and (
                complaint._add_working_hours(
                    complaint.reply_deadline, -reply * (1 - warn)
                )
            )
            complaint.resolution_warning_date = complaint.resolution_deadline and (
                complaint._add_working_hours(
                    complaint.resolution_deadline, -resolution * (1 - warn)
                )
            )

    @api.depends(
        "first_reply_date", "reply_deadline", "date_resolved", "resolution_deadline"
    )
    def _compute_late(self):
        for complaint in self:
            # Resolving without a reply stops the reply clock too.
            replied = complaint.first_reply_date or complaint.date_resolved
            complaint.reply_late = bool(
                replied
                and complaint.reply_deadline
                and replied > complaint.reply_deadline
            )
            complaint.resolution_late = bool(
                complaint.date_resolved
                and complaint.resolution_deadline
                and complaint.date_resolved > complaint.resolution_deadline
            )

    @api.depends(
        "state",
        "reply_late",
        "resolution_late",
        "first_reply_date",
        "reply_deadline",
        "reply_warning_date",
        "resolution_deadline",
        "resolution_warning_date",
    )
    def _compute_sla_state(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.sla_state = complaint._get_sla_state(now)

    def _get_sla_state(self, now):
        """Breached once a deadline passed unmet; at risk once a warning date
        passed; on time otherwise. Keep in line with ``_get_sla_domains``."""
        self.ensure_one()
        if self.reply_late or self.resolution_late:
            return "breached"
        if self.state not in UNRESOLVED_STATES:
            return "on_time"
        waiting_reply = not self.first_reply_date
        if (waiting_reply and self.reply_deadline and self.reply_deadline <= now) or (
            self.resolution_deadline and self.resolution_deadline <= now
        ):
            return "breached"
        if (
            waiting_reply and self.reply_warning_date and self.reply_warning_date <= now
        ) or (self.resolution_warning_date and self.resolution_warning_date <= now):
            return "at_risk"
        return "on_time"

    @api.model
    def _get_sla_domains(self, now):
        """``{sla_state: domain}``, the searchable twin of ``_get_sla_state``."""
        live = [("state", "in", UNRESOLVED_STATES)]
        breached = expression.OR(
            [
                [("reply_late", "=", True)],
                [("resolution_late", "=", True)],
                expression.AND(
                    [
                        live,
                        expression.OR(
                            [
                                [
                                    ("first_reply_date", "=", False),
                                    ("reply_deadline", "<=", now),
                                ],
                                [("resolution_deadline", "<=", now)],
                            ]
                        ),
                    ]
                ),
            ]
        )
        at_risk = expression.AND(
            [
                ["!"] + breached,
                live,
                expression.OR(
                    [
                        [
                            ("first_reply_date", "=", False),
                            ("reply_warning_date", "<=", now),
                        ],
                        [("resolution_warning_date", "<=", now)],
                    ]
                ),
            ]
        )
        on_time = ["!"] + expression.OR([breached, at_risk])
        return {"breached": breached, "at_risk": at_risk, "on_time": on_time}

    def _search_sla_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(
                self.env._("Search the time limit state with =, !=, in or not in.")
            )
        values = [value] if isinstance(value, str) or not value else list(value)
        domains = self._get_sla_domains(fields.Datetime.now())
        domain = expression.OR(
            [domains[v] for v in values if v in domains] or [expression.FALSE_DOMAIN]
        )
        if operator in ("!=", "not in"):
            domain = ["!"] + domain
        return domain

    @api.depends(
        "escalation_reply_warned",
        "escalation_resolution_warned",
        "escalation_reply_breached",
        "escalation_resolution_breached",
        "escalation_gm_notified",
    )
    def _compute_escalation_level(self):
        for complaint in self:
            if complaint.escalation_gm_notified:
                level = "general_manager"
            elif (
                complaint.escalation_reply_breached
                or complaint.escalation_resolution_breached
            ):
                level = "manager"
            elif (
                complaint.escalation_reply_warned
                or complaint.escalation_resolution_warned
            ):
                level = "warned"
            else:
                level = "none"
            complaint.escalation_level = level

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

    @api.constrains("date_received", "reply_deadline", "resolution_deadline")
    def _check_deadlines(self):
        for complaint in self:
            for deadline in (complaint.reply_deadline, complaint.resolution_deadline):
                if deadline and deadline < complaint.date_received:
                    raise ValidationError(
                        self.env._(
                            "The deadlines of %(complaint)s cannot come before its "
                            "reception (%(received)s).",
                            complaint=complaint.display_name,
                            received=format_datetime(self.env, complaint.date_received),
                        )
                    )

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

    @api.constrains("satisfaction")
    def _check_satisfaction(self):
        for complaint in self:
            if complaint.satisfaction and not (
                SATISFACTION_MIN <= complaint.satisfaction <= SATISFACTION_MAX
            ):
                raise ValidationError(
                    self.env._(
                        "Satisfaction goes from %(min)s to %(max)s.",
                        min=SATISFACTION_MIN,
                        max=SATISFACTION_MAX,
                    )
                )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def init(self):
        """The escalation scan reads open, unresolved complaints by their
        warning dates: a partial index keeps it fast whatever the history."""
        res = super().init()
        # One small partial index per step of the escalation ladder: only the
        # open complaints that step has not reached yet, by the date it watches.
        # The scan reads a few index entries, whatever the complaint history.
        for step in self._get_escalation_steps():
            tools.create_index(
                self.env.cr,
                f"customer_complaint_{step['flag']}_index",
                self._table,
                [step.get("index_column", "id")],
                where=f"state IN ('new', 'acknowledged', 'in_progress') AND active "
                f"AND {step['flag']} IS NOT TRUE AND {step['index_where']}",
            )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        """Create complaints; a customer coming back on an open matter is added
        to it instead (DOMAIN §9: one ticket per matter), so the result may hold
        an existing complaint in the place of a new one."""
        # Adding to an open complaint is still filing one.
        self.browse().check_access("create")
        self._check_complaint_write_allowed(vals_list)
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
    # MAIL
    # ------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Mail to a category's alias: the sender is the customer. A reply is
        routed to its complaint by the mail gateway before we get here; an
        unrelated mail on an open matter is added to it by ``create``."""
        values = dict(custom_values or {})
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if not author and msg_dict.get("email_from"):
            author = self._mail_find_partner_from_emails(
                [msg_dict["email_from"]], force_create=True
            )[0]
        if author:
            customer = author.commercial_partner_id
            values.setdefault("partner_id", customer.id)
            if author != customer:
                values.setdefault("contact_id", author.id)
        values.setdefault("channel", "email")
        values.setdefault(
            "subject",
            (msg_dict.get("subject") or self.env._("(no subject)"))[:MAX_CHAR_LENGTH],
        )
        values.setdefault("description", msg_dict.get("body"))
        return super().message_new(msg_dict, custom_values=values)

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "stage_id" in init_values:
            return self.env.ref("crm_customer_planning.mt_complaint_stage")
        return super()._track_subtype(init_values)

    def _message_post_after_hook(self, message, msg_values):
        """The first answer to the customer: a public message (not an internal
        note) written by an employee."""
        waiting = self.filtered(lambda complaint: not complaint.first_reply_date)
        if waiting and self._is_answer_to_customer(message, msg_values):
            waiting.sudo().with_context(complaint_internal_write=True).write(
                {"first_reply_date": message.date or fields.Datetime.now()}
            )
        return super()._message_post_after_hook(message, msg_values)

    @api.model
    def _is_answer_to_customer(self, message, msg_values):
        if msg_values.get("message_type", message.message_type) != "comment":
            return False
        if message.is_internal or message.subtype_id.internal:
            return False
        return any(not user.share for user in message.author_id.user_ids)

    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """A complaint is private to its customer's logged-in users: an access
        token or a signed link never stands in for a login."""
        return super()._get_thread_with_access(thread_id, mode)

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

    def action_close(self):
        """Close: allowed once the return visit is recorded or waived."""
        self._move_to_state("closed")

    def action_cancel(self):
        self._move_to_state("cancelled")

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
    def _get_open_matter_domain(self, partner_ids, category_ids, company_ids):
        """'The same matter': the same customer company, the same category, in
        the same company, and not closed or cancelled yet."""
        return [
            ("commercial_partner_id", "in", partner_ids),
            ("category_id", "in", category_ids),
            ("company_id", "in", company_ids),
            ("state", "not in", DONE_STATES),
        ]

    @api.model
    def _get_matter_key(self, vals):
        """``(customer company, category, company)`` of new complaint values."""
        if not (vals.get("partner_id") and vals.get("category_id")):
            return None
        partner = self.env["res.partner"].browse(vals["partner_id"])
        company_id = vals.get("company_id") or self.env.company.id
        return (partner.commercial_partner_id.id, vals["category_id"], company_id)

    @api.model
    def _find_open_matters(self, keys):
        """``{key: open complaint}`` for the keys that have one, in one query."""
        keys = {key for key in keys if key}
        if not keys:
            return {}
        candidates = self.sudo().search(
            self._get_open_matter_domain(
                [key[0] for key in keys],
                [key[1] for key in keys],
                [key[2] for key in keys],
            ),
            order="id",
        )
        found = {}
        for complaint in candidates:
            key = (
                complaint.commercial_partner_id.id,
                complaint.category_id.id,
                complaint.company_id.id,
            )
            if key in keys:
                found.setdefault(key, complaint.with_env(self.env))
        return found

    @api.model
    def _prepare_new_complaint_values(self, vals):
        vals = dict(vals)
        company = self.env["res.company"].browse(
            vals.get("company_id") or self.env.company.id
        )
        vals["name"] = self.env["ir.sequence"].sudo().with_company(
            company
        ).next_by_code("customer.complaint") or self.env._("New")
        if "first_responsible_id" not in vals:
            owner = (
                self.env["res.users"].browse(
                    self.env.context.get("default_first_responsible_id")
                )
                or self._default_first_responsible_id()
                or self._get_intake_owner(vals, company)
            )
            vals["first_responsible_id"] = owner.id
        return vals

    @api.model
    def _get_intake_owner(self, vals, company):
        """Who owns a complaint nobody in particular received (mail, portal):
        the category team's leader, else the customer's salesperson, else the
        general manager."""
        category = self.env["customer.complaint.category"].browse(
            vals.get("category_id")
        )
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        owner = (
            self.env["crm.team"].browse(vals.get("team_id")).user_id
            or category.sudo().team_id.user_id
            or partner.sudo().commercial_partner_id.user_id
            or company.sudo().complaint_general_manager_id
        )
        if not owner:
            raise ValidationError(
                self.env._(
                    "Nobody can own the complaint “%(subject)s”: give category "
                    "%(category)s a team with a leader, or set a general manager "
                    "in the settings.",
                    subject=vals.get("subject") or "",
                    category=category.sudo().display_name or "—",
                )
            )
        return owner

    def _complaint_after_create(self):
        self._subscribe_people(with_customer=True)
        received_by_others = self.filtered(
            lambda complaint: complaint.first_responsible_id != self.env.user
        )
        for complaint in received_by_others:
            owner = complaint.first_responsible_id
            complaint.message_post(
                body=owner.with_context(lang=owner.lang).env._(
                    "%(channel)s complaint received: %(owner)s owns it to the end.",
                    channel=dict(
                        self._fields["channel"]._description_selection(
                            owner.with_context(lang=owner.lang).env
                        )
                    )[complaint.channel],
                    owner=owner.name,
                ),
                subtype_xmlid="mail.mt_note",
                partner_ids=owner.partner_id.ids,
            )
        self.filtered(lambda c: c.severity == "major")._trigger_escalation()

    def _subscribe_people(self, with_customer=False):
        """The owner and the handler follow the complaint (they are told of each
        stage); the customer follows it to receive the answers."""
        for complaint in self:
            partners = (
                complaint.first_responsible_id.partner_id
                | complaint.handler_id.partner_id
            )
            if with_customer:
                partners |= complaint.contact_id or complaint.partner_id
            complaint.sudo().message_subscribe(partner_ids=partners.ids)

    def _register_return_of_customer(self, vals):
        """The customer came back on this open matter: tell the owner instead
        of opening a second complaint ("never let a customer call twice")."""
        self.ensure_one()
        if not self.has_access("read"):
            raise UserError(
                self.env._(
                    "This customer already has an open complaint on this matter "
                    "(%(complaint)s, owned by %(owner)s). Ask its owner to add to it "
                    "rather than opening a second one.",
                    complaint=self.sudo().name,
                    owner=self.sudo().first_responsible_id.name,
                )
            )
        complaint = self.sudo()
        complaint.with_context(complaint_internal_write=True).write(
            {"repeat_count": complaint.repeat_count + 1}
        )
        channel = dict(self._fields["channel"]._description_selection(self.env)).get(
            vals.get("channel"), ""
        )
        body = Markup("<p>%s</p>") % self.env._(
            "The customer came back on this matter (%(channel)s): %(subject)s",
            channel=channel,
            subject=vals.get("subject") or "",
        )
        if vals.get("description") and vals.get("channel") != "email":
            body += Markup(vals["description"])
        complaint.message_post(
            body=body,
            subtype_xmlid="mail.mt_note",
            partner_ids=complaint.first_responsible_id.partner_id.ids,
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
            missing = moving.filtered(
                lambda c: not (c.return_visit_date or vals.get("return_visit_date"))
            )
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
                        or vals.get("return_visit_date")
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
        person, unless one is already planned."""
        planned = self._get_planned_return_visits().complaint_id
        date_planned = fields.Date.context_today(self) + relativedelta(
            days=RETURN_VISIT_DELAY_DAYS
        )
        Followup = self.env["customer.followup"]
        for complaint in self - planned:
            Followup._create_complaint_followup(
                complaint.commercial_partner_id,
                date_planned,
                user=complaint.first_responsible_id,
                complaint_id=complaint.id,
                contact_id=complaint.contact_id.id,
                name=self.env._("Return visit: %(ref)s", ref=complaint.name),
                channel="phone",
            )

    def _record_return_visit(self, satisfaction, feedback):
        """The return visit took place: keep the satisfaction and the customer's
        words, mark the visit done and move to the return-visit stage."""
        if not SATISFACTION_MIN <= (satisfaction or 0) <= SATISFACTION_MAX:
            raise ValidationError(
                self.env._(
                    "Rate the customer's satisfaction from %(min)s to %(max)s.",
                    min=SATISFACTION_MIN,
                    max=SATISFACTION_MAX,
                )
            )
        feedback = (feedback or "").strip()
        if not feedback:
            raise UserError(self.env._("Write down the customer's words."))
        not_resolved = self.filtered(lambda c: c.state != "resolved")
        if not_resolved:
            raise UserError(
                self.env._(
                    "A return visit follows the resolution: %(complaints)s is not "
                    "resolved.",
                    complaints=", ".join(not_resolved.mapped("name")),
                )
            )
        stage = self.env["customer.complaint.stage"]._get_stage_for_state("visited")
        if not stage:
            raise UserError(self.env._("No active stage means “Return Visit Done”."))
        visits = self._get_planned_return_visits()
        self.with_context(complaint_internal_write=True).write(
            {
                "return_visit_date": fields.Datetime.now(),
                "satisfaction": satisfaction,
                "customer_feedback": feedback,
                "stage_id": stage.id,
            }
        )
        visits.with_context(complaint_return_visit_sync=True).write(
            {
                "state": "done",
                "satisfaction": str(satisfaction),
                "result_notes": feedback,
            }
        )
        for complaint in self:
            complaint.message_post(
                body=self.env._(
                    "Return visit done: satisfaction %(satisfaction)s/5. The "
                    "customer's words: %(feedback)s",
                    satisfaction=satisfaction,
                    feedback=feedback,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _waive_return_visit(self, reason):
        """A service manager closes without a return visit, with a reason."""
        self._check_service_manager()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give a reason for waiving the return visit."))
        self.with_context(complaint_internal_write=True).write(
            {"return_visit_waived": True, "return_visit_waive_reason": reason}
        )
        self._get_planned_return_visits().with_context(
            complaint_return_visit_sync=True
        ).write({"state": "cancelled"})
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

    def _get_sla_rule(self, rules):
        self.ensure_one()
        return rules._match(
            self.company_id,
            self.severity,
            self.category_id,
            self.commercial_partner_id.customer_tier_id,
        )

    def _add_working_hours(self, start, hours):
        """``start`` plus (or minus) ``hours`` working hours of the company's
        calendar, public holidays skipped; clock hours without a calendar."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        planned = calendar and calendar.plan_hours(hours, start, compute_leaves=True)
        return planned or start + timedelta(hours=hours)

    # ------------------------------------------------------------
    # ESCALATION
    # ------------------------------------------------------------

    @api.model
    def _get_escalation_steps(self):
        """The ladder, walked in this order. Each step sets its flag (and
        ``also``: a breach makes the warning pointless) in one UPDATE, so that
        it happens once whatever the number of runs. ``where`` reads
        ``customer_complaint AS c`` and ``res_company AS co``; ``index_column``
        and ``index_where`` make the step's partial index (see ``init``)."""
        return [
            {
                "flag": "escalation_reply_breached",
                "also": ["escalation_reply_warned"],
                "where": "c.first_reply_date IS NULL AND c.reply_deadline <= %(now)s",
                "index_column": "reply_deadline",
                "index_where": "first_reply_date IS NULL",
                "recipient": "manager",
                "kind": "reply_breached",
            },
            {
                "flag": "escalation_resolution_breached",
                "also": ["escalation_resolution_warned"],
                "where": "c.resolution_deadline <= %(now)s",
                "index_column": "resolution_deadline",
                "index_where": "TRUE",
                "recipient": "manager",
                "kind": "resolution_breached",
            },
            {
                "flag": "escalation_reply_warned",
                "also": [],
                "where": "c.first_reply_date IS NULL "
                "AND c.reply_warning_date <= %(now)s",
                "index_column": "reply_warning_date",
                "index_where": "first_reply_date IS NULL",
                "recipient": "handler",
                "kind": "reply_warning",
            },
            {
                "flag": "escalation_resolution_warned",
                "also": [],
                "where": "c.resolution_warning_date <= %(now)s",
                "index_column": "resolution_warning_date",
                "index_where": "TRUE",
                "recipient": "handler",
                "kind": "resolution_warning",
            },
            {
                "flag": "escalation_gm_notified",
                "also": [],
                "where": "c.severity = 'major' "
                "AND co.complaint_general_manager_id IS NOT NULL",
                "index_where": "severity = 'major'",
                "recipient": "general_manager",
                "kind": "major",
            },
        ]

    @api.model
    def _escalation_due_sql(self, step, now):
        """Complaints due for ``step``: open, unresolved (the condition of the
        partial index), flag not set yet."""
        return SQL(
            """
            FROM customer_complaint c
            JOIN res_company co ON co.id = c.company_id
           WHERE c.state IN ('new', 'acknowledged', 'in_progress')
             AND c.active
             AND c.%s IS NOT TRUE
             AND %s
            """,
            SQL.identifier(step["flag"]),
            SQL(step["where"], now=now),
        )

    @api.model
    def _escalation_claim_sql(self, step, now, limit):
        """The next ``limit`` complaints due for ``step``, locked for this
        transaction (the ones another transaction holds are skipped): the most
        overdue first, in the order of the step's partial index."""
        return SQL(
            "SELECT c.id %s ORDER BY c.%s, c.id LIMIT %s FOR UPDATE OF c SKIP LOCKED",
            self._escalation_due_sql(step, now),
            SQL.identifier(step.get("index_column", "id")),
            limit,
        )

    @api.model
    def _cron_escalate_complaints(self, batch_size=None, now=None):
        """Walk the escalation ladder for one batch of complaints: claim the due
        ones step by step in one UPDATE each (the flag is the proof the step
        was taken), then log and notify in bulk. Re-running takes no step
        twice; the cron runner calls again while some remain."""
        batch_size = batch_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(
                "crm_customer_planning.escalation_batch_size",
                DEFAULT_ESCALATION_BATCH_SIZE,
            )
        )
        now = now or fields.Datetime.now()
        steps = self._get_escalation_steps()
        flags = [step["flag"] for step in steps]
        self.flush_model()
        self.env["res.company"].flush_model(["complaint_general_manager_id"])
        cr = self.env.cr
        claimed, left = [], batch_size
        for step in steps:
            if left <= 0:
                break
            sets = SQL(", ").join(
                SQL("%s = TRUE", SQL.identifier(flag))
                for flag in [step["flag"], *step["also"]]
            )
            cr.execute(
                SQL(
                    """
                    UPDATE customer_complaint
                       SET %s
                     WHERE id IN (%s)
                    RETURNING id
                    """,
                    sets,
                    self._escalation_claim_sql(step, now, left),
                )
            )
            ids = [row[0] for row in cr.fetchall()]
            if ids:
                claimed.append((step, ids))
                left -= len(ids)
        self.invalidate_model([*flags, "escalation_level"])
        for step, ids in claimed:
            self.browse(ids)._escalate(step)
        done = sum(len(ids) for _step, ids in claimed)
        remaining = 0
        if left <= 0:
            cr.execute(
                SQL(
                    "SELECT COUNT(*) FROM (%s) due",
                    SQL(" UNION ALL ").join(
                        SQL("SELECT c.id %s", self._escalation_due_sql(step, now))
                        for step in steps
                    ),
                )
            )
            remaining = cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done, remaining

    def _escalate(self, step):
        """Log the step on each complaint and send one digest per recipient."""
        recipients = self._get_escalation_recipients(step["recipient"])
        by_user = defaultdict(list)
        bodies, notes = {}, {}
        for complaint in self:
            users = recipients.get(complaint.id, self.env["res.users"])
            for user in users:
                by_user[user].append(complaint.id)
            if users not in notes:
                notes[users] = self._get_escalation_note(
                    step["kind"], ", ".join(users.mapped("name")) or "—"
                )
            bodies[complaint.id] = notes[users]
        self.sudo()._message_log_batch(bodies=bodies)
        for user, complaint_ids in by_user.items():
            self.browse(complaint_ids)._notify_escalation(user, step["kind"])

    def _get_escalation_recipients(self, recipient):
        """``{complaint_id: users}`` to tell at a step, without a query per
        complaint: the handler (else the owner), the team leader (else the
        service managers of the company), or the general manager."""
        if recipient == "handler":
            return {c.id: c.handler_id or c.first_responsible_id for c in self}
        if recipient == "general_manager":
            return {c.id: c.company_id.complaint_general_manager_id for c in self}
        managers = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    (
                        "groups_id",
                        "in",
                        self.env.ref(
                            "crm_customer_planning.group_customer_service_manager"
                        ).id,
                    ),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.ids),
                ]
            )
            .filtered(lambda user: not user._is_superuser())
        )
        by_company = {
            company: managers.filtered(lambda user, co=company: co in user.company_ids)
            for company in self.company_id
        }
        return {c.id: c.team_id.user_id or by_company[c.company_id] for c in self}

    @api.model
    def _get_escalation_note(self, kind, names):
        notes = {
            "reply_warning": self.env._(
                "Escalation: the reply deadline is near; %(names)s warned.",
                names=names,
            ),
            "resolution_warning": self.env._(
                "Escalation: the resolution deadline is near; %(names)s warned.",
                names=names,
            ),
            "reply_breached": self.env._(
                "Escalation: no reply within the time limit; %(names)s told.",
                names=names,
            ),
            "resolution_breached": self.env._(
                "Escalation: not resolved within the time limit; %(names)s told.",
                names=names,
            ),
            "major": self.env._(
                "Escalation: major complaint; the general manager %(names)s told.",
                names=names,
            ),
        }
        return Markup("<p>%s</p>") % notes[kind]

    def _notify_escalation(self, user, kind):
        """One message to ``user`` listing the complaints of this step."""
        env = user.with_context(lang=user.lang).env
        intros = {
            "reply_warning": env._(
                "The reply deadline of these complaints is near: answer the customer."
            ),
            "resolution_warning": env._(
                "The resolution deadline of these complaints is near."
            ),
            "reply_breached": env._(
                "These complaints got no reply within the time limit."
            ),
            "resolution_breached": env._(
                "These complaints were not resolved within the time limit."
            ),
            "major": env._("Major complaints: they go to you at once."),
        }
        # A digest names the first complaints; the list view has them all.
        lines = Markup().join(
            Markup("<li>%s — %s — %s</li>")
            % (
                complaint._get_html_link(),
                complaint.partner_id.complete_name,
                format_datetime(
                    env,
                    complaint.reply_deadline
                    if kind.startswith("reply")
                    else complaint.resolution_deadline,
                    tz=user.tz,
                    dt_format="short",
                ),
            )
            for complaint in self[:DIGEST_LINES]
        )
        more = ""
        if len(self) > DIGEST_LINES:
            more = env._("… and %(count)s more.", count=len(self) - DIGEST_LINES)
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=user.partner_id.ids,
            subject=env._("Complaints to escalate: %(count)s", count=len(self)),
            body=Markup("<p>%s</p><ul>%s</ul><p>%s</p>") % (intros[kind], lines, more),
            subtype_xmlid="mail.mt_note",
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _trigger_escalation(self):
        """Major complaints go to the general manager at once: run the ladder
        now rather than at its next tick."""
        if not self:
            return
        cron = self.env.ref(
            "crm_customer_planning.ir_cron_escalate_complaints",
            raise_if_not_found=False,
        )
        if cron:
            cron.sudo()._trigger()
