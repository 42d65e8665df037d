# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The festivals on which every customer gets a greeting (customer.care.holiday,
DOMAIN §9, 节日祝福): the Chinese festivals, whose dates are computed for every
year (``planning_rules.festival_date``), or a holiday on a fixed date; and the
INSERT that plans those greetings. The daily care job that calls it,
``customer.followup._cron_generate_care_followups``, is in
customer_followup_planning.py."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .planning_rules import FESTIVALS, festival_date


class CustomerCareHoliday(models.Model):
    """A festival on which every customer gets a greeting (DOMAIN §9)."""

    _name = "customer.care.holiday"
    _inherit = ["customer.planning.input.mixin"]
    _description = "Customer Care Holiday"
    _order = "sequence, date desc, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    festival = fields.Selection(
        [("fixed", "Fixed date"), *FESTIVALS],
        required=True,
        default="fixed",
        help="A Chinese festival falls on a date computed for every year, the "
        "lunar ones included; nothing is typed in per year. A fixed date: the "
        "holiday of the date given.",
    )
    date = fields.Date(help="The day of a holiday with a fixed date.")
    next_date = fields.Date(
        compute="_compute_next_date",
        help="The next day of the holiday, from today on.",
    )
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

    @api.depends("festival", "date")
    @api.depends_context("tz", "uid", "company")
    def _compute_next_date(self):
        today = self.env.company._planning_today()
        for holiday in self:
            holiday.next_date = holiday._get_next_date(today)

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

    @api.constrains("festival", "date")
    def _check_date(self):
        for holiday in self:
            if holiday.festival == "fixed" and not holiday.date:
                raise ValidationError(
                    self.env._(
                        "Holiday %(holiday)s has a fixed date: give it, or choose "
                        "the festival it is.",
                        holiday=holiday.name,
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_date(self, year):
        """The day of the holiday in ``year`` (None when it has none)."""
        self.ensure_one()
        if self.festival == "fixed":
            return self.date if self.date and self.date.year == year else None
        return festival_date(self.festival, year)

    def _get_next_date(self, today):
        """The first day of the holiday from ``today`` on (None when none)."""
        self.ensure_one()
        days = [self._get_date(year) for year in (today.year, today.year + 1)]
        return min((day for day in days if day and day >= today), default=None)

    @api.model
    def _generate_followups(self, today=None, partner_ids=None):
        """From a holiday's lead time to the holiday itself, every customer has
        one greeting visit for it, planned on the holiday, by the channel of
        its tier (a call or a visit for Major accounts, a message for the
        others): the days are worked out here, for the few holidays; the
        visits come from one INSERT ... SELECT a batch of customers.
        ``partner_ids``: only these customers (a batch of the care pass)."""
        today = today or self.env.company._planning_today()
        holidays = self.sudo().search([])
        lang = self.env.company.partner_id.lang or self.env.lang
        names = {h.id: h.name for h in holidays.with_context(lang=lang)}
        holiday_ids, dates, companies = [], [], []
        for holiday in holidays:
            day = holiday._get_next_date(today)
            if day and day <= today + timedelta(days=holiday.lead_days):
                holiday_ids.append(holiday.id)
                dates.append(day)
                companies.append(holiday.company_id.id or 0)
        if not holiday_ids:
            return self.env["customer.followup"]
        Followup = self.env["customer.followup"]
        return Followup._insert_customer_batches(
            f"""
            SELECT p.id, NULL::int, h.name, 'holiday', h.day, p.user_id,
                   COALESCE(t.care_channel, 'message'), NULL::int,
                   'holiday:' || h.id || ':' || h.day,
                   {Followup._company_scope_sql()}, 'planned', NULL::date, NULL::int
              FROM res_partner p
              LEFT JOIN res_users u ON u.id = p.user_id
              LEFT JOIN customer_tier t ON t.id = p.customer_tier_id
              JOIN unnest(%(holiday_ids)s::int[], %(dates)s::date[],
                          %(names)s::varchar[], %(companies)s::int[])
                   AS h(id, day, name, company_id)
                ON h.company_id = 0
                OR h.company_id = {Followup._company_scope_sql()}
             WHERE p.id = ANY(%(partner_ids)s)
            """,  # noqa: S608
            {
                "holiday_ids": holiday_ids,
                "dates": dates,
                "names": [names[holiday_id] for holiday_id in holiday_ids],
                "companies": companies,
                "default_company": self.env.company.id,
            },
            partner_ids=partner_ids,
        )
