# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How a complaint comes in (DOMAIN §9, 首问责任制): by hand, by mail or on the portal;
one matter, one complaint; who owns one nobody in particular received; the first
answer, which stops the reply clock. The record is in ``customer_complaint.py``, the
portal pages in ``controllers/portal.py``."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize, plaintext2html

from .planning_rules import DONE_STATES, MAX_CHAR_LENGTH


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    # Intake
    open_matter_id = fields.Many2one(
        "customer.complaint",
        "Open Complaint on the Same Matter",
        compute="_compute_open_matter_id",
    )

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

    @api.model
    def _create_from_public_form(self, form, files, ip_address, company):
        """A matter filed on ``/service/complaint`` by someone without an
        account. ``form``: what was typed (name, company, email, phone,
        category_id, complaint_type, description); ``files``: ``[(name,
        bytes)]``. Checks everything first (flood, files, fields), then matches
        or creates the contact and files the complaint, which joins an open
        one on the same matter (一单制). Runs as superuser: the caller is the
        public user. Raises UserError on bad input; the caller rolls back."""
        Submission = self.env["customer.complaint.public.submission"].sudo()
        email = email_normalize(form.get("email") or "") or ""
        Submission._check_flood(ip_address, email)
        Submission._check_files(files)
        vals, contact_vals = self._check_public_form(form, email, company)
        contact = self._match_public_contact(contact_vals, company)
        vals["partner_id"] = contact.commercial_partner_id.id
        if contact != contact.commercial_partner_id:
            vals["contact_id"] = contact.id
        complaint = self.sudo().with_company(company).create(vals)
        if files:
            complaint.message_post(
                body=self.env._("Files sent with the web form."),
                attachments=list(files),
                author_id=contact.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        Submission.create(
            {
                "ip_address": ip_address,
                "email": email or False,
                "complaint_id": complaint.id,
                "company_id": company.id,
            }
        )
        return complaint

    @api.model
    def _check_public_form(self, form, email, company):
        """``(complaint values, contact values)`` of a public form, or a
        UserError naming everything that is missing or wrong."""
        errors = []
        name = (form.get("name") or "").strip()[:MAX_CHAR_LENGTH]
        if not name:
            errors.append(self.env._("Tell us your name."))
        raw_email = (form.get("email") or "").strip()
        phone = (form.get("phone") or "").strip()[:64]
        if raw_email and not email:
            errors.append(
                self.env._("%(email)s is not a valid e-mail address.", email=raw_email)
            )
        elif not (email or phone):
            errors.append(
                self.env._("Give a phone number or an e-mail address to reach you.")
            )
        category = (
            self.env["customer.complaint.category"]
            ._get_portal_categories(company)
            .filtered(lambda c: str(c.id) == str(form.get("category_id") or ""))
        )
        if not category:
            errors.append(self.env._("Choose what it is about."))
        types = dict(self._fields["complaint_type"]._description_selection(self.env))
        complaint_type = form.get("complaint_type") or "complaint"
        if complaint_type not in types:
            errors.append(self.env._("Choose a type."))
        description = (form.get("description") or "").strip()
        if not description:
            errors.append(self.env._("Describe what happened."))
        if errors:
            raise UserError("\n".join(errors))
        first_line = description.splitlines()[0].strip()
        subject = first_line[:80] + ("…" if len(first_line) > 80 else "")
        vals = {
            "subject": subject,
            "description": plaintext2html(description),
            "category_id": category.id,
            "complaint_type": complaint_type,
            "channel": "web",
            "company_id": company.id,
        }
        contact_vals = {
            "name": name,
            "email": email or False,
            "phone": phone or False,
            "company_name": (form.get("company") or "").strip()[:MAX_CHAR_LENGTH],
        }
        return vals, contact_vals

    @api.model
    def _match_public_contact(self, contact_vals, company):
        """The contact of a public form: the one with this e-mail, else this
        phone, among the company's contacts (or shared ones); else a new
        contact, under a new customer company when one was named."""
        Partner = self.env["res.partner"].sudo().with_company(company)
        company_domain = [("company_id", "in", [company.id, False])]
        contact = Partner.browse()
        if contact_vals["email"]:
            contact = Partner.search(
                [("email", "=ilike", contact_vals["email"]), *company_domain],
                order="id",
                limit=1,
            )
        if not contact and contact_vals["phone"]:
            contact = Partner.search(
                [
                    "|",
                    ("phone", "=", contact_vals["phone"]),
                    ("mobile", "=", contact_vals["phone"]),
                    *company_domain,
                ],
                order="id",
                limit=1,
            )
        if contact:
            return contact
        parent = Partner.browse()
        if contact_vals["company_name"]:
            parent = Partner.create(
                {
                    "name": contact_vals["company_name"],
                    "is_company": True,
                    "company_id": company.id,
                }
            )
        return Partner.create(
            {
                "name": contact_vals["name"],
                "email": contact_vals["email"],
                "phone": contact_vals["phone"],
                "parent_id": parent.id,
                "company_id": company.id,
            }
        )

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
