# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a complaint is about and the team answering for it
(customer.complaint.category), with the email alias that turns mail into complaints. The
mail gateway itself is in customer_complaint_intake.py."""

from ast import literal_eval

from odoo import api, fields, models


class CustomerComplaintCategory(models.Model):
    """What a complaint is about, and the department answering for it
    (DOMAIN §9: dispatch to the department; count how often each problem
    occurs). An email alias per category turns mail into complaints."""

    _name = "customer.complaint.category"
    _inherit = ["mail.alias.mixin.optional", "customer.planning.input.mixin"]
    _description = "Complaint Category"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to use the category in every company.",
    )
    # No company check: a category shared by all companies may name the team
    # of one; a complaint checks its team against its own company.
    team_id = fields.Many2one(
        "crm.team",
        "Responsible Team",
        help="The department that handles complaints of this category; its leader "
        "owns those that come in by email or the portal and is told when one "
        "breaches its deadline.",
    )
    description = fields.Text(translate=True)
    is_fault = fields.Boolean(
        "Fault",
        help="Complaints of this category report a fault (故障): the customer's "
        "salesperson and their sales manager are told at once.",
    )
    complaint_count = fields.Integer("Complaints", compute="_compute_complaint_count")

    @api.depends_context("uid")
    def _compute_complaint_count(self):
        groups = self.env["customer.complaint"]._read_group(
            [("category_id", "in", self.ids)], ["category_id"], ["__count"]
        )
        counts = {category.id: count for category, count in groups}
        for category in self:
            category.complaint_count = counts.get(category.id, 0)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_planning.customer_complaint_action"
        )
        action["domain"] = [("category_id", "=", self.id)]
        action["context"] = {"default_category_id": self.id}
        return action

    # ------------------------------------------------------------
    # MAIL
    # ------------------------------------------------------------

    def _alias_get_creation_values(self):
        """Mail to the category's alias creates a complaint of that category."""
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("customer.complaint")
        if self.id:
            values["alias_defaults"] = defaults = literal_eval(
                self.alias_defaults or "{}"
            )
            defaults["category_id"] = self.id
            if self.company_id:
                defaults["company_id"] = self.company_id.id
        return values

    @api.model
    def _get_portal_categories(self, company):
        """The categories a customer chooses from on the portal."""
        return self.sudo().search(
            [("company_id", "in", [company.id, False])], order="sequence, name"
        )
