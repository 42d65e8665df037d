# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DashboardCase


@tagged("post_install", "-at_install")
class TestAllocationReport(DashboardCase):
    """The 80/20 picture per tier: customers, value, and the visits and
    activities spent on them (DOMAIN §7)."""

    def _rows(self, user=None):
        Report = self.env["customer.allocation.report"].with_user(user or self.manager)
        return {row.tier_id: row for row in Report.search([])}

    def test_counts_per_tier(self):
        rows = self._rows()
        self.assertEqual(
            {
                tier: (row.customer_count, row.current_value, row.visit_count)
                for tier, row in rows.items()
            },
            {
                # Done visits of the last 12 months only: not the missed or
                # cancelled ones, nor the one of two years ago.
                self.tier_major: (1, 1200000, 4),
                self.tier_named: (2, 400000, 3),
                self.tier_non_named: (1, 100000, 1),
                self.tier_mass: (2, 10000, 1),
            },
        )
        # Open activities on the customer and its contacts, and those done on
        # its opportunities.
        self.assertEqual(rows[self.tier_major].activity_count, 3)
        self.assertEqual(rows[self.tier_named].activity_count, 1)
        self.assertEqual(
            round(sum(row.customer_share for row in rows.values()), 6), 100.0
        )
        self.assertAlmostEqual(rows[self.tier_major].share_of_wallet, 20.0)
        self.assertEqual(rows[self.tier_major].target_share, 30.0)
        self.assertFalse(rows[self.tier_mass].target_share, "an amount target")

    def test_archived_and_unclassified_customers_are_out(self):
        self.mass_f.action_archive()
        self._create_customer("Not Yet Classified")
        self.env.flush_all()
        self.assertEqual(self._rows()[self.tier_mass].customer_count, 1)

    def test_access(self):
        # Planning users read the same figures as the managers.
        fields = ["customer_count", "current_value", "visit_count", "activity_count"]
        as_salesman = {
            tier: row.read(fields)[0] for tier, row in self._rows(self.salesman).items()
        }
        self.assertEqual(len(as_salesman), 4)
        self.assertEqual(
            as_salesman,
            {tier: row.read(fields)[0] for tier, row in self._rows().items()},
        )
        portal = new_test_user(self.env, login="cp_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["customer.allocation.report"].with_user(portal).search([])
