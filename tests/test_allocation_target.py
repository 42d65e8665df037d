# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from ..report.customer_resource_report import has_timesheets
from .common import CustomerPlanningCase

# 01:00 on Sunday 1 March 2026 in Beijing, still Saturday 28 February in UTC:
# the monthly alert checks February (the company's last month), not January.
FIRST_OF_MARCH = "2026-02-28 17:00:00"


class AllocationTargetCase(CustomerPlanningCase):
    """A company of its own (calendar in Asia/Shanghai) with ten classified
    customers, the most valuable first: the top 20% are the two Major ones.
    In February they got 8 of the 10 hours spent (exactly 80%): a 3-hour
    on-site visit and a 1-hour meeting on the first, two on-site visits of the
    shipped 2 hours on the second, and a phone call of the shipped 15 minutes
    on each of the eight others. In January, four visits of no recorded time,
    one of them to a Major customer (25% of the visits)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_x = cls.env["res.company"].create({"name": "Eighty Twenty Ltd"})
        cls.company_x.resource_calendar_id.tz = "Asia/Shanghai"
        cls.sales_manager = new_test_user(
            cls.env,
            login="cp_eighty_manager",
            name="Sales Manager Zhao",
            groups="sales_team.group_sale_manager",
            company_id=cls.company_x.id,
            company_ids=[cls.company_x.id],
        )
        Partner = cls.env["res.partner"].with_context(planning_internal_write=True)
        cls.customers = Partner.create(
            [
                {
                    "name": f"Customer {index}",
                    "is_company": True,
                    "company_id": cls.company_x.id,
                    "customer_tier_id": (
                        cls.tier_major if index < 2 else cls.tier_mass
                    ).id,
                    "current_value": 1000000.0 - index * 10000.0,
                }
                for index in range(10)
            ]
        )
        cls.top_1, cls.top_2 = cls.customers[:2]
        cls.small = cls.customers[2:]
        cls.contact = Partner.create(
            {
                "name": "Buyer Wu",
                "parent_id": cls.top_1.id,
                "company_id": cls.company_x.id,
            }
        )

    @classmethod
    def _visit(cls, partner, day, channel="phone", **vals):
        return (
            cls.env["customer.followup"]
            .with_company(cls.company_x)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company_x.id,
                    "user_id": cls.sales_manager.id,
                    "channel": channel,
                    "state": "done",
                    "date_planned": day,
                    "date_closed": day,
                    **vals,
                }
            )
        )

    @classmethod
    def _build_dataset(cls, february, january):
        cls._visit(cls.top_1, february, "onsite", duration=3.0)
        cls._visit(cls.top_2, february, "onsite")
        cls._visit(cls.top_2, february, "onsite")
        for partner in cls.small:
            cls._visit(partner, february)
        # One meeting with the customer's buyer, on its opportunity: counted
        # once, for an hour.
        lead = cls.env["crm.lead"].create(
            {
                "name": "Press line",
                "type": "opportunity",
                "partner_id": cls.top_1.id,
                "company_id": cls.company_x.id,
            }
        )
        start = datetime.combine(february, datetime.min.time()).replace(hour=2)
        cls.env["calendar.event"].create(
            {
                "name": "Technical meeting",
                "start": start,
                "stop": start.replace(hour=3),
                "partner_ids": [(6, 0, (cls.contact | cls.top_1).ids)],
                "opportunity_id": lead.id,
            }
        )
        for partner in cls.top_1 | cls.small[:3]:
            cls._visit(partner, january, duration=0.0)


@tagged("post_install", "-at_install")
class TestTimePerTier(AllocationTargetCase):
    """Resources per tier count time: visits, meetings (and timesheets when
    Timesheets are installed). Dates a few days back, well within the last 12
    months whatever today is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = cls.company_x._planning_today()
        cls._build_dataset(today - timedelta(days=2), today - timedelta(days=3))

    def test_time_spent_per_tier(self):
        self.env.flush_all()
        rows = {
            row.tier_id: row
            for row in self.env["customer.allocation.report"]
            .with_user(self.sales_manager)
            .search([("company_id", "=", self.company_x.id)])
        }
        fields = [
            "customer_count",
            "visit_count",
            "meeting_count",
            "visit_hours",
            "meeting_hours",
            "time_spent",
            "time_share",
        ]
        self.assertEqual(
            {tier: row.read(fields)[0] for tier, row in rows.items()},
            {
                self.tier_major: {
                    "id": rows[self.tier_major].id,
                    "customer_count": 2,
                    "visit_count": 4,
                    "meeting_count": 1,
                    "visit_hours": 7.0,
                    "meeting_hours": 1.0,
                    "time_spent": 8.0,
                    "time_share": 80.0,
                },
                self.tier_mass: {
                    "id": rows[self.tier_mass].id,
                    "customer_count": 8,
                    "visit_count": 11,
                    "meeting_count": 0,
                    "visit_hours": 2.0,
                    "meeting_hours": 0.0,
                    "time_spent": 2.0,
                    "time_share": 20.0,
                },
            },
        )
        # Timesheets are not installed in the test database: the SQL branch
        # without them runs, and no hours or cost come from them.
        self.assertFalse(has_timesheets(self.env))
        self.assertEqual(
            [(row.timesheet_hours, row.timesheet_cost) for row in rows.values()],
            [(0.0, 0.0), (0.0, 0.0)],
        )
        resources = (
            self.env["customer.resource.report"]
            .with_user(self.sales_manager)
            .search([("partner_id", "=", self.top_1.id)])
        )
        self.assertEqual(
            (resources.visit_count, resources.meeting_count, resources.time_spent),
            (2, 1, 4.0),
        )


