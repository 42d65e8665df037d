# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date
from unittest.mock import patch

from odoo.tests import new_test_user, tagged
from odoo.tools import convert_file, file_path

from .common import CustomerPlanningCase, freeze_time

# The demo users: the administrator and the demo user, the salespeople and
# the service agent, by the key of their demo visits.
DEMO_USERS = {
    "admin": "base.user_admin",
    "demo": "base.user_demo",
    "sales_manager": "crm_customer_planning.user_sales_manager",
    "sales_li": "crm_customer_planning.user_sales_li",
    "sales_wang": "crm_customer_planning.user_sales_wang",
    "sales_chen": "crm_customer_planning.user_sales_chen",
    "sales_zhao": "crm_customer_planning.user_sales_zhao",
    "sun": "crm_customer_planning.user_service_agent_sun",
}
# 01:00 in Beijing on Wednesday 11 March 2026: still Tuesday 10 March on the
# server's UTC clock.
DEMO_MOMENT = "2026-03-10 17:00:00"
WEEK_DEMO = "demo/customer_followup_week_demo.xml"


@tagged("post_install", "-at_install")
class TestDemoWeek(CustomerPlanningCase):
    """The demo data, loaded here into the test database (and rolled back
    with the test) on a day whose date differs between Beijing and UTC: every
    demo user finds today's visits and this week's in their list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = "crm_customer_planning"
        files = cls.env["ir.module.module"].get_module_info(module)["demo"]
        if cls.env.ref(f"{module}.followup_demo_major_done", False):
            # A database with demo data: only the demo week is loaded again,
            # on the test's day.
            files = [WEEK_DEMO]
        elif not cls.env.ref("base.user_demo", False):
            # base's demo user, which our demo data gives customers to.
            demo_user = new_test_user(
                cls.env,
                login="demo",
                name="Marc Demo",
                groups="base.group_user,sales_team.group_sale_salesman",
            )
            cls.env["ir.model.data"].create(
                {
                    "module": "base",
                    "name": "user_demo",
                    "model": "res.users",
                    "res_id": demo_user.id,
                }
            )
        # Loaded as at installation, when the registry is not ready yet (the
        # stage gates, for one, hold only once it is).
        with freeze_time(DEMO_MOMENT), patch.object(cls.registry, "ready", False):
            for path in files:
                convert_file(
                    cls.env,
                    module,
                    path,
                    {},
                    mode="init",
                    noupdate=True,
                    kind="demo",
                    pathname=file_path(f"{module}/{path}"),
                )

    @freeze_time(DEMO_MOMENT)
    def test_every_demo_user_finds_today_and_this_week(self):
        Followup = self.env["customer.followup"]
        ref = self.env.ref
        for key, xmlid in DEMO_USERS.items():
            user = ref(xmlid)
            with self.subTest(user=user.login):
                mine = Followup.with_user(user)
                self.assertEqual(mine.env.company._planning_today(), date(2026, 3, 11))
                today = mine.search(
                    [("user_id", "=", user.id), ("is_due_today", "=", True)]
                )
                week = mine.search(
                    [("user_id", "=", user.id), ("is_due_this_week", "=", True)]
                )
                todays = ref(f"crm_customer_planning.followup_demo_today_{key}")
                later = ref(f"crm_customer_planning.followup_demo_week_{key}")
                self.assertIn(todays, today)
                self.assertEqual(todays.date_planned, date(2026, 3, 11))
                self.assertNotIn(later, today)
                self.assertIn(later, week)
                self.assertIn(todays, week)
                self.assertEqual(later.date_planned, date(2026, 3, 13))
