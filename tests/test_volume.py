# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo.tests import Form, tagged

from .common import CustomerPlanningCase


@tagged("post_install", "-at_install")
class TestVolume(CustomerPlanningCase):
    """For Non-named and Mass-market customers the method judges the volume
    (量), not the deal (DOMAIN §6): their small deals skip the screen, and a
    volume view shows orders, amount, average and trend."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop = cls._customer_with_values(
            "Eastern Shop", 10000, 20000, owner=cls.salesman
        )
        cls.tools = cls._customer_with_values(
            "Delta Tools", 100000, 0, owner=cls.salesman_2
        )
        cls.major = cls._customer_with_values(
            "Changjiang Heavy Industry", 1200000, 6000000, owner=cls.salesman
        )

    def _deal(self, partner, revenue):
        return self.env["crm.lead"].create(
            {
                "name": f"{partner.name} {revenue}",
                "type": "opportunity",
                "partner_id": partner.id,
                "expected_revenue": revenue,
                "user_id": self.salesman.id,
            }
        )

    def _verdicts(self, lead):
        return (
            lead.qualification_depth,
            tuple(
                lead[f"qualification_{step}_verdict"]
                for step in ("real", "compete", "win", "worth")
            ),
            lead.qualification_recommendation,
        )

    def test_small_deals_of_the_lower_tiers_skip_the_screen(self):
        self.assertEqual(
            (
                self.tier_non_named.qualification_depth,
                self.tier_mass.qualification_depth,
            ),
            ("volume", "volume"),
        )
        small = self._deal(self.tools, 50000.0)
        self.assertEqual(
            self._verdicts(small),
            ("none", ("skipped",) * 4, "pursue"),
        )
        # Nothing caps its forecast either.
        small.with_user(self.salesman).probability = 80.0
        self.assertEqual(small.probability, 80.0)
        # A large deal of the same customer gets the lighter check.
        large = self._deal(self.tools, 150000.0)
        self.assertEqual(
            self._verdicts(large),
            ("light", ("open", "open", "skipped", "skipped"), "review"),
        )
        # A Major customer's small deal is still screened.
        self.assertEqual(self._deal(self.major, 50000.0).qualification_depth, "light")

    def test_a_customer_moving_tier_changes_its_small_deals(self):
        small = self._deal(self.tools, 50000.0)
        self.assertEqual(small.qualification_depth, "none")
        wizard = Form(
            self.env["customer.tier.override"]
            .with_user(self.planning_manager)
            .with_context(active_model="res.partner", active_ids=self.tools.ids)
        )
        wizard.tier_id = self.tier_named
        wizard.reason = "A framework contract is coming."
        wizard.save().action_apply()
        self.env.flush_all()
        self.assertEqual(
            self._verdicts(small),
            ("light", ("open", "open", "skipped", "skipped"), "review"),
        )

    def test_volume_per_month_in_the_companys_calendar(self):
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        for partner, amount, closed in (
            # 1 March 01:00 in Beijing, still February in UTC.
            (self.shop, 30000.0, datetime(2026, 2, 28, 17, 0)),
            (self.shop, 10000.0, datetime(2026, 3, 20, 2, 0)),
            (self.tools, 60000.0, datetime(2026, 2, 10, 2, 0)),
            (self.major, 900000.0, datetime(2026, 3, 5, 2, 0)),
        ):
            self._create_won(partner, amount).date_closed = closed
        self.env.flush_all()
        Report = self.env["customer.volume.report"].with_user(self.salesman_2)
        domain = [("date", ">=", date(2026, 2, 1)), ("date", "<", date(2026, 4, 1))]
        groups = Report._read_group(
            domain,
            ["date:month", "partner_id"],
            ["__count", "amount:sum", "average_amount:avg"],
        )
        self.assertEqual(
            [
                (month.month, partner, n, total, avg)
                for month, partner, n, total, avg in groups
            ],
            [
                (2, self.tools, 1, 60000.0, 60000.0),
                (3, self.shop, 2, 40000.0, 20000.0),
            ],
        )
        # The Major customer is judged by its deals, not here.
        self.assertFalse(Report.search(domain + [("partner_id", "=", self.major.id)]))
