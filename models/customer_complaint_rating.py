# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer rates the service (customer.complaint with Odoo's ``rating.mixin``):
at close, after the return visit, one rating request goes by mail to the person who
brought the matter; the first-responsible owner is the one rated. The customer answers
on Odoo's own rating pages (``/rate/<token>/<score>``, one click a face, then a
comment); a rating once given is final (``controllers/rating.py`` says so to a reused
link). The agent's return-visit note stays what the agent heard
(``customer_complaint.py``)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.rating.models.rating_data import RATING_TEXT

from .planning_rules import UNRESOLVED_STATES

RATING_REQUEST_STATUSES = [
    ("sent", "Sent"),
    ("no_email", "No e-mail address"),
]
# Written by the close only, never by a user.
RATING_PROTECTED_FIELDS = {"rating_request_status"}


class CustomerComplaint(models.Model):
    _name = "customer.complaint"
    _inherit = ["rating.mixin", "customer.complaint"]

    rating_request_status = fields.Selection(
        RATING_REQUEST_STATUSES,
        "Rating Request",
        readonly=True,
        copy=False,
        help="The customer's rating request of this close: sent, or not sent for "
        "want of an e-mail address. Empty again when the complaint is reopened.",
    )

    # The last rating given, whatever request is still waiting (the mixin's
    # rating_last_text and rating_last_feedback read the newest request).
    customer_rating_text = fields.Selection(
        RATING_TEXT,
        "Customer Rating",
        compute="_compute_customer_rating",
        groups="base.group_user",
        help="The last rating the customer gave, on Odoo's rating page.",
    )
    customer_rating_feedback = fields.Text(
        "Customer's Comment",
        compute="_compute_customer_rating",
        groups="base.group_user",
    )

    @api.depends("rating_ids.consumed", "rating_ids.rating", "rating_ids.feedback")
    def _compute_customer_rating(self):
        for complaint in self:
            rating = complaint._get_given_rating()
            complaint.customer_rating_text = rating.rating_text or "none"
            complaint.customer_rating_feedback = rating.feedback

    # ------------------------------------------------------------
    # RATING CONFIGURATION (rating.mixin)
    # ------------------------------------------------------------

    def _rating_get_partner(self):
        """Who rates: the person who brought the matter, else the customer
        company, the first of them with an e-mail address."""
        people = [self.contact_id, self.partner_id]
        return next(
            (person for person in people if person.email),
            self.contact_id or self.partner_id,
        )

    def _rating_get_operator(self):
        """Who is rated: the first-responsible owner (首问责任制, 一抓到底)."""
        return self.first_responsible_id.partner_id

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model
    def _check_complaint_write_allowed(self, vals_list):
        super()._check_complaint_write_allowed(vals_list)
        if self.env.su or self.env.context.get("complaint_internal_write"):
            return
        if any(RATING_PROTECTED_FIELDS & vals.keys() for vals in vals_list):
            raise AccessError(
                self.env._("The rating request is written when the complaint closes.")
            )

    def _on_stage_changed(self, old_states):
        """A complaint reopened to be handled again gets a new rating request at
        its next close; a close after the return visit sends it."""
        res = super()._on_stage_changed(old_states)
        reopened = self.filtered(
            lambda c: c.state in UNRESOLVED_STATES and c.rating_request_status
        )
        if reopened:
            reopened.with_context(complaint_internal_write=True).write(
                {"rating_request_status": False}
            )
        self.filtered(
            lambda c: c.state == "closed" and old_states.get(c.id) != "closed"
        )._send_rating_request()
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _send_rating_request(self):
        """Ask the customer to rate the service, once for a close: only after a
        return visit (a waived one asks nothing), by mail to the person who
        rates. Without any e-mail address a note in the chatter says so."""
        to_ask = self.filtered(
            lambda c: (
                c.state == "closed"
                and c.return_visit_date
                and not c.return_visit_waived
                and not c.rating_request_status
            )
        )
        if not to_ask:
            return
        template = self.env.ref(
            "crm_customer_planning.mail_template_complaint_rating_request"
        )
        no_email = to_ask.filtered(lambda c: not c._rating_get_partner().email)
        for complaint in no_email:
            complaint.message_post(
                body=self.env._(
                    "No rating request sent: neither %(customer)s nor its contact "
                    "has an e-mail address.",
                    customer=complaint.partner_id.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        for complaint in to_ask - no_email:
            complaint.rating_send_request(
                template, lang=complaint._rating_get_partner().lang, force_send=False
            )
        if no_email:
            no_email.with_context(complaint_internal_write=True).write(
                {"rating_request_status": "no_email"}
            )
        if to_ask - no_email:
            (to_ask - no_email).with_context(complaint_internal_write=True).write(
                {"rating_request_status": "sent"}
            )

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """A rating given is final: the same link cannot change it, nor give
        a second one."""
        if token:
            rating = (
                self.env["rating.rating"]
                .sudo()
                .search([("access_token", "=", token)], limit=1)
            )
        if rating and (rating.res_model != self._name or rating.res_id not in self.ids):
            raise UserError(self.env._("This rating is not one of this complaint."))
        if rating and rating.consumed:
            raise UserError(
                self.env._(
                    "%(complaint)s was already rated; a rating cannot be changed.",
                    complaint=self.browse(rating.res_id).sudo().display_name,
                )
            )
        return super().rating_apply(
            rate,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )

    def _get_pending_rating(self, partner):
        """The rating request of one complaint still waiting for ``partner``'s
        company to answer (an empty recordset without one)."""
        self.ensure_one()
        if self.rating_request_status != "sent":
            return self.env["rating.rating"]
        company = partner.commercial_partner_id
        return (
            self.sudo()
            .rating_ids.filtered(
                lambda r: (
                    not r.consumed and r.partner_id.commercial_partner_id == company
                )
            )
            .sorted("id")[-1:]
        )

    def _get_given_rating(self):
        """The last rating the customer gave on one complaint."""
        self.ensure_one()
        return (
            self.sudo()
            .rating_ids.filtered(lambda r: r.consumed and r.rating >= 1)
            .sorted(lambda r: (r.write_date, r.id))[-1:]
        )

    def action_open_ratings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "rating.rating_rating_action"
        )
        action["domain"] = [
            ("res_model", "=", self._name),
            ("res_id", "=", self.id),
            ("consumed", "=", True),
        ]
        action["context"] = {}
        return action
