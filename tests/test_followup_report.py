# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

import pytz
from freezegun import freeze_time

from odoo.tests import tagged

from .common import FollowupCase


@tagged("post_install", "-at_install")
class TestWeeklyReport(FollowupCase):
    """A known week (Monday 10 to Friday 14 March 2031) of visits, read on
    Friday at 16:00 in Beijing (08:00 UTC), when the report goes out."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["report.crm_customer_planning.weekly_service_report"]
        customer = cls._tiered_customer("Report Named", cls.tier_named, cls.salesman)

        def visit(owner, state, closed, satisfaction=False):
            cls._followup(
                customer,
                user_id=owner.id,
                state=state,
                date_planned=closed,
                date_closed=closed,
                satisfaction=satisfaction,
            )

        # Agent One: 3 done (rated 5 and 4, one not rated), 1 missed.
        visit(cls.agent, "done", date(2031, 3, 10), "5")
        visit(cls.agent, "done", date(2031, 3, 12), "4")
        visit(cls.agent, "done", date(2031, 3, 14))
        visit(cls.agent, "missed", date(2031, 3, 11))
        # Agent Two: 1 done rated 2, 2 missed.
        visit(cls.agent_teammate, "done", date(2031, 3, 13), "2")
        visit(cls.agent_teammate, "missed", date(2031, 3, 10))
        visit(cls.agent_teammate, "missed", date(2031, 3, 14))
        # Outside the week, or not closed: not counted.
        visit(cls.agent, "done", date(2031, 3, 7), "1")
        visit(cls.agent_teammate, "missed", date(2031, 3, 17))
        visit(cls.agent, "cancelled", date(2031, 3, 12))
        cls._followup(customer, user_id=cls.agent.id, date_planned=date(2031, 3, 12))

    @freeze_time("2031-03-14 08:00:00")
    def test_figures(self):
        data = self.Report._get_weekly_report_data()
        self.assertEqual(
            (data["date_from"], data["date_to"]), (date(2031, 3, 10), date(2031, 3, 14))
        )
        lines = {line["name"]: line for line in data["owners"]}
        self.assertEqual(set(lines), {"Agent One", "Agent Two"})
        self.assertEqual(
            lines["Agent One"],
            {
                "user_id": self.agent.id,
                "name": "Agent One",
                "done": 3,
                "missed": 1,
                "satisfaction": 4.5,
            },
        )
        self.assertEqual(
            lines["Agent Two"],
            {
                "user_id": self.agent_teammate.id,
                "name": "Agent Two",
                "done": 1,
                "missed": 2,
                "satisfaction": 2.0,
            },
        )
        self.assertEqual((data["done"], data["missed"]), (4, 3))
        self.assertEqual(data["satisfaction"], round((5 + 4 + 2) / 3, 2))
        # No complaint in the period.
        self.assertEqual(set(data["complaints"].values()), {0})

    def test_figures_of_a_given_period(self):
        data = self.Report._get_weekly_report_data(date(2031, 3, 3), date(2031, 3, 9))
        self.assertEqual(
            (data["done"], data["missed"], data["satisfaction"]), (1, 0, 1.0)
        )

    def test_query_count_flat(self):
        """Grouped queries: the same number for 11 visits or for 50 more."""

        def count():
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            data = self.Report._get_weekly_report_data(
                date(2031, 3, 10), date(2031, 3, 14)
            )
            return self.env.cr.sql_log_count - start, data["done"]

        count()  # warm the caches (the environment's company, once per env)
        few, done = count()
        customer = self._tiered_customer("Report Busy", self.tier_mass, self.salesman)
        self.Followup.create(
            [
                {
                    "partner_id": customer.id,
                    "user_id": (self.agent | self.agent_teammate)[index % 2].id,
                    "date_planned": date(2031, 3, 11),
                    "state": "done",
                    "date_closed": date(2031, 3, 11),
                    "satisfaction": "3",
                }
                for index in range(50)
            ]
        )
        many, more_done = count()
        self.assertEqual(more_done, done + 50)
        self.assertEqual(few, many)

    @freeze_time("2031-03-14 08:00:00")
    def test_mailed_to_service_managers(self):
        cron = self.env.ref("crm_customer_planning.ir_cron_weekly_service_report")
        cron.method_direct_trigger()
        mails = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.service_manager.partner_id.ids)]
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.subject, "Weekly service report")
        body = mails.body_html
        for text in ("Agent One", "Agent Two", "4.5", "3.67"):
            self.assertIn(text, body)
        # Not to agents.
        self.assertFalse(
            self.env["mail.mail"].search(
                [("recipient_ids", "in", self.agent.partner_id.ids)]
            )
        )

    def test_scheduled_fridays_afternoon(self):
        """Friday 18:00 in Beijing, when the weekly reports are due: 10:00
        UTC, as Odoo stores it."""
        cron = self.env.ref("crm_customer_planning.ir_cron_weekly_service_report")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "weeks"))
        beijing = pytz.utc.localize(cron.nextcall).astimezone(
            pytz.timezone("Asia/Shanghai")
        )
        self.assertEqual((beijing.weekday(), beijing.hour), (4, 18))