@tagged("post_install", "-at_install")
@freeze_time(FIRST_OF_MARCH)
class TestAllocationTarget(AllocationTargetCase):
    """The share on the top 20% by month against the 80% target, and the
    monthly drift alert, on 1 March 2026 in Beijing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_dataset(date(2026, 2, 10), date(2026, 1, 20))

    def _months(self, user=None):
        self.env.flush_all()
        self.env["customer.allocation.month.report"].invalidate_model()
        return {
            row.month: row
            for row in self.env["customer.allocation.month.report"]
            .with_user(user or self.sales_manager)
            .search([("company_id", "=", self.company_x.id)])
        }

    def _alerts(self):
        return self.env["mail.message"].search(
            [("model", "=", "res.company"), ("res_id", "=", self.company_x.id)]
        )

    def test_visit_time_defaults_per_channel(self):
        Followup = self.env["customer.followup"].with_user(self.sales_manager)
        onsite, phone = Followup.create(
            [
                {"partner_id": self.top_1.id, "channel": channel}
                for channel in ("onsite", "phone")
            ]
        )
        self.assertEqual((onsite.duration, phone.duration), (2.0, 0.25))
        # Corrected when recording the result.
        onsite.write({"state": "done", "duration": 3.5})
        self.assertEqual((onsite.state, onsite.duration), ("done", 3.5))
        for hours in (-1.0, 24.5):
            with self.assertRaises(ValidationError):
                phone.write({"duration": hours})
        phone.invalidate_recordset()
        self.assertEqual(phone.duration, 0.25)

    def test_share_on_top_customers_by_month(self):
        months = self._months()
        fields = [
            "customer_count",
            "top_customer_count",
            "basis",
            "time_spent",
            "top_time_spent",
            "action_count",
            "top_action_count",
            "resource_share",
            "target_share",
            "gap",
            "is_drifting",
        ]
        self.assertEqual(
            {month: {f: row[f] for f in fields} for month, row in months.items()},
            {
                date(2026, 2, 1): {
                    "customer_count": 10,
                    "top_customer_count": 2,
                    "basis": "time",
                    "time_spent": 10.0,
                    "top_time_spent": 8.0,
                    "action_count": 11,
                    "top_action_count": 3,
                    "resource_share": 80.0,
                    "target_share": 80.0,
                    "gap": 0.0,
                    "is_drifting": False,
                },
                # No time recorded: visits and activities count.
                date(2026, 1, 1): {
                    "customer_count": 10,
                    "top_customer_count": 2,
                    "basis": "count",
                    "time_spent": 0.0,
                    "top_time_spent": 0.0,
                    "action_count": 4,
                    "top_action_count": 1,
                    "resource_share": 25.0,
                    "target_share": 80.0,
                    "gap": -55.0,
                    "is_drifting": True,
                },
            },
        )
        # The top 25% (2.5 customers, rounded up: 3) against a 90% target.
        self.company_x.write(
            {"allocation_top_share": 25.0, "allocation_target_share": 90.0}
        )
        february = self._months()[date(2026, 2, 1)]
        self.assertEqual(
            (february.top_customer_count, february.top_time_spent),
            (3, 8.25),
        )
        self.assertAlmostEqual(february.resource_share, 82.5)
        self.assertAlmostEqual(february.gap, -7.5)
        self.assertFalse(february.is_drifting)

    def test_other_companies_do_not_see_the_figures(self):
        self.assertEqual(self._months(self.salesman), {})

    def test_within_tolerance_no_alert(self):
        # One more hour on a small customer: 8 of 11 hours, 72.7% (7.3 points
        # below the target, within the 10 points of tolerance).
        self._visit(self.small[0], date(2026, 2, 27), "onsite", duration=1.0)
        messages = self.env["res.company"]._cron_alert_allocation_drift()
        self.assertFalse(messages & self._alerts())
        self.assertFalse(self._alerts())
        self.assertEqual(self.company_x.allocation_alert_last_month, date(2026, 2, 1))

    def test_drift_alerts_the_sales_managers_once(self):
        # Six more hours on small customers: 8 of 16 hours, 50%.
        self._visit(self.small[0], date(2026, 2, 27), "onsite", duration=6.0)
        # Not on 1 March in UTC: a day late in Beijing, the same month.
        self.env["res.company"]._cron_alert_allocation_drift()
        alert = self._alerts()
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.partner_ids, self.sales_manager.partner_id)
        self.assertEqual(
            alert.subject,
            "Eighty Twenty Ltd: resources drift away from the top customers in 2026-02",
        )
        self.assertIn("(2 of 10) got 50.0% of the resources", alert.body)
        self.assertIn("Gap: -30.0 points", alert.body)
        self.assertIn("16.00 hours, 8.00 on the top customers", alert.body)
        self.assertIn("/odoo/action-", alert.body)
        self.assertEqual(self.company_x.allocation_alert_last_month, date(2026, 2, 1))
        # A second run the same month alerts nobody again.
        self.env["res.company"]._cron_alert_allocation_drift()
        self.assertEqual(self._alerts(), alert)

    def test_batches_over_companies(self):
        # 8 of 16 hours: drifting. One company a run, in the order of their ids:
        # the companies before this one are checked first, then this one.
        self._visit(self.small[0], date(2026, 2, 27), "onsite", duration=6.0)
        companies = self.env["res.company"].search([], order="id")
        self.assertEqual(companies[-1], self.company_x)
        for _company in companies[:-1]:
            self.env["res.company"]._cron_alert_allocation_drift(batch_size=1)
        self.assertFalse(self.company_x.allocation_alert_last_month)
        self.assertFalse(self._alerts())
        self.env["res.company"]._cron_alert_allocation_drift(batch_size=1)
        self.assertEqual(self.company_x.allocation_alert_last_month, date(2026, 2, 1))
        self.assertEqual(len(self._alerts()), 1)

    def test_settings_validation(self):
        company = self.company_x
        self.assertEqual(
            (
                company.allocation_top_share,
                company.allocation_target_share,
                company.allocation_drift_tolerance,
            ),
            (20.0, 80.0, 10.0),
        )
        for vals in (
            {"allocation_top_share": 0.0},
            {"allocation_top_share": 100.5},
            {"allocation_target_share": -5.0},
            {"allocation_target_share": 101.0},
            {"allocation_drift_tolerance": -1.0},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                company.write(vals)
        company.write({"allocation_top_share": 100.0, "allocation_target_share": 100.0})
        self.assertEqual(company.allocation_top_share, 100.0)
        settings = (
            self.env["res.config.settings"]
            .with_company(company)
            .create({"allocation_drift_tolerance": 5.0})
        )
        settings.execute()
        self.assertEqual(company.allocation_drift_tolerance, 5.0)
