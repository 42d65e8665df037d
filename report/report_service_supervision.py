# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The monthly Service Supervision Report (DOMAIN §9, 服务监督报告): the figures of
one company and month, as the report's own model. res.company mails them on the
1st (models/res_company_supervision.py, data/mail_template_data.xml).
"""

from datetime import timedelta

from odoo import api, models
from odoo.tools.misc import format_date

from odoo.addons.rating.models.rating_data import RATING_LIMIT_MIN

from ..models.planning_rules import local_days, period_days

# How many frequent problems the Service Supervision Report names.
SUPERVISION_PROBLEMS = 5


class ReportServiceSupervision(models.AbstractModel):
    """The figures of a company's Service Supervision Report for a month."""

    _name = "report.crm_customer_planning.service_supervision_report"
    _description = "Service Supervision Report"

    @api.model
    def _get_supervision_month(self, today=None, company=None):
        """First and last day of the month before ``today`` (default: today in
        the calendar of ``company``, default the current one; the job runs on
        the 1st in Beijing, still the last day of the month in UTC)."""
        today = today or (company or self.env.company)._planning_today()
        return period_days("month", today.replace(day=1) - timedelta(days=1))

    @api.model
    def _get_supervision_bounds(self, company, date_from, date_to):
        """The days as UTC datetimes ``[start, end)``, in the company's time
        zone (``res.company._get_planning_tz``): a complaint received on 30
        November at 23:30 in Beijing is November's, one received on 1
        December at 00:30 (still 30 November in UTC) is December's."""
        company.ensure_one()
        return local_days(date_from, date_to, company._get_planning_tz())

    @api.model
    def _get_service_supervision_data(self, company, date_from, date_to):
        """The figures of ``company``'s Service Supervision Report for the days
        from ``date_from`` to ``date_to`` (included): complaints received by
        type, category and team, first replies on time, resolution time,
        satisfaction, breaches, return visits done and missed by owner, the
        customers' ratings by owner, and the most frequent problems. Grouped
        queries only, whatever the volume."""
        company.ensure_one()
        start, end = self._get_supervision_bounds(company, date_from, date_to)
        Report = self.env["customer.complaint.report"]
        domain = [
            ("company_id", "=", company.id),
            ("date_received", ">=", start),
            ("date_received", "<", end),
        ]
        [totals] = Report._read_group(
            domain,
            [],
            [
                "complaint_count:sum",
                "replied_count:sum",
                "reply_on_time_rate:avg",
                "resolution_on_time_rate:avg",
                "resolution_hours:avg",
                "satisfaction:avg",
                "breach_count:sum",
                "repeat_count:sum",
            ],
        )
        count, replied, on_time, resolved_on_time, hours, satisfaction = totals[:6]
        breached, came_back = totals[6:]

        def rounded(value, digits=1):
            return round(value, digits) if value is not None else None

        def lines(groupby, label):
            groups = Report._read_group(
                domain,
                [groupby],
                ["complaint_count:sum", "reply_on_time_rate:avg", "breach_count:sum"],
                order="complaint_count:sum desc",
            )
            return [
                {
                    "name": label(key),
                    "count": group_count,
                    "reply_on_time_rate": rounded(rate),
                    "breached": group_breached,
                }
                for key, group_count, rate, group_breached in groups
            ]

        types = dict(Report._fields["complaint_type"]._description_selection(self.env))
        problems = Report._read_group(
            domain,
            ["category_id"],
            ["complaint_count:sum", "repeat_count:sum"],
        )
        problems = sorted(
            (
                {
                    "name": category.display_name or self.env._("No category"),
                    "count": problem_count + returns,
                    "complaints": problem_count,
                    "came_back": returns,
                }
                for category, problem_count, returns in problems
            ),
            key=lambda line: (-line["count"], line["name"]),
        )[:SUPERVISION_PROBLEMS]
        visits = self._get_supervision_visit_figures(company, date_from, date_to)
        ratings = self._get_supervision_rating_figures(company, start, end)
        by_type = lines("complaint_type", lambda key: types.get(key, ""))
        by_category = lines(
            "category_id",
            lambda key: key.display_name or self.env._("No category"),
        )
        by_team = lines(
            "team_id", lambda key: key.display_name or self.env._("No team")
        )
        return {
            "company": company.name,
            "date_from": date_from,
            "date_to": date_to,
            "month": format_date(self.env, date_from, date_format="MMMM y"),
            "complaints": count or 0,
            "replied": replied or 0,
            "reply_on_time_rate": rounded(on_time),
            "resolution_on_time_rate": rounded(resolved_on_time),
            "resolution_hours": rounded(hours),
            "satisfaction": rounded(satisfaction, 2),
            "breached": breached or 0,
            "came_back": came_back or 0,
            "by_type": by_type,
            "by_category": by_category,
            "by_team": by_team,
            "sections": [
                {"title": title, "lines": section_lines}
                for title, section_lines in (
                    (self.env._("By type"), by_type),
                    (self.env._("By category"), by_category),
                    (self.env._("By department"), by_team),
                )
                if section_lines
            ],
            "frequent_problems": problems,
            "complaints_by_user": self._get_supervision_complaints_by_user(
                company, date_from, date_to
            ),
            **visits,
            **ratings,
        }

    @api.model
    def _get_supervision_visit_figures(self, company, date_from, date_to):
        """Return visits of ``company`` closed in the period: done and missed
        per owner, and the average satisfaction of those done."""
        company.ensure_one()
        Followup = self.env["customer.followup"]
        period = [
            ("company_id", "=", company.id),
            ("date_closed", ">=", date_from),
            ("date_closed", "<=", date_to),
        ]
        owners = {}
        by_user = {}
        for user, state, count in Followup._read_group(
            period + [("state", "in", ("done", "missed"))],
            ["user_id", "state"],
            ["__count"],
        ):
            line = owners.setdefault(
                user,
                {
                    "name": user.name or self.env._("Unassigned"),
                    "done": 0,
                    "missed": 0,
                },
            )
            line[state] = count
            if user:
                by_user.setdefault(user.id, {"done": 0, "missed": 0})[state] = count
        [(rated, score)] = Followup._read_group(
            period + [("state", "=", "done"), ("satisfaction", "!=", False)],
            [],
            ["__count", "satisfaction_score:sum"],
        )
        owner_lines = sorted(owners.values(), key=lambda line: line["name"])
        return {
            "visits_done": sum(line["done"] for line in owner_lines),
            "visits_missed": sum(line["missed"] for line in owner_lines),
            "visit_satisfaction": round(score / rated, 2) if rated else None,
            "visit_owners": owner_lines,
            "visits_by_user": by_user,
        }

    @api.model
    def _get_supervision_rating_figures(self, company, start, end):
        """The customers' ratings of ``company``'s complaints given from
        ``start`` to ``end`` (UTC, half-open), per first-responsible owner, the
        person rated (客户对服务人员的品评列入绩效考核): how many and their
        average. A rating is given when the customer submits it (its message in
        the chatter); one grouped query."""
        company.ensure_one()
        complaints = (
            self.env["customer.complaint"]
            .sudo()
            ._search([("company_id", "=", company.id)])
        )
        groups = (
            self.env["rating.rating"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "customer.complaint"),
                    ("res_id", "in", complaints),
                    ("consumed", "=", True),
                    ("rating", ">=", RATING_LIMIT_MIN),
                    ("message_id.date", ">=", start),
                    ("message_id.date", "<", end),
                ],
                ["rated_partner_id"],
                ["__count", "rating:sum"],
            )
        )
        owners = sorted(
            (
                {
                    "name": partner.name or self.env._("Unassigned"),
                    "count": count,
                    "rating": round(total / count, 2),
                }
                for partner, count, total in groups
            ),
            key=lambda line: line["name"],
        )
        count = sum(line["count"] for line in owners)
        total = sum(group[2] for group in groups)
        by_user = {}
        for partner, partner_count, partner_total in groups:
            user = partner.user_ids[:1]
            if user:
                line = by_user.setdefault(user.id, {"count": 0, "total": 0})
                line["count"] += partner_count
                line["total"] += partner_total
        return {
            "ratings": count,
            "rating": round(total / count, 2) if count else None,
            "rating_owners": owners,
            "ratings_by_user": {
                user_id: {
                    "count": line["count"],
                    "rating": round(line["total"] / line["count"], 2),
                }
                for user_id, line in by_user.items()
            },
        }

    @api.model
    def _get_supervision_complaints_by_user(self, company, date_from, date_to):
        """Per first-responsible owner, the complaints of ``company`` received
        in the period and the share of their reply and resolution deadlines
        met (%, of those replied and resolved): ``{user id: figures}``."""
        start, end = self._get_supervision_bounds(company, date_from, date_to)
        groups = self.env["customer.complaint.report"]._read_group(
            [
                ("company_id", "=", company.id),
                ("date_received", ">=", start),
                ("date_received", "<", end),
            ],
            ["first_responsible_id"],
            [
                "complaint_count:sum",
                "reply_on_time_rate:avg",
                "resolution_on_time_rate:avg",
            ],
        )
        return {
            user.id: {
                "complaints": count or 0,
                "reply_on_time_rate": round(reply, 1) if reply is not None else None,
                "resolution_on_time_rate": round(resolution, 1)
                if resolution is not None
                else None,
            }
            for user, count, reply, resolution in groups
            if user
        }

    @api.model
    def _get_supervision_person_lines(self, data):
        """One line per person of the report's figures ``data`` (of
        ``_get_service_supervision_data``): who owned complaints, did or
        missed visits, or was rated, with those figures, in user id order."""
        visits = data["visits_by_user"]
        ratings = data["ratings_by_user"]
        complaints = data["complaints_by_user"]
        no_visit = {"done": 0, "missed": 0}
        no_rating = {"count": 0, "rating": None}
        no_complaint = {
            "complaints": 0,
            "reply_on_time_rate": None,
            "resolution_on_time_rate": None,
        }
        return [
            {
                "user_id": user_id,
                "visits_done": visits.get(user_id, no_visit)["done"],
                "visits_missed": visits.get(user_id, no_visit)["missed"],
                "rating_count": ratings.get(user_id, no_rating)["count"],
                "rating": ratings.get(user_id, no_rating)["rating"],
                **complaints.get(user_id, no_complaint),
            }
            for user_id in sorted(set(visits) | set(ratings) | set(complaints))
        ]
