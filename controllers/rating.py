# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's rating pages (``/rate/<token>/<score>``) for a complaint's rating: a link
used again once the customer has given the rating and its comment opens a page
saying so, with the rating given, and changes nothing (see
``customer.complaint.rating_apply``, models/customer_complaint_rating.py). A forged
token stays Odoo's 404; every other rating is Odoo's."""

from odoo import http
from odoo.http import request
from odoo.tools.misc import get_lang

from odoo.addons.rating.controllers.main import Rating


class ComplaintRating(Rating):
    @http.route()
    def action_open_rating(self, token, rate, **kwargs):
        return self._complaint_rating_given_page(token) or super().action_open_rating(
            token, rate, **kwargs
        )

    @http.route()
    def action_submit_rating(self, token, rate=0, **kwargs):
        return self._complaint_rating_given_page(token) or super().action_submit_rating(
            token, rate=rate, **kwargs
        )

    def _complaint_rating_given_page(self, token):
        """The page of a complaint's rating already given (None for any other
        token: Odoo's own pages answer it, a 404 for an unknown one)."""
        rating = (
            request.env["rating.rating"]
            .sudo()
            .search([("access_token", "=", token)], limit=1)
        )
        if not (rating.consumed and rating.res_model == "customer.complaint"):
            return None
        complaint = request.env["customer.complaint"].sudo().browse(rating.res_id)
        lang = rating.partner_id.lang or get_lang(request.env).code
        return (
            request.env["ir.ui.view"]
            .with_context(lang=lang)
            ._render_template(
                "crm_customer_planning.complaint_rating_already_given",
                {
                    "rating": rating,
                    "complaint": complaint,
                    "web_base_url": rating.get_base_url(),
                },
            )
        )
