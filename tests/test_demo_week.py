# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import tagged

from .common import DEMO_MOMENT, DemoDataCase, freeze_time

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


@tagged("post_install", "-at_install")
class TestDemoWeek(DemoDataCase):
    """The demo data (loaded on a day whose date differs between Beijing and
    UTC): every demo user finds today's visits and this week's in their list."""

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
