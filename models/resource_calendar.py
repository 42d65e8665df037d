# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A working calendar that knows a country's public holidays (resource.calendar): for
China its statutory holidays are days off and its make-up working days (调休, a
Saturday or Sunday worked in exchange) are working days. Both come from the
``holidays`` package (PyPI), not from a table kept by hand; every planner of the
calendar (``plan_hours``, the work intervals) sees them."""

from datetime import datetime, timedelta
from functools import lru_cache

import holidays
from pytz import timezone

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.resource.models.utils import Intervals, float_to_time


@lru_cache(maxsize=64)
def _country_days(country_code, year):
    """``(days off, make-up working days)`` of ``year`` in the country: its public
    holidays, and the weekend days worked in exchange for them (an empty set
    where the country has none)."""
    country_holidays = holidays.country_holidays(country_code, years=year)
    days_off = frozenset(country_holidays)
    workdays = frozenset(
        day
        for day in getattr(country_holidays, "weekend_workdays", ())
        if day.year == year and day not in days_off
    )
    return days_off, workdays


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    public_holiday_country_id = fields.Many2one(
        "res.country",
        "Public Holidays Of",
        help="The statutory holidays of this country are days off, and its make-up "
        "working days (e.g. a Saturday worked in exchange for a holiday, 调休) "
        "are working days, as published by the holidays package.",
    )

    @api.constrains("public_holiday_country_id")
    def _check_public_holiday_country(self):
        supported = holidays.list_supported_countries()
        for calendar in self:
            country = calendar.public_holiday_country_id
            if country and (country.code or "").upper() not in supported:
                raise ValidationError(
                    self.env._(
                        "The public holidays of %(country)s are not known: choose "
                        "another country for %(calendar)s, or none.",
                        country=country.name,
                        calendar=calendar.name,
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_country_days(self, first_day, last_day):
        """``(days off, make-up working days)`` between two dates (included),
        empty without a country."""
        self.ensure_one()
        code = (self.public_holiday_country_id.code or "").upper()
        if not code:
            return set(), set()
        days_off, workdays = set(), set()
        for year in range(first_day.year, last_day.year + 1):
            year_off, year_work = _country_days(code, year)
            days_off |= {day for day in year_off if first_day <= day <= last_day}
            workdays |= {day for day in year_work if first_day <= day <= last_day}
        return days_off, workdays

    def _get_local_days(self, start_dt, end_dt, tz):
        start, end = start_dt.astimezone(tz), end_dt.astimezone(tz)
        return start, end, start.date(), end.date()

    def _attendance_intervals_batch(
        self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False
    ):
        """The make-up working days are worked as a regular working day: the
        hours of the calendar's first working weekday (Monday in a
        Monday–Friday calendar)."""
        result = super()._attendance_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz, lunch=lunch
        )
        if not self.public_holiday_country_id or lunch or self.flexible_hours:
            return result
        tz = tz or timezone(self.tz or "UTC")
        start, end, first_day, last_day = self._get_local_days(start_dt, end_dt, tz)
        _days_off, workdays = self._get_country_days(first_day, last_day)
        attendances = self.attendance_ids.filtered(
            lambda a: not a.display_type
            and a.day_period != "lunch"
            and not a.resource_id
            and not a.date_from
            and not a.date_to
        )
        if not workdays or not attendances:
            return result
        model_day = min(attendances.mapped("dayofweek"))
        extra = []
        for day in sorted(workdays):
            week_type = self.env["resource.calendar.attendance"].get_week_type(day)
            for attendance in attendances:
                if attendance.dayofweek != model_day or (
                    self.two_weeks_calendar and int(attendance.week_type) != week_type
                ):
                    continue
                day_from = tz.localize(
                    datetime.combine(day, float_to_time(attendance.hour_from))
                )
                day_to = tz.localize(
                    datetime.combine(day, float_to_time(attendance.hour_to))
                )
                day_from, day_to = max(start, day_from), min(end, day_to)
                if day_from < day_to:
                    extra.append((day_from, day_to, attendance))
        if not extra:
            return result
        return {
            resource_id: intervals | Intervals(extra)
            for resource_id, intervals in result.items()
        }

    def _leave_intervals_batch(
        self,
        start_dt,
        end_dt,
        resources=None,
        domain=None,
        tz=None,
        any_calendar=False,
    ):
        """The country's public holidays are days off for everyone on the
        calendar, as a company-wide time off would be."""
        result = super()._leave_intervals_batch(
            start_dt,
            end_dt,
            resources=resources,
            domain=domain,
            tz=tz,
            any_calendar=any_calendar,
        )
        if not self.public_holiday_country_id:
            return result
        tz = tz or timezone(self.tz or "UTC")
        start, end, first_day, last_day = self._get_local_days(start_dt, end_dt, tz)
        days_off, _workdays = self._get_country_days(first_day, last_day)
        no_leave = self.env["resource.calendar.leaves"]
        holidays_off = []
        for day in sorted(days_off):
            day_from = tz.localize(datetime.combine(day, datetime.min.time()))
            day_to = tz.localize(
                datetime.combine(day + timedelta(days=1), datetime.min.time())
            )
            day_from, day_to = max(start, day_from), min(end, day_to)
            if day_from < day_to:
                holidays_off.append((day_from, day_to, no_leave))
        if not holidays_off:
            return result
        return {
            resource_id: intervals | Intervals(holidays_off)
            for resource_id, intervals in result.items()
        }
