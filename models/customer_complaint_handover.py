# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The work-contact form (工作联络单, customer.complaint.handover; DOMAIN §9): the
owner of a complaint hands part of the matter to another employee, of another
department if need be, saying what is asked and by when. The receiver finds it among
their to-dos and answers, or refuses with a reason. The complaint's first-responsible
person stays answerable to the end (一抓到底): a hand-over never changes the owner.
The job that warns and escalates overdue hand-overs is in
``customer_complaint_handover_planning.py``."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import format_datetime

from .planning_rules import DONE_STATES

HANDOVER_STATES = [
    ("sent", "Sent"),
    ("answered", "Answered"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]
# The receiver is warned once this share of the time given has passed.
HANDOVER_WARNING_SHARE = 0.75
# Set once when sent, then changed only by the hand-over's own steps (answer,
# refusal, cancellation, escalation): cancel and send a new one to change them.
LOCKED_FIELDS = {
    "complaint_id",
    "sender_id",
    "receiver_id",
    "team_id",
    "request",
    "deadline",
    "date_sent",
    "state",
    "answer",
    "refusal_reason",
    "date_done",
    "receiver_warned",
    "manager_told",
}
# What the sender fills in.
CREATE_FIELDS = {"complaint_id", "receiver_id", "team_id", "request", "deadline"}
TODO = "mail.mail_activity_data_todo"


class CustomerComplaintHandover(models.Model):
    """A part of a complaint's matter handed to another person (工作联络单): what is
    asked, of whom, by when, and the answer or the reason for refusing."""

    _name = "customer.complaint.handover"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.planning.input.mixin"]
    _description = "Complaint Hand-over"
    _order = "priority desc, deadline desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        "Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    complaint_id = fields.Many2one(
        "customer.complaint",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True, precompute=True
    )
    # What the receiver needs to know of the complaint, even without other
    # rights on the customer.
    complaint_subject = fields.Char(related="complaint_id.subject", string="Matter")
    partner_id = fields.Many2one(
        related="complaint_id.commercial_partner_id", string="Customer"
    )
    first_responsible_id = fields.Many2one(
        related="complaint_id.first_responsible_id", string="First Responsible"
    )

    # Who asks whom for what, by when
    sender_id = fields.Many2one(
        "res.users",
        "Sent By",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    receiver_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
        help="The employee who answers the hand-over; it is among their to-dos.",
    )
    team_id = fields.Many2one(
        "crm.team",
        "Department",
        index="btree_not_null",
        check_company=True,
        help="The department asked, when the receiver answers for it.",
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Urgent")], default="0", index=True
    )
    request = fields.Text(
        "What Is Asked", required=True, help="What the receiver is asked to do."
    )
    date_sent = fields.Datetime(
        "Sent On", required=True, readonly=True, default=fields.Datetime.now
    )
    deadline = fields.Datetime("Answer By", required=True, tracking=True)
    warning_date = fields.Datetime(
        compute="_compute_warning_date",
        store=True,
        help="From then on the receiver is warned that the deadline is near.",
    )

    # Outcome
    state = fields.Selection(
        HANDOVER_STATES,
        "Status",
        required=True,
        default="sent",
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
    )
    answer = fields.Text(readonly=True, copy=False)
    refusal_reason = fields.Text(readonly=True, copy=False)
    date_done = fields.Datetime("Answered On", readonly=True, copy=False)
    is_overdue = fields.Boolean(
        "Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    is_receiver = fields.Boolean(compute="_compute_user_can")
    can_cancel = fields.Boolean(compute="_compute_user_can")

    # Escalation: each step once (customer_complaint_handover_planning.py)
    receiver_warned = fields.Boolean(readonly=True, copy=False)
    manager_told = fields.Boolean("Service Manager Told", readonly=True, copy=False)

    @api.depends("date_sent", "deadline")
    def _compute_warning_date(self):
        for handover in self:
            if handover.date_sent and handover.deadline:
                span = handover.deadline - handover.date_sent
                handover.warning_date = (
                    handover.date_sent + span * HANDOVER_WARNING_SHARE
                )
            else:
                handover.warning_date = handover.deadline

    @api.depends("state", "deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for handover in self:
            handover.is_overdue = bool(
                handover.state == "sent"
                and handover.deadline
                and handover.deadline < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("This search on overdue is not supported."))
        overdue = [("state", "=", "sent"), ("deadline", "<", fields.Datetime.now())]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    @api.depends("receiver_id", "sender_id", "state")
    @api.depends_context("uid")
    def _compute_user_can(self):
        for handover in self:
            handover.is_receiver = handover.receiver_id == self.env.user
            handover.can_cancel = (
                handover.state == "sent" and handover._is_allowed_to_cancel()
            )

    @api.depends("name", "complaint_subject")
    def _compute_display_name(self):
        for handover in self:
            handover.display_name = " ".join(
                part for part in (handover.name, handover.complaint_subject) if part
            )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """Send hand-overs: checked first, all or none; each becomes a to-do of
        its receiver and a note on its complaint."""
        self.browse().check_access("create")
        for vals in vals_list:
            if "complaint_id" not in vals:
                vals["complaint_id"] = self.env.context.get("default_complaint_id")
            self._check_input_vals(vals)
            self._check_locked_values(vals)
            self._check_new_handover(vals)
        for vals in vals_list:
            complaint = self.env["customer.complaint"].browse(vals["complaint_id"])
            vals["name"] = self.env["ir.sequence"].sudo().with_company(
                complaint.company_id
            ).next_by_code("customer.complaint.handover") or self.env._("New")
            if not (self.env.su and vals.get("sender_id")):
                vals["sender_id"] = self.env.uid
            vals["date_sent"] = fields.Datetime.now()
            vals["state"] = "sent"
        handovers = super().create(vals_list)
        handovers._on_sent()
        return handovers

    def write(self, vals):
        self._check_locked_values(vals)
        return super().write(vals)

    @api.model
    def _check_locked_values(self, vals):
        """On creation a user chooses the complaint, the receiver, the
        department, the request and the deadline; the rest, and everything
        afterwards, is written by the hand-over's own steps."""
        if self.env.su or self.env.context.get("handover_internal_write"):
            return
        locked = (LOCKED_FIELDS & vals.keys()) - (set() if self else CREATE_FIELDS)
        if locked:
            raise UserError(
                self.env._(
                    "A hand-over is changed by its own steps only (answer, refuse, "
                    "cancel): cancel it and send a new one to change %(fields)s.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env)
                        for fname in sorted(locked)
                    ),
                )
            )

    @api.model
    def _check_new_handover(self, vals):
        """A hand-over is sent on an open complaint the sender can edit, to
        another employee of the complaint's company, with a request and a
        deadline still to come."""
        complaint = self.env["customer.complaint"].browse(vals.get("complaint_id"))
        if not complaint.exists():
            raise ValidationError(self.env._("Choose the complaint to hand over."))
        if not complaint.has_access("write"):
            raise AccessError(
                self.env._(
                    "You can hand over only a complaint you can edit: ask its "
                    "first-responsible person."
                )
            )
        if complaint.state in DONE_STATES:
            raise UserError(
                self.env._(
                    "%(complaint)s is closed or cancelled: there is nothing left to "
                    "hand over.",
                    complaint=complaint.display_name,
                )
            )
        receiver = self.env["res.users"].browse(vals.get("receiver_id")).exists()
        if not receiver:
            raise ValidationError(
                self.env._("Choose the employee who receives the hand-over.")
            )
        if receiver.share:
            raise ValidationError(
                self.env._(
                    "%(user)s is not an employee: hand the matter to an employee.",
                    user=receiver.name,
                )
            )
        sender = self.env["res.users"].browse(vals.get("sender_id")) or self.env.user
        if receiver == sender:
            raise ValidationError(
                self.env._("Hand the matter to someone else than yourself.")
            )
        if complaint.company_id not in receiver.sudo().company_ids:
            raise ValidationError(
                self.env._(
                    "%(user)s does not work for %(company)s, the company of the "
                    "complaint: choose a receiver of that company.",
                    user=receiver.name,
                    company=complaint.company_id.name,
                )
            )
        if not (vals.get("request") or "").strip():
            raise ValidationError(
                self.env._("Say what the receiver of the hand-over is asked to do.")
            )
        deadline = fields.Datetime.to_datetime(vals.get("deadline"))
        if not deadline:
            raise ValidationError(
                self.env._("Say by when the hand-over is to be answered.")
            )
        if deadline <= fields.Datetime.now():
            raise ValidationError(
                self.env._(
                    "The hand-over must be answered by a time still to come, not "
                    "%(deadline)s.",
                    deadline=format_datetime(self.env, deadline, dt_format="short"),
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_answer(self):
        return self._open_reply("answer", self.env._("Answer the Hand-over"))

    def action_open_refuse(self):
        return self._open_reply("refuse", self.env._("Refuse the Hand-over"))

    def action_cancel(self):
        self._cancel()

    def action_view_complaint(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.complaint",
            "res_id": self.complaint_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _open_reply(self, kind, name):
        self.ensure_one()
        self._check_can_reply()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "customer.complaint.handover.reply",
            "view_mode": "form",
            "target": "new",
            "context": {"default_handover_id": self.id, "default_kind": kind},
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _on_sent(self):
        """The receiver gets a to-do due on the deadline's day (in their time
        zone) and follows the hand-over; the complaint keeps a note of what was
        asked, of whom, by when; its owner is told when someone else sent it."""
        for handover in self:
            receiver = handover.receiver_id
            handover.message_subscribe(
                partner_ids=(handover.sender_id | receiver).partner_id.ids
            )
            tz = receiver.tz or handover.company_id._get_company_tz()
            due = fields.Datetime.context_timestamp(
                handover.with_context(tz=tz), handover.deadline
            ).date()
            handover.activity_schedule(
                TODO,
                date_deadline=due,
                summary=self.env._("Answer hand-over %(ref)s", ref=handover.name),
                note=handover.request,
                user_id=receiver.id,
            )
            owner = handover.complaint_id.first_responsible_id
            handover.complaint_id.message_post(
                body=handover._get_sent_note(),
                subtype_xmlid="mail.mt_note",
                partner_ids=(owner - self.env.user).partner_id.ids,
            )

    def _get_sent_note(self):
        self.ensure_one()
        receiver = self.receiver_id.name
        if self.team_id:
            receiver = f"{receiver} ({self.team_id.name})"
        return Markup("<p>%s</p><p>%s</p>") % (
            self.env._(
                "Hand-over %(ref)s to %(receiver)s, to be answered by %(deadline)s. "
                "The first-responsible person stays answerable for the complaint.",
                ref=self._get_html_link(),
                receiver=receiver,
                deadline=self._format_deadline(self.env.user),
            ),
            self.request,
        )

    def _format_deadline(self, user):
        self.ensure_one()
        return format_datetime(
            user.with_context(lang=user.lang).env,
            self.deadline,
            tz=user.tz or self.company_id._get_company_tz(),
            dt_format="short",
        )

    def _check_can_reply(self):
        """Only the receiver answers or refuses, and only once."""
        for handover in self:
            if handover.state != "sent":
                raise UserError(
                    self.env._(
                        "Hand-over %(ref)s is already %(state)s.",
                        ref=handover.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[handover.state].lower(),
                    )
                )
            if handover.receiver_id != self.env.user:
                raise UserError(
                    self.env._(
                        "Only %(receiver)s, who received hand-over %(ref)s, answers "
                        "or refuses it.",
                        receiver=handover.receiver_id.name,
                        ref=handover.name,
                    )
                )

    def _answer(self, answer):
        """The receiver answers: the to-do is done, the complaint and its owner
        are told."""
        answer = (answer or "").strip()
        if not answer:
            raise UserError(self.env._("Write the answer to the hand-over."))
        self._reply("answered", {"answer": answer})

    def _refuse(self, reason):
        """The receiver refuses, with a reason: the owner finds someone else or
        does it."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give a reason for refusing the hand-over."))
        self._reply("refused", {"refusal_reason": reason})

    def _reply(self, state, vals):
        self._check_can_reply()
        self.with_context(handover_internal_write=True).write(
            {**vals, "state": state, "date_done": fields.Datetime.now()}
        )
        for handover in self:
            text = handover.answer if state == "answered" else handover.refusal_reason
            handover.activity_feedback(
                [TODO], user_id=handover.receiver_id.id, feedback=text
            )
            complaint = handover.complaint_id
            body = Markup("<p>%s</p><p>%s</p>") % (
                self.env._(
                    "%(receiver)s answered hand-over %(ref)s:",
                    receiver=handover.receiver_id.name,
                    ref=handover._get_html_link(),
                )
                if state == "answered"
                else self.env._(
                    "%(receiver)s refused hand-over %(ref)s. Reason:",
                    receiver=handover.receiver_id.name,
                    ref=handover._get_html_link(),
                ),
                text,
            )
            told = (complaint.first_responsible_id | handover.sender_id) - self.env.user
            complaint.message_post(
                body=body,
                subtype_xmlid="mail.mt_note",
                partner_ids=told.partner_id.ids,
            )

    def _is_allowed_to_cancel(self):
        """The sender, the complaint's owner or handler, or a service manager."""
        self.ensure_one()
        user = self.env.user
        return (
            user in (self.sender_id | self.complaint_id.first_responsible_id)
            or user == self.complaint_id.handler_id
            or user.has_group("crm_customer_planning.group_customer_service_manager")
        )

    def _cancel(self):
        """Withdraw hand-overs still waiting for an answer: the to-do goes, the
        receiver is told."""
        for handover in self:
            if handover.state != "sent":
                raise UserError(
                    self.env._(
                        "Only a hand-over waiting for its answer can be cancelled: "
                        "%(ref)s is not.",
                        ref=handover.name,
                    )
                )
            if not handover._is_allowed_to_cancel():
                raise UserError(
                    self.env._(
                        "Only the sender of hand-over %(ref)s, the complaint's "
                        "owner or a service manager can cancel it.",
                        ref=handover.name,
                    )
                )
        self._set_cancelled(
            self.env._("Hand-over cancelled by %(user)s.", user=self.env.user.name)
        )

    def _withdraw_with_complaint(self):
        """The complaint is closed or cancelled: what it still waits for is
        withdrawn, whoever closed it, and each receiver is told why."""
        waiting = self.filtered(lambda h: h.state == "sent")
        for complaint, handovers in waiting.grouped("complaint_id").items():
            handovers._set_cancelled(
                self.env._(
                    "Hand-over withdrawn: complaint %(ref)s is %(state)s.",
                    ref=complaint.name,
                    state=dict(
                        complaint._fields["state"]._description_selection(self.env)
                    )[complaint.state].lower(),
                )
            )

    def _set_cancelled(self, note):
        """Cancel, remove the receiver's to-do and tell the receiver ``note``."""
        self.with_context(handover_internal_write=True).write(
            {"state": "cancelled", "date_done": fields.Datetime.now()}
        )
        for handover in self:
            handover.activity_unlink([TODO], user_id=handover.receiver_id.id)
            handover.message_post(
                body=note,
                subtype_xmlid="mail.mt_note",
                partner_ids=(handover.receiver_id - self.env.user).partner_id.ids,
            )
