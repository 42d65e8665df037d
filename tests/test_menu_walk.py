# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""static/tests/tours/crm_customer_planning_menu_walk_tour.js: every menu of the
app, each of its views and the form of its first record, opened in a real
browser as each demo role on the demo data, starting from the screen the role
lands on; any error dialog or console error fails the test (Odoo's test browser
fails on console errors). The tour reports where it landed and which menus it
opened; both are checked against the server's view of the user."""

import logging
import re
import unittest

from odoo.tests import HttpCase, tagged

from .common import DemoDataCase

TOUR = "crm_customer_planning_menu_walk_tour"
ROOT_MENU = "crm_customer_planning.crm_customer_planning_menu_root"


class _Console(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@tagged("post_install", "-at_install")
class TestMenuWalk(DemoDataCase, HttpCase):
    def _action_menus(self, user):
        """The xmlids of the app's menus that open an action for ``user``, in
        the order of the menu bar."""
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        by_xmlid = {menu["xmlid"]: menu for menu in menus.values() if "xmlid" in menu}

        def walk(menu):
            for child_id in menu["children"]:
                child = menus[child_id]
                yield from [child["xmlid"]] if child["action"] else []
                yield from walk(child)

        return list(walk(by_xmlid[ROOT_MENU]))

    def _walk(self, xmlid, landing, lang=None):
        user = self.env.ref(f"crm_customer_planning.{xmlid}")
        if lang:
            # As the demo does once the language is loaded (demo/res_lang_demo.xml).
            self.env["res.lang"]._activate_lang(lang)
            self.env["ir.module.module"]._load_module_terms(
                ["crm_customer_planning"], [lang], overwrite=True
            )
            user.lang = lang
        self.assertEqual(user.action_id.id, self.env.ref(landing).id)
        # The demo's logins and passwords are equal; say so here too, whatever
        # a database installed with demo data did to them since.
        user.password = user.login
        expected = self._action_menus(user)
        # What the browser's console says, whatever level the test run logs at.
        console = _Console()
        browser_logger = self._logger.getChild("browser")
        browser_logger.addHandler(console)
        level = browser_logger.level
        browser_logger.setLevel(logging.INFO)
        try:
            # The whole app in one browser session: longer than one tour.
            self.start_tour("/odoo", TOUR, login=user.login, timeout=900)
        except unittest.SkipTest as skipped:
            self.fail(f"The menu walk needs a headless Chromium: {skipped}")
        finally:
            browser_logger.removeHandler(console)
            browser_logger.setLevel(level)
        output = "\n".join(console.messages)
        self.assertIn(f"Menu walk: landed on {landing}", output)
        opened = re.search(r"Menu walk: opened \d+ menus: (.*)", output).group(1)
        self.assertEqual(opened.split(", "), expected)
        return expected

    def test_menu_walk_as_salesperson(self):
        menus = self._walk(
            "user_sales_li", "crm_customer_planning.res_partner_action_my_accounts"
        )
        self.assertIn("crm_customer_planning.res_partner_menu_my_accounts", menus)
        self.assertNotIn(
            "crm_customer_planning.spreadsheet_dashboard_menu_customer_planning", menus
        )

    def test_menu_walk_as_service_agent(self):
        menus = self._walk(
            "user_service_agent_sun", "crm_customer_planning.customer_complaint_action"
        )
        self.assertIn("crm_customer_planning.customer_followup_menu", menus)

    def test_menu_walk_as_sales_manager(self):
        menus = self._walk(
            "user_sales_manager",
            "crm_customer_planning.spreadsheet_dashboard_action_customer_planning",
        )
        self.assertIn(
            "crm_customer_planning.spreadsheet_dashboard_menu_customer_planning", menus
        )

    def test_menu_walk_as_service_supervisor(self):
        menus = self._walk(
            "user_service_supervisor",
            "crm_customer_planning.customer_service_supervision_report_action",
        )
        self.assertIn(
            "crm_customer_planning.customer_service_supervision_report_menu", menus
        )

    def test_menu_walk_in_chinese_as_salesperson(self):
        # Every screen in 简体中文: a translated string that breaks a view or
        # a format shows here and nowhere in English.
        self._walk(
            "user_sales_li",
            "crm_customer_planning.res_partner_action_my_accounts",
            lang="zh_CN",
        )

    def test_menu_walk_in_chinese_as_service_agent(self):
        self._walk(
            "user_service_agent_sun",
            "crm_customer_planning.customer_complaint_action",
            lang="zh_CN",
        )
