# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The weekly service report (DOMAIN §9): the figures only, as its own model.
customer.followup._cron_send_weekly_report (models/customer_followup_planning.py)
mails them with data/mail_template_data.xml; "breached" is planning_rules'.
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
