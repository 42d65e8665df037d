# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer portal's complaint pages (/my/complaints): list, detail and a new
complaint. Who owns a complaint filed here, and the matter it joins, is decided in
models/customer_complaint_intake.py; what a portal user sees, by the record rules."""

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ComplaintCustomerPortal(CustomerPortal):
    """/my/complaints: a customer's logged-in users file complaints, follow
    them with their stage and reply. Access follows the record rules only: a
    user sees the complaints of their own customer company, and an access
    token in the URL never stands in for that."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["customer.complaint"]
            values["complaint_count"] = (
                Complaint.search_count([]) if Complaint.has_access("read") else 0
            )
        return values

    def _use_planning_tz(self):
        """Dates on the complaint pages in the user's time zone, else in the
        company calendar's (a customer's user seldom sets one), never in the
        server's UTC: a complaint received on Monday at 07:30 in Beijing is
        shown as Monday's."""
        request.update_context(tz=request.env.company._get_planning_tz())

    def _get_complaint_searchbar_sortings(self):
        return {
            "date": {"label": request.env._("Newest"), "order": "date_received desc"},
            "name": {"label": request.env._("Reference"), "order": "name desc"},
            "stage": {"label": request.env._("Stage"), "order": "stage_id, id desc"},
        }

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, sortby=None, **kw):
        Complaint = request.env["customer.complaint"]
        if not Complaint.has_access("read"):
            return request.redirect("/my")
        sortings = self._get_complaint_searchbar_sortings()
        sortby = sortby if sortby in sortings else "date"
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby},
            total=Complaint.search_count([]),
            page=page,
            step=self._items_per_page,
        )
        complaints = Complaint.search(
            [],
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_complaints_history"] = complaints.ids[:100]
        self._use_planning_tz()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": complaints,
                "page_name": "complaint",
                "default_url": "/my/complaints",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("crm_customer_planning.portal_my_complaints", values)

    @http.route(
        ["/my/complaints/<int:complaint_id>"], type="http", auth="user", website=True
    )
    def portal_my_complaint(self, complaint_id, **kw):
        try:
            # No token passed on purpose: only the user's own rights count.
            complaint_sudo = self._document_check_access(
                "customer.complaint", complaint_id
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            complaint_sudo,
            None,
            {"page_name": "complaint", "complaint": complaint_sudo},
            "my_complaints_history",
            False,
        )
        values.update(self._prepare_complaint_rating_values(complaint_sudo))
        self._use_planning_tz()
        return request.render("crm_customer_planning.portal_my_complaint", values)

    def _prepare_complaint_rating_values(self, complaint_sudo):
        """The customer's rating on the complaint page: the rating given, and
        the faces of a request still waiting for the user's company (Odoo's
        rating pages take the click, ``/rate/<token>/<score>``)."""
        pending = complaint_sudo._get_pending_rating(request.env.user.partner_id)
        return {
            "complaint_rating": complaint_sudo._get_given_rating(),
            "complaint_rating_token": pending.access_token,
        }

    @http.route(
        ["/my/complaints/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_new_complaint(self, **post):
        user = request.env.user
        if not user._is_portal():
            # Employees record complaints in the back end, as their owner.
            return request.redirect("/my/complaints")
        company = user.partner_id.commercial_partner_id.company_id or user.company_id
        categories = request.env["customer.complaint.category"]._get_portal_categories(
            company
        )
        types = dict(
            request.env["customer.complaint"]
            ._fields["complaint_type"]
            ._description_selection(request.env)
        )
        errors = {}
        if request.httprequest.method == "POST":
            errors, vals = self._prepare_portal_complaint_values(
                post, categories, types, company
            )
            if not errors:
                complaint = request.env["customer.complaint"].sudo().create(vals)
                return request.redirect(f"/my/complaints/{complaint.id}")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "complaint_new",
                "categories": categories,
                "complaint_types": types,
                "errors": errors,
                "post": post,
            }
        )
        return request.render("crm_customer_planning.portal_new_complaint", values)

    def _prepare_portal_complaint_values(self, post, categories, types, company):
        """Check what the customer typed; the customer, contact, channel and
        company come from the logged-in user, never from the form."""
        errors = {}
        subject = (post.get("subject") or "").strip()
        if not subject:
            errors["subject"] = request.env._("Say in a few words what it is about.")
        category = categories.filtered(
            lambda c: str(c.id) == (post.get("category_id") or "")
        )
        if not category:
            errors["category_id"] = request.env._("Choose what it is about.")
        complaint_type = post.get("complaint_type") or "complaint"
        if complaint_type not in types:
            errors["complaint_type"] = request.env._("Choose a type.")
        contact = request.env.user.partner_id
        customer = contact.commercial_partner_id
        vals = {
            "subject": subject,
            "description": plaintext2html(post.get("description") or ""),
            "category_id": category[:1].id,
            "complaint_type": complaint_type,
            "channel": "portal",
            "partner_id": customer.id,
            "contact_id": contact.id if contact != customer else False,
            "company_id": company.id,
        }
        return errors, vals
