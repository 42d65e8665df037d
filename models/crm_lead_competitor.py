# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A competitor met on one opportunity (crm.lead.competitor, DOMAIN §5): its offer,
strengths and weaknesses, and our strategy against it. The win and loss figures per
competitor are in report/crm_competitor_report.py."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

COMPETITOR_KINDS = [
    ("direct", "Direct"),
    ("indirect", "Indirect"),
]
STRATEGIES = [
    ("frontal", "Frontal"),
    ("flanking", "Flanking"),
    ("guerrilla", "Guerrilla"),
    ("defensive", "Defensive"),
    ("development", "Development"),
]


class CrmLeadCompetitor(models.Model):
    """A competitor met on one opportunity and how we fight it (DOMAIN §5)."""

    _name = "crm.lead.competitor"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Opportunity Competitor"
    _order = "lead_id, sequence, id"
    _rec_name = "competitor_id"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead", "Opportunity", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="lead_id.company_id", store=True, index="btree_not_null"
    )
    sequence = fields.Integer(default=10)
    competitor_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        help="A direct competitor is a company marked as competitor; an indirect "
        "one may be a person inside the customer or its parent organisation.",
    )
    kind = fields.Selection(COMPETITOR_KINDS, required=True, default="direct")
    product = fields.Char(help="The product or offer the competitor brings.")
    solution = fields.Text(help="The competitor's solution compared with ours.")
    alliance = fields.Text(
        "Alliance Resources", help="Partners and relationships backing the competitor."
    )
    strengths = fields.Text()
    weaknesses = fields.Text()
    strategy = fields.Selection(
        STRATEGIES,
        help="Our strategy against this competitor, chosen from our position: "
        "frontal when we are stronger, flanking where it is weak, guerrilla in a "
        "niche, defensive to hold our ground, development to build a position.",
    )

    _sql_constraints = [
        (
            "competitor_unique",
            "UNIQUE(lead_id, competitor_id)",
            "This competitor is already listed on the opportunity.",
        ),
    ]

    @api.constrains("competitor_id", "kind")
    def _check_direct_competitor(self):
        for line in self:
            if line.kind == "direct" and not line.competitor_id.is_competitor:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not marked as a competitor: mark it as one, or "
                        "record it as an indirect competitor.",
                        partner=line.competitor_id.display_name,
                    )
                )
