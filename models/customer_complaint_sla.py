# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The time limits of complaints by severity, category and tier
(customer.complaint.sla), and which rule applies to a complaint. The deadlines computed
from them are in customer_complaint_deadline.py."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .planning_rules import SEVERITIES

# Without any matching rule (DOMAIN §9: reply within 12 hours).
DEFAULT_REPLY_HOURS = 12.0
DEFAULT_RESOLUTION_HOURS = 40.0
DEFAULT_WARNING_PERCENT = 75.0


class CustomerComplaintSla(models.Model):
    """The time limits of a complaint, in working hours of the company's
    calendar. The first rule in sequence order whose criteria all match
    applies; an empty criterion matches everything."""

    _name = "customer.complaint.sla"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Complaint Time Limit"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Rules are tried in this order: put specific rules first."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to apply in every company."
    )
    severity = fields.Selection(SEVERITIES, help="Leave empty for any severity.")
    category_id = fields.Many2one(
        "customer.complaint.category",
        check_company=True,
        ondelete="cascade",
        help="Leave empty for any category.",
    )
    tier_id = fields.Many2one(
        "customer.tier",
        "Customer Tier",
        ondelete="cascade",
        help="Leave empty for customers of any tier.",
    )
    reply_hours = fields.Float(
        "Reply Within (working hours)",
        default=DEFAULT_REPLY_HOURS,
        required=True,
        help="Working hours from reception to the first answer sent to the customer.",
    )
    resolution_hours = fields.Float(
        "Resolve Within (working hours)",
        default=DEFAULT_RESOLUTION_HOURS,
        required=True,
        help="Working hours from reception to the resolution.",
    )
    warning_percent = fields.Float(
        "Warn At (%)",
        default=DEFAULT_WARNING_PERCENT,
        required=True,
        help="The handler is warned, and the complaint is at risk, once this share "
        "of the time allowed has passed.",
    )

    @api.constrains("reply_hours", "resolution_hours", "warning_percent")
    def _check_hours(self):
        for rule in self:
            if rule.reply_hours <= 0 or rule.resolution_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "The time limits of %(rule)s must be positive.", rule=rule.name
                    )
                )
            if rule.resolution_hours < rule.reply_hours:
                raise ValidationError(
                    self.env._(
                        "%(rule)s asks to resolve before the first reply is due: "
                        "the resolution time cannot be shorter than the reply time.",
                        rule=rule.name,
                    )
                )
            if not 0 < rule.warning_percent < 100:
                raise ValidationError(
                    self.env._(
                        "The warning of %(rule)s must come between 0 and 100%% of "
                        "the time allowed.",
                        rule=rule.name,
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_rules(self):
        """All active rules in the order they are tried, to match many
        complaints without a query each."""
        return self.sudo().search([])

    def _match(self, company, severity, category, tier):
        """The first rule of ``self`` (ordered) applying to these values."""
        for rule in self:
            if (
                rule.company_id in (company, self.company_id.browse())
                and rule.severity in (severity, False)
                and rule.category_id in (category, category.browse())
                and rule.tier_id in (tier, tier.browse())
            ):
                return rule
        return self.browse()

    def _get_limits(self):
        """``(reply_hours, resolution_hours, warning_fraction)`` of the rule,
        or the defaults without one."""
        if not self:
            return (
                DEFAULT_REPLY_HOURS,
                DEFAULT_RESOLUTION_HOURS,
                DEFAULT_WARNING_PERCENT / 100.0,
            )
        self.ensure_one()
        return self.reply_hours, self.resolution_hours, self.warning_percent / 100.0
