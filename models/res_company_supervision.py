# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The monthly job of res.company: each company's Service Supervision Report of
the month before becomes a record (customer.service.supervision.report) for its
supervisors to evaluate and sign, once; the signed report is mailed to the
general manager from here. The figures are built by
report/report_service_supervision.py; the settings are in res_company.py.
"""

from odoo import api, models

SUPERVISION_BATCH_SIZE = 50


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------
    # SERVICE SUPERVISION (DOMAIN §9, 服务监督报告)
    # ------------------------------------------------------------

    def _send_service_supervision_report(
        self, date_from, date_to, supervision_report=None, attachments=None
    ):
        """Mail the month's figures to the general manager; with the signed
        ``supervision_report``, its evaluations and signature too, and
        ``attachments`` (its PDF)."""
        self.ensure_one()
        template = self.env.ref(
            "crm_customer_planning.mail_template_service_supervision_report"
        )
        manager = self.complaint_general_manager_id
        report = self.env["report.crm_customer_planning.service_supervision_report"]
        data = report.with_context(lang=manager.lang)._get_service_supervision_data(
            self, date_from, date_to
        )
        email_values = {}
        if attachments:
            email_values["attachment_ids"] = [(4, att.id) for att in attachments]
        mail_id = template.with_context(
            supervision=data, supervision_report=supervision_report
        ).send_mail(
            self.id,
            email_layout_xmlid="mail.mail_notification_light",
            email_values=email_values,
        )
        return self.env["mail.mail"].browse(mail_id)

    @api.model
    def _cron_send_service_supervision_report(self, today=None, batch_size=None):
        """On the 1st of each month: the Service Supervision Report of the month
        before is made for the supervisors of each company to evaluate and sign
        (it goes to the general manager once signed). The month is the
        company's (its calendar's time zone, not the server's UTC). The month
        made is stored, so a second run (or a retry) makes nothing twice."""
        Report = self.env["report.crm_customer_planning.service_supervision_report"]
        months = {
            company: Report._get_supervision_month(today, company)
            for company in self.search([], order="id")
        }
        companies = [
            company
            for company, (date_from, _date_to) in months.items()
            if not company.service_supervision_last_month
            or company.service_supervision_last_month < date_from
        ]
        batch = companies[: batch_size or SUPERVISION_BATCH_SIZE]
        Supervision = self.env["customer.service.supervision.report"]
        reports = Supervision.browse()
        for company in batch:
            reports |= Supervision._create_from_figures(company, *months[company])
            company.sudo().service_supervision_last_month = months[company][0]
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=len(companies) - len(batch)
        )
        return reports
