# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportAccountPlan(models.AbstractModel):
    """The account plan of a customer: the template prints what
    ``res.partner._get_account_plan_data`` gathered."""

    _name = "report.crm_customer_planning.report_account_plan"
    _description = "Account Plan Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["res.partner"].browse(docids).commercial_partner_id
        return {
            "doc_ids": docs.ids,
            "doc_model": "res.partner",
            "docs": docs,
            "plans": docs._get_account_plan_data(),
        }
