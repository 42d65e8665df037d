# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The monthly job of res.company: on the 1st, check last month's resource allocation
of each company against its target (DOMAIN §7, 二八原则) and tell its sales managers
when it drifted, once a month. The figures are
report/customer_allocation_month_report.py; the settings are in res_company.py.
"""

from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, models

ALLOCATION_ALERT_BATCH_SIZE = 100


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------
    # RESOURCE ALLOCATION DRIFT (DOMAIN §7)
    # ------------------------------------------------------------

    def _get_allocation_alert_month(self):
        """The first day of last month, in the company's calendar."""
        self.ensure_one()
        return self._planning_today().replace(day=1) - relativedelta(months=1)

    def _get_allocation_alert_users(self):
        """``{company: users}``: the sales managers told of a drift, the
        internal users of the Sales Administrator group allowed in the
        company. One search for all the companies."""
        group = self.env.ref("sales_team.group_sale_manager")
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.ids),
                    ("share", "=", False),
                    ("company_ids", "in", self.ids),
                ]
            )
        )
        return {
            company: users.filtered(lambda user, c=company: c in user.company_ids)
            for company in self
        }

    def _alert_allocation_drift(self, row, users):
        """Tell ``users`` (in their language) of ``row``, a month of
        customer.allocation.month.report that drifted, with a link to the report."""
        self.ensure_one()
        action = self.env.ref(
            "crm_customer_planning.customer_allocation_month_report_action"
        )
        url = f"/odoo/action-{action.id}"
        by_lang = defaultdict(lambda: self.env["res.users"])
        for user in users:
            by_lang[user.lang] |= user
        # Figures formatted once (the translation extractor reads literal
        # arguments only).
        figures = {
            "top": f"{row.top_share:g}",
            "count": row.top_customer_count,
            "total": row.customer_count,
            "share": f"{row.resource_share:.1f}",
            "target": f"{row.target_share:g}",
            "gap": f"{row.gap:.1f}",
            "hours": f"{row.time_spent:.2f}",
            "top_hours": f"{row.top_time_spent:.2f}",
            "actions": row.action_count,
            "top_actions": row.top_action_count,
            "month": row.month.strftime("%Y-%m"),
        }
        messages = self.env["mail.message"]
        for lang, recipients in by_lang.items():
            env = self.with_context(lang=lang).env
            basis = dict(row._fields["basis"]._description_selection(env))[row.basis]
            subject = env._(
                "%(company)s: resources drift away from the top customers in %(month)s",
                company=self.name,
                month=figures["month"],
            )
            body = Markup(
                "<p>%s</p><ul><li>%s</li><li>%s</li><li>%s</li></ul>"
                '<p><a href="%s">%s</a></p>'
            ) % (
                env._(
                    "Last month, the top %(top)s%% of the customers (%(count)s of "
                    "%(total)s) got %(share)s%% of the resources (%(basis)s), "
                    "against a target of %(target)s%%.",
                    top=figures["top"],
                    count=figures["count"],
                    total=figures["total"],
                    share=figures["share"],
                    basis=basis,
                    target=figures["target"],
                ),
                env._("Gap: %(gap)s points", gap=figures["gap"]),
                env._(
                    "Time spent: %(hours)s hours, %(top_hours)s on the top customers",
                    hours=figures["hours"],
                    top_hours=figures["top_hours"],
                ),
                env._(
                    "Visits and activities: %(count)s, %(top_count)s on the top "
                    "customers",
                    count=figures["actions"],
                    top_count=figures["top_actions"],
                ),
                url,
                env._("Open the 80/20 target by month"),
            )
            messages |= (
                self.env["mail.thread"]
                .sudo()
                .message_notify(
                    model=self._name,
                    res_id=self.id,
                    partner_ids=recipients.partner_id.ids,
                    subject=subject,
                    body=body,
                )
            )
        return messages

    @api.model
    def _cron_alert_allocation_drift(self, batch_size=None):
        """On the 1st of each month: last month's share of the resources spent on
        the top customers of each company (its month, in its calendar's time
        zone) is checked against its target; when it is below by more than
        the tolerance, the sales managers are told. The month checked is
        stored, so a second run (or a retry) alerts nothing twice."""
        companies = self.search([], order="id")
        months = {
            company: company._get_allocation_alert_month() for company in companies
        }
        todo = companies.filtered(
            lambda c: not c.allocation_alert_last_month
            or c.allocation_alert_last_month < months[c]
        )
        batch = todo[: batch_size or ALLOCATION_ALERT_BATCH_SIZE]
        self.env.flush_all()
        rows = (
            self.env["customer.allocation.month.report"]
            .sudo()
            .search(
                [
                    ("company_id", "in", batch.ids),
                    ("month", "in", list({months[c] for c in batch})),
                    ("is_drifting", "=", True),
                ]
            )
        )
        drifting = {
            row.company_id: row for row in rows if row.month == months[row.company_id]
        }
        users = batch.filtered(lambda c: c in drifting)._get_allocation_alert_users()
        messages = self.env["mail.message"]
        for company, row in drifting.items():
            if users[company]:
                messages |= company._alert_allocation_drift(row, users[company])
        by_month = defaultdict(lambda: self.browse())
        for company in batch:
            by_month[months[company]] |= company
        for month, month_companies in by_month.items():
            month_companies.sudo().allocation_alert_last_month = month
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=len(todo) - len(batch)
        )
        return messages
