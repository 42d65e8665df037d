# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The partner's side of opportunity screening: the buying organisation of a
customer's contacts (DOMAIN §4), competitors (DOMAIN §5) and action items
(DOMAIN §8). Kept apart from ``res_partner.py``, which holds value and tiers."""

from odoo import api, fields, models

from .crm_lead_contact import ATTITUDES

ADMINISTRATIVE_LEVELS = [
    ("top", "Top Management"),
    ("senior", "Senior Management"),
    ("middle", "Middle Management"),
    ("staff", "Staff"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Buying organisation (DOMAIN §4)
    administrative_level = fields.Selection(
        ADMINISTRATIVE_LEVELS, help="The contact's rank in the customer's hierarchy."
    )
    purchasing_role_id = fields.Many2one(
        "customer.purchasing.role",
        ondelete="restrict",
        help="The contact's usual role in the customer's buying group.",
    )
    attitude = fields.Selection(
        ATTITUDES, help="The contact's attitude towards us.", tracking=True
    )

    # Competitors (DOMAIN §5)
    is_competitor = fields.Boolean(
        "Competitor",
        index=True,
        copy=False,
        help="A company we meet in bids. Competitors are not classified as customers.",
    )
    competitor_line_ids = fields.One2many(
        "crm.lead.competitor", "competitor_id", "Opportunities Met"
    )

    # Action plans (DOMAIN §8)
    action_item_ids = fields.One2many(
        "customer.action.item", "partner_id", "Action Items"
    )
    open_action_item_ids = fields.One2many(
        "customer.action.item",
        "partner_id",
        "Open Action Items",
        domain=[("state", "=", "open")],
    )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def write(self, vals):
        res = super().write(vals)
        if vals.get("is_competitor"):
            self._planning_unclassify_competitors()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered("is_competitor")._planning_unclassify_competitors()
        return partners

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _planning_scope_sql(self):
        """Competitors are no customers: the recompute does not classify them."""
        return super()._planning_scope_sql() + " AND p.is_competitor IS NOT TRUE"

    def _planning_recompute_values(self, today=None, change_reason=None):
        """Nor does a change of a competitor's potential classify it."""
        competitors = self.filtered("is_competitor")
        if competitors:
            return (self - competitors)._planning_recompute_values(
                today=today, change_reason=change_reason
            )
        return super()._planning_recompute_values(
            today=today, change_reason=change_reason
        )

    def _planning_unclassify_competitors(self):
        """A partner marked as competitor leaves the customer pyramid."""
        classified = self.filtered(lambda p: p.customer_tier_id and not p.parent_id)
        if not classified:
            return
        changes = [
            (partner, partner.customer_tier_id, self.env["customer.tier"])
            for partner in classified
        ]
        classified.sudo().with_context(planning_internal_write=True).write(
            {
                "customer_tier_id": False,
                "customer_tier_manual": False,
                "value_quadrant": False,
            }
        )
        self._planning_log_tier_changes(
            changes, self.env._("Marked as competitor"), "auto"
        )

    @api.model
    def _planning_log_tier_changes(self, changes, reason, change_type):
        """Tiers changed (by the recompute, an override or a competitor flag):
        the qualification depth of those customers' opportunities follows."""
        res = super()._planning_log_tier_changes(changes, reason, change_type)
        partners = self.browse([partner.id for partner, _old, _new in changes])
        if partners:
            self.env["crm.lead"]._qualification_invalidate(partners=partners)
        return res
