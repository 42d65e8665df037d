# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The weekly service report (DOMAIN §9): the figures only, as its own model.
customer.followup._cron_send_weekly_report (models/customer_followup_planning.py)
mails the managers' roll-up with data/mail_template_data.xml; the record each
service person submits (customer.service.weekly.report) is prefilled from
``_get_weekly_person_figures``; "breached" is planning_rules'.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.osv import expression

from ..models.planning_rules import (
    BREACH_CLOCKS,
    breached_domain,
    local_days,
    period_days,
)


class ReportWeeklyService(models.AbstractModel):
    """The figures of the weekly service report, as the reader may see them."""

    _name = "report.crm_customer_planning.weekly_service_report"
    _description = "Weekly Service Report"

    @api.model
    def _get_weekly_report_data(self, date_from=None, date_to=None):
        """The figures of the weekly service report (DOMAIN §9): per owner, the
        visits done and missed between the two dates (included; default: this
        week from Monday to today, in the reader's time zone, else the company
        calendar's: Friday 16:00 in Beijing) and the average satisfaction of
        those done. Three grouped queries, whatever the number of visits."""
        date_to = date_to or self.env.company._planning_today()
        date_from = date_from or period_days("week", date_to)[0]
        period = [("date_closed", ">=", date_from), ("date_closed", "<=", date_to)]
        Followup = self.env["customer.followup"]
        done = Followup._read_group(
            [("state", "=", "done")] + period, ["user_id"], ["__count"]
        )
        missed = Followup._read_group(
            [("state", "=", "missed")] + period, ["user_id"], ["__count"]
        )
        rated = Followup._read_group(
            [("state", "=", "done"), ("satisfaction", "!=", False)] + period,
            ["user_id"],
            ["__count", "satisfaction_score:sum"],
        )
        lines = defaultdict(lambda: {"done": 0, "missed": 0, "rated": 0, "score": 0})
        for user, count in done:
            lines[user]["done"] = count
        for user, count in missed:
            lines[user]["missed"] = count
        for user, count, score in rated:
            lines[user]["rated"] = count
            lines[user]["score"] = score
        owners = []
        for user, line in sorted(
            lines.items(), key=lambda item: (item[0].name or "", item[0].id)
        ):
            owners.append(
                {
                    "user_id": user.id,
                    "name": user.name or self.env._("Unassigned"),
                    "done": line["done"],
                    "missed": line["missed"],
                    "satisfaction": round(line["score"] / line["rated"], 2)
                    if line["rated"]
                    else 0.0,
                }
            )
        rated_total = sum(line["rated"] for line in lines.values())
        score_total = sum(line["score"] for line in lines.values())
        return {
            "date_from": date_from,
            "date_to": date_to,
            "owners": owners,
            "done": sum(line["done"] for line in lines.values()),
            "missed": sum(line["missed"] for line in lines.values()),
            "satisfaction": round(score_total / rated_total, 2) if rated_total else 0.0,
            "complaints": self._get_weekly_report_complaint_section(date_from, date_to),
        }

    @api.model
    def _get_weekly_report_complaint_section(self, date_from, date_to):
        """The complaint figures of the weekly report: opened, closed and
        breached in the period, as the reader may see them. Breached is
        ``planning_rules.breached_domain``, clock by clock, for the clocks
        whose deadline fell in the period. The days are those of the reader's
        time zone, else the company calendar's (``local_days``), not UTC's."""
        Complaint = self.env["customer.complaint"]
        if not Complaint.has_access("read"):
            return {}
        start, end = local_days(date_from, date_to, self.env.company._get_planning_tz())
        now = fields.Datetime.now()
        return {
            self.env._("Complaints opened"): Complaint.search_count(
                [("date_received", ">=", start), ("date_received", "<", end)]
            ),
            self.env._("Complaints closed"): Complaint.search_count(
                [("date_closed", ">=", start), ("date_closed", "<", end)]
            ),
            self.env._("Complaints breached"): Complaint.search_count(
                expression.OR(
                    [
                        expression.AND(
                            [
                                [(deadline, ">=", start), (deadline, "<", end)],
                                breached_domain(now, clocks=[(deadline, late, stop)]),
                            ]
                        )
                        for deadline, late, stop in BREACH_CLOCKS
                    ]
                )
            ),
        }

    @api.model
    def _get_weekly_person_figures(self, users, company, date_from, date_to):
        """The week of each of ``users`` in ``company``, from ``date_from`` to
        ``date_to`` (included, days of the company's time zone), for the weekly
        report they submit: visits done and missed, complaints they are first
        responsible for received, closed and breached, and the customer's words
        quoted from their visits (the result noted) and from the ratings of
        their complaints. ``{user id: figures}``; grouped queries and two
        searches, whatever the number of users. Read as the system: the
        figures are the person's own work, the record keeps them private."""
        company.ensure_one()
        start, end = local_days(date_from, date_to, company._get_planning_tz())
        figures = {
            user.id: {
                "visits_done": 0,
                "visits_missed": 0,
                "complaints_received": 0,
                "complaints_closed": 0,
                "complaints_breached": 0,
                "feedback": [],
            }
            for user in users
        }
        Followup = self.env["customer.followup"].sudo()
        visits = [
            ("company_id", "=", company.id),
            ("user_id", "in", users.ids),
            ("date_closed", ">=", date_from),
            ("date_closed", "<=", date_to),
        ]
        for user, state, count in Followup._read_group(
            visits + [("state", "in", ("done", "missed"))],
            ["user_id", "state"],
            ["__count"],
        ):
            figures[user.id][f"visits_{state}"] = count
        for visit in Followup.search(
            visits + [("state", "=", "done"), ("result_notes", "!=", False)],
            order="date_closed, id",
        ):
            figures[visit.user_id.id]["feedback"].append(
                self.env._(
                    "%(customer)s (visit of %(date)s): %(words)s",
                    customer=visit.partner_id.display_name,
                    date=visit.date_closed,
                    words=visit.result_notes.strip(),
                )
            )
        Complaint = self.env["customer.complaint"].sudo()
        mine = [
            ("company_id", "=", company.id),
            ("first_responsible_id", "in", users.ids),
        ]
        breached = expression.OR(
            [
                expression.AND(
                    [
                        [(deadline, ">=", start), (deadline, "<", end)],
                        breached_domain(
                            fields.Datetime.now(), clocks=[(deadline, late, stop)]
                        ),
                    ]
                )
                for deadline, late, stop in BREACH_CLOCKS
            ]
        )
        for key, domain in (
            (
                "complaints_received",
                [("date_received", ">=", start), ("date_received", "<", end)],
            ),
            (
                "complaints_closed",
                [("date_closed", ">=", start), ("date_closed", "<", end)],
            ),
            ("complaints_breached", breached),
        ):
            for user, count in Complaint._read_group(
                expression.AND([mine, domain]), ["first_responsible_id"], ["__count"]
            ):
                figures[user.id][key] = count
        partners = {user.partner_id.id: user.id for user in users}
        ratings = (
            self.env["rating.rating"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "customer.complaint"),
                    ("res_id", "in", Complaint._search(mine)),
                    ("consumed", "=", True),
                    ("rated_partner_id", "in", list(partners)),
                    ("feedback", "!=", False),
                    ("message_id.date", ">=", start),
                    ("message_id.date", "<", end),
                ],
                order="id",
            )
        )
        for rating in ratings:
            figures[partners[rating.rated_partner_id.id]]["feedback"].append(
                self.env._(
                    "%(customer)s (rating %(score)s/5): %(words)s",
                    customer=rating.partner_id.display_name,
                    score=int(rating.rating),
                    words=rating.feedback.strip(),
                )
            )
        return figures
