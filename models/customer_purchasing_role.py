# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The roles of a customer's buying group (customer.purchasing.role, DOMAIN §4). The
people holding them on a deal are in crm_lead_contact.py, a contact's usual role on
res.partner (res_partner.py)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerPurchasingRole(models.Model):
    """A role in the customer's buying group (DOMAIN §4)."""

    _name = "customer.purchasing.role"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Purchasing Role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    is_key = fields.Boolean(
        "Key Role",
        default=True,
        help="Every opportunity should name a supporter or a neutral contact in a "
        "key role; otherwise it shows the role as uncovered.",
    )
    decides = fields.Boolean(
        "Decides the Purchase",
        help="Whoever plays this role decides: an opportunity warns when nobody on "
        "our side covers them.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to use the role in every company.",
    )

    _sql_constraints = [
        (
            "name_company_unique",
            "UNIQUE(name, company_id)",
            "A purchasing role of this name already exists.",
        ),
    ]

    @api.constrains("name", "company_id")
    def _check_name_unique(self):
        """The SQL constraint lets shared roles (no company) repeat a name:
        PostgreSQL never finds two NULL companies equal."""
        for role in self:
            if self.search_count(
                [
                    ("id", "!=", role.id),
                    ("name", "=", role.name),
                    ("company_id", "=", role.company_id.id),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "A purchasing role named %(name)s already exists.",
                        name=role.name,
                    )
                )
