# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The monthly job of res.company: mail each company's Service Supervision Report
of the month before to its general manager, once. The figures are built by
report/report_service_supervision.py; the settings are in res_company.py.
"""

from odoo import api, models

SUPERVISION_BATCH_SIZE = 50


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------
    # SERVICE SUPERVISION (DOMAIN §9, 服务监督报告)
    # ------------------------------------------------------------

    def _send_service_supervision_report(self, date_from, date_to):
        """Mail the month's report to the general manager, once per month."""
        self.ensure_one()
        template = self.env.ref(
            "crm_customer_planning.mail_template_service_supervision_report"
        )
        manager = self.complaint_general_manager_id
        report = self.env["report.crm_customer_planning.service_supervision_report"]
        data = report.with_context(lang=manager.lang)._get_service_supervision_data(
            self, date_from, date_to
        )
        mail_id = template.with_context(supervision=data).send_mail(
            self.id, email_layout_xmlid="mail.mail_notification_light"
        )
        self.sudo().service_supervision_last_month = date_from
        return self.env["mail.mail"].browse(mail_id)

    @api.model
    def _cron_send_service_supervision_report(self, today=None, batch_size=None):
        """On the 1st of each month: the Service Supervision Report of the month
        before goes to the general manager of each company. The month is the
        company's (its calendar's time zone, not the server's UTC). The month
        sent is stored, so a second run (or a retry) sends nothing twice."""
        Report = self.env["report.crm_customer_planning.service_supervision_report"]
        months = {
            company: Report._get_supervision_month(today, company)
            for company in self.search(
                [("complaint_general_manager_id", "!=", False)], order="id"
            )
        }
        companies = [
            company
            for company, (date_from, _date_to) in months.items()
            if not company.service_supervision_last_month
            or company.service_supervision_last_month < date_from
        ]
        batch = companies[: batch_size or SUPERVISION_BATCH_SIZE]
        mails = self.env["mail.mail"]
        for company in batch:
            mails |= company._send_service_supervision_report(*months[company])
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=len(companies) - len(batch)
        )
        return mails
