# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import unittest

from odoo.tests import HttpCase, tagged

from .common import DashboardCase


@tagged("post_install", "-at_install")
class TestDashboardTour(DashboardCase, HttpCase):
    """The dashboard opens in a real (headless) browser without a JavaScript
    error, every figure computed; the manager then opens a customer and its
    account plan."""

    def _start_tour(self, url, tour, login):
        # Odoo skips a browser test when it finds no browser: here a missing
        # browser is a failure, not a pass in disguise.
        try:
            self.start_tour(url, tour, login=login, timeout=120)
        except unittest.SkipTest as error:
            self.fail(f"The tour needs a headless Chromium: {error}")

    def test_dashboard_tour(self):
        dashboard = self.env.ref(
            "crm_customer_planning.spreadsheet_dashboard_customer_planning"
        )
        self._start_tour(
            f"/odoo/dashboards?dashboard_id={dashboard.id}",
            "crm_customer_planning_dashboard_tour",
            self.manager.login,
        )
