# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Dashboards app's spreadsheet dashboards (spreadsheet.dashboard): a user who
opens a dashboard that is not shared with them (a salesperson following a
manager's link to the Customer Planning dashboard) gets an access message, not a
server error."""

from odoo import models
from odoo.exceptions import AccessError


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    def get_readonly_dashboard(self):
        # Odoo reads the spreadsheet through its attachment, which a record rule
        # hides without an error: json.loads(False) then raised a TypeError.
        self.ensure_one()
        try:
            self.check_access("read")
        except AccessError as error:
            dashboard = self.sudo()
            raise AccessError(
                self.env._(
                    "The dashboard “%(dashboard)s” is shown only to: %(groups)s. "
                    "Ask your manager for access, or open your own customers "
                    "and opportunities from the Customer Planning menu.",
                    dashboard=dashboard.name,
                    groups=", ".join(dashboard.group_ids.mapped("full_name")),
                )
            ) from error
        return super().get_readonly_dashboard()
