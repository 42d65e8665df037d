# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import OpportunityScreeningCase


@tagged("post_install", "-at_install")
class TestCompetitors(OpportunityScreeningCase):
    """DOMAIN §5: competitors on each opportunity and, per competitor, how often
    we meet, beat and lose to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.alpha = Partner.create(
            {"name": "Alpha Systems", "is_company": True, "is_competitor": True}
        )
        cls.beta = Partner.create(
            {"name": "Beta Tech", "is_company": True, "is_competitor": True}
        )
        cls.gamma = Partner.create(
            {"name": "Gamma Works", "is_company": True, "is_competitor": True}
        )
        cls.customer = cls._create_customer("Northern Grid", owner=cls.salesman)
        cls.insider = Partner.create(
            {"name": "Vice Director Tang", "parent_id": cls.customer.id}
        )

    def _deal(self, name, competitors, outcome, revenue=100000):
        lead = self._create_opportunity(name, partner=self.customer, revenue=revenue)
        lead.competitor_line_ids = [
            (
                0,
                0,
                {
                    "competitor_id": competitor.id,
                    "kind": "direct",
                    "strategy": "flanking",
                },
            )
            for competitor in competitors
        ]
        if outcome == "won":
            lead.action_set_won()
        elif outcome == "lost":
            lead.action_set_lost(
                lost_reason_id=self.env.ref(
                    "crm_customer_planning.lost_reason_cannot_win"
                ).id
            )
        return lead

    def test_win_rate_on_a_known_dataset(self):
        self._deal("D1", self.alpha | self.beta, "won", 100000)
        self._deal("D2", self.alpha, "won", 50000)
        self._deal("D3", self.alpha | self.beta, "lost", 70000)
        self._deal("D4", self.alpha, "open")
        self._deal("D5", self.beta, "lost", 30000)
        self._deal("D6", self.gamma, "open")
        self.env.flush_all()
        rows = {
            row.competitor_id: row
            for row in self.env["crm.competitor.report"].search(
                [("competitor_id", "in", (self.alpha | self.beta | self.gamma).ids)]
            )
        }
        expected = {
            # met, won, lost, open, win rate
            self.alpha: (4, 2, 1, 1, 200.0 / 3),
            self.beta: (3, 1, 2, 0, 100.0 / 3),
            self.gamma: (1, 0, 0, 1, 0.0),
        }
        for competitor, (met, won, lost, open_, rate) in expected.items():
            with self.subTest(competitor=competitor.name):
                row = rows[competitor]
                self.assertEqual(
                    (row.met_count, row.won_count, row.lost_count, row.open_count),
                    (met, won, lost, open_),
                )
                self.assertAlmostEqual(row.win_rate, rate, places=2)
        self.assertEqual(rows[self.alpha].won_revenue, 150000)
        self.assertEqual(rows[self.beta].lost_revenue, 100000)
        # The report reads for a salesperson too.
        self.assertTrue(
            self.env["crm.competitor.report"].with_user(self.salesman).search_count([])
        )

    def test_competitor_line_details(self):
        lead = self._create_opportunity("Smart meters", partner=self.customer)
        line = self.env["crm.lead.competitor"].create(
            {
                "lead_id": lead.id,
                "competitor_id": self.alpha.id,
                "kind": "direct",
                "product": "Meter X2",
                "solution": "Cloud reading platform",
                "alliance": "Partnered with the provincial integrator",
                "strengths": "Price",
                "weaknesses": "Service coverage",
                "strategy": "guerrilla",
            }
        )
        self.assertEqual(lead.competitor_line_ids, line)
        self.assertEqual(self.alpha.competitor_line_ids, line)
        # Indirect competition: a person inside the customer who opposes us.
        indirect = self.env["crm.lead.competitor"].create(
            {
                "lead_id": lead.id,
                "competitor_id": self.insider.id,
                "kind": "indirect",
                "strategy": "development",
            }
        )
        self.assertFalse(self.insider.is_competitor)
        self.assertEqual(indirect.kind, "indirect")

    def test_direct_competitor_must_be_marked(self):
        lead = self._create_opportunity("Substation", partner=self.customer)
        with self.assertRaises(ValidationError):
            self.env["crm.lead.competitor"].create(
                {"lead_id": lead.id, "competitor_id": self.insider.id, "kind": "direct"}
            )
        self.assertFalse(lead.competitor_line_ids)

    def test_competitors_are_not_classified_as_customers(self):
        Partner = self.env["res.partner"]
        self.assertIn("is_competitor", Partner._planning_scope_sql())
        rival = self._customer_with_values(
            "Rival Corp", 1500000, 6000000, owner=self.salesman
        )
        self.assertEqual(rival.customer_tier_id, self.tier_major)
        rival.is_competitor = True
        self.assertFalse(rival.customer_tier_id)
        self.assertNotIn(rival, Partner.search(Partner._get_planning_customer_domain()))
        last = rival.customer_tier_history_ids.sorted("id")[-1]
        self.assertEqual(last.old_tier_id, self.tier_major)
        self.assertFalse(last.new_tier_id)
        # The nightly job leaves competitors alone.
        unclassified_on = rival.planning_values_date
        Partner._planning_mark_stale()
        self._run_job_to_end(Partner._cron_recompute_customer_values, max_runs=20)
        rival.invalidate_recordset()
        self.assertFalse(rival.customer_tier_id)
        self.assertFalse(rival.value_quadrant)
        self.assertEqual(rival.planning_values_date, unclassified_on)
        rival.potential_value = 9000000
        self.assertFalse(rival.customer_tier_id)
        fresh = Partner.create(
            {"name": "New Rival", "is_company": True, "is_competitor": True}
        )
        Partner._cron_recompute_customer_values()
        fresh.invalidate_recordset()
        self.assertFalse(fresh.customer_tier_id)
