# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The public complaint form (``/service/complaint``): someone without an account
(or a logged-in customer) files a matter. Odoo checks the form's CSRF token; the
flood guard, the contact and the matter it joins are decided by
``customer.complaint._create_from_public_form``
(models/customer_complaint_intake.py)."""

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request


class PublicComplaintController(http.Controller):
    def _public_form_company(self):
        return request.env.company

    def _public_form_values(self, company, post=None, error=None):
        Complaint = request.env["customer.complaint"]
        return {
            "categories": request.env[
                "customer.complaint.category"
            ]._get_portal_categories(company),
            "complaint_types": dict(
                Complaint._fields["complaint_type"]._description_selection(request.env)
            ),
            "post": post or {},
            "error": error,
        }

    @http.route(
        "/service/complaint",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def public_complaint(self, **post):
        company = self._public_form_company()
        if request.httprequest.method != "POST":
            user_partner = request.env.user.partner_id
            if not request.env.user._is_public():
                post = {
                    "name": user_partner.name,
                    "company": user_partner.commercial_company_name or "",
                    "email": user_partner.email or "",
                    "phone": user_partner.phone or "",
                }
            return request.render(
                "crm_customer_planning.public_complaint_form",
                self._public_form_values(company, post),
            )
        files = [
            (upload.filename, upload.read())
            for upload in request.httprequest.files.getlist("attachments")
            if upload.filename
        ]
        form = {key: value for key, value in post.items() if isinstance(value, str)}
        try:
            # One transaction: a refusal leaves nothing half-written.
            with request.env.cr.savepoint():
                complaint = (
                    request.env["customer.complaint"]
                    .sudo()
                    ._create_from_public_form(
                        form, files, request.httprequest.remote_addr or "", company
                    )
                )
        except UserError as error:
            return request.render(
                "crm_customer_planning.public_complaint_form",
                self._public_form_values(company, form, error.args[0]),
            )
        return request.render(
            "crm_customer_planning.public_complaint_thanks",
            {"reference": complaint.name},
        )
