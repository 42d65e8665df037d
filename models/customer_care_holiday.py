# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The holidays on which care customers get a greeting visit (customer.care.holiday,
DOMAIN §9), and the INSERT that plans those visits. The daily care job that calls it,
``customer.followup._cron_generate_care_followups``, is in
customer_followup_planning.py."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerCareHoliday(models.Model):
    """A holiday on which care customers get a greeting (DOMAIN §9)."""

    _name = "customer.care.holiday"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Customer Care Holiday"
    _order = "date desc, id"

    name = fields.Char(required=True)
    date = fields.Date(required=True)
    lead_days = fields.Integer(
        "Lead Time (days)",
        default=7,
        help="The greeting visits are planned this many days before the holiday, "
        "so that owners can prepare them.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to greet the customers of every company.",
    )

    @api.constrains("lead_days")
    def _check_lead_days(self):
        for holiday in self:
            if holiday.lead_days < 0:
                raise ValidationError(
                    self.env._(
                        "The lead time of holiday %(holiday)s cannot be negative.",
                        holiday=holiday.name,
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _generate_followups(self, today=None):
        """From a holiday's lead time to the holiday itself, each care customer
        has one holiday greeting visit for it, planned on the holiday: one
        INSERT ... SELECT for every holiday in its window."""
        today = today or self.env.company._planning_today()
        Followup = self.env["customer.followup"]
        return Followup._insert_followups(
            f"""
            SELECT p.id, NULL::int, h.name, 'holiday', h.date, p.user_id,
                   'message', NULL::int, 'holiday:' || h.id || ':' || h.date,
                   {Followup._company_scope_sql()}, 'planned', NULL::date, NULL::int
              FROM customer_care_holiday h
              JOIN res_partner p ON {Followup._care_customer_sql()}
              LEFT JOIN res_users u ON u.id = p.user_id
             WHERE h.active
               AND h.date >= %(today)s
               AND h.date - COALESCE(h.lead_days, 0) <= %(today)s
               AND (h.company_id IS NULL
                    OR h.company_id = {Followup._company_scope_sql()})
            """,  # noqa: S608
            {"today": today, "default_company": self.env.company.id},
        )
