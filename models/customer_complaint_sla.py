# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The time limits of complaints by severity, category and tier
(customer.complaint.sla), and which rule applies to a complaint: how many hours, and
whether clock hours (7×24, the default) or working hours of a calendar, and within
how many days of the resolution the return visit is due. The deadlines computed from
them are in customer_complaint_deadline.py, the targets in
customer_complaint_target.py."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .planning_rules import SEVERITIES

# Without any matching rule (DOMAIN §9: reply within 12 clock hours, 7×24).
DEFAULT_REPLY_HOURS = 12.0
DEFAULT_RESOLUTION_HOURS = 40.0
DEFAULT_WARNING_PERCENT = 75.0
DEFAULT_HOURS_MODE = "clock"
# The complaint return visit is due within this many days of the resolution.
DEFAULT_RETURN_VISIT_DAYS = 7

HOURS_MODES = [
    ("clock", "Clock Hours (7×24)"),
    ("working", "Working Hours of a Calendar"),
]


class CustomerComplaintSla(models.Model):
    """The time limits of a complaint, in clock hours (7×24) or in working
    hours of a calendar (its nights, weekends and public holidays skipped).
    The first rule in sequence order whose criteria all match
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
    hours_mode = fields.Selection(
        HOURS_MODES,
        "Count In",
        default=DEFAULT_HOURS_MODE,
        required=True,
        help="Clock hours run day and night, weekends and holidays included (the "
        "7×24 service the method promises). Working hours count only the "
        "working time of the calendar.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        "Working Calendar",
        check_company=True,
        help="Whose working hours are counted, when counting in working hours.",
    )
    reply_hours = fields.Float(
        "Reply Within (hours)",
        default=DEFAULT_REPLY_HOURS,
        required=True,
        help="Hours from reception to the first answer sent to the customer.",
    )
    resolution_hours = fields.Float(
        "Resolve Within (hours)",
        default=DEFAULT_RESOLUTION_HOURS,
        required=True,
        help="Hours from reception to the resolution.",
    )
    return_visit_days = fields.Integer(
        "Return Visit Within (days)",
        default=DEFAULT_RETURN_VISIT_DAYS,
        required=True,
        help="Days from the resolution to the return visit that checks the "
        "measures taken worked (the complaint's third service target).",
    )
    warning_percent = fields.Float(
        "Warn At (%)",
        default=DEFAULT_WARNING_PERCENT,
        required=True,
        help="The handler is warned, and the complaint is at risk, once this share "
        "of the time allowed has passed.",
    )

    @api.constrains("hours_mode", "calendar_id")
    def _check_calendar(self):
        for rule in self:
            if rule.hours_mode == "working" and not rule.calendar_id:
                raise ValidationError(
                    self.env._(
                        "%(rule)s counts working hours: choose the calendar whose "
                        "working hours are counted.",
                        rule=rule.name,
                    )
                )

    @api.constrains("return_visit_days")
    def _check_return_visit_days(self):
        for rule in self:
            if rule.return_visit_days <= 0:
                raise ValidationError(
                    self.env._(
                        "The return visit of %(rule)s must be due at least one day "
                        "after the resolution.",
                        rule=rule.name,
                    )
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

    def _get_return_visit_days(self):
        """Days from the resolution to the return visit, of the rule or the
        default without one."""
        if not self:
            return DEFAULT_RETURN_VISIT_DAYS
        self.ensure_one()
        return self.return_visit_days

    def _get_hours_planner(self):
        """How the hours of this rule (or of the default, without one) are
        counted: ``None`` for clock hours, else the working hours of its calendar
        (public holidays skipped), for ``planning_rules.add_hours``."""
        if not self or self.hours_mode != "working" or not self.calendar_id:
            return None
        self.ensure_one()
        calendar = self.calendar_id
        return lambda hours, start: calendar.plan_hours(
            hours, start, compute_leaves=True
        )
