# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A person of the customer's buying organisation on one deal (crm.lead.contact, DOMAIN
§4). The roles are in customer_purchasing_role.py; the warning for the roles nobody
covers is computed on the opportunity (crm_lead.py)."""

from odoo import api, fields, models

from .planning_rules import ATTITUDES, COUNTERPART_LEVELS


class CrmLeadContact(models.Model):
    """A person of the customer's buying organisation involved in one deal,
    with the role they play and their attitude in it (DOMAIN §4)."""

    _name = "crm.lead.contact"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Opportunity Buying Contact"
    _order = "lead_id, role_sequence, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead", "Opportunity", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="lead_id.company_id", store=True, index="btree_not_null"
    )
    partner_id = fields.Many2one(
        "res.partner", "Contact", required=True, index=True, check_company=True
    )
    function = fields.Char(related="partner_id.function")
    administrative_level = fields.Selection(related="partner_id.administrative_level")
    role_id = fields.Many2one(
        "customer.purchasing.role",
        "Role in this Deal",
        compute="_compute_from_partner",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    role_sequence = fields.Integer(related="role_id.sequence", store=True)
    attitude = fields.Selection(
        ATTITUDES,
        "Attitude in this Deal",
        compute="_compute_from_partner",
        store=True,
        readonly=False,
        precompute=True,
    )
    counterpart_user_id = fields.Many2one(
        "res.users",
        "Covered By",
        compute="_compute_from_partner",
        store=True,
        readonly=False,
        precompute=True,
        help="Who covers this contact on our side in this deal.",
    )
    counterpart_level = fields.Selection(
        COUNTERPART_LEVELS,
        "Covered At",
        compute="_compute_from_partner",
        store=True,
        readonly=False,
        precompute=True,
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "contact_role_unique",
            "UNIQUE(lead_id, partner_id, role_id)",
            "This contact already plays this role in the opportunity.",
        ),
    ]

    @api.depends("partner_id")
    def _compute_from_partner(self):
        """The contact's usual role, attitude and counterpart on our side,
        until set for this deal."""
        for line in self:
            if not line.role_id:
                line.role_id = line.partner_id.purchasing_role_id
            if not line.attitude:
                line.attitude = line.partner_id.attitude or "neutral"
            if not line.counterpart_user_id:
                line.counterpart_user_id = line.partner_id.counterpart_user_id
                line.counterpart_level = line.partner_id.counterpart_level
