# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import OpportunityScreeningCase


@tagged("post_install", "-at_install")
class TestQualificationForecast(OpportunityScreeningCase):
    """The screen drives the forecast (DOMAIN §6, 不见兔子不撒鹰): until a
    required step passes, the probability is at most the step's cap (shipped:
    10 / 25 / 50 / 75%); a deal the screen drops is forecast at 0%."""

    def _type(self, lead, probability):
        lead.with_user(self.salesman).write({"probability": probability})
        return lead.probability

    def test_unscreened_deal_is_not_forecast_high(self):
        # History says: nearly every deal in this stage was won.
        self.env["crm.lead.scoring.frequency"].create(
            {
                "variable": "stage_id",
                "value": str(self.stage_new.id),
                "won_count": 97.1,
                "lost_count": 3.1,
            }
        )
        lead = self._create_opportunity("Press line")
        pls = lead._pls_get_naive_bayes_probabilities()[lead.id]
        self.assertGreater(pls, 90.0, "Odoo's predictive scoring alone")
        # Capped by the first step still open.
        self.assertEqual((lead.automated_probability, lead.probability), (10.0, 10.0))
        self.assertTrue(lead.is_automated_probability)
        # Typed by hand, too.
        self.assertEqual(self._type(lead, 97.0), 10.0)
        self.assertEqual(lead.prorated_revenue, 20000.0)
        self._pass_steps(lead, "real")
        self.assertEqual(self._type(lead, 97.0), 25.0)
        self._pass_steps(lead, "compete", "win")
        self.assertEqual(self._type(lead, 97.0), 75.0)
        self._pass_steps(lead, "worth")
        self.assertEqual(self._type(lead, 97.0), 97.0)
        self.assertEqual(lead.prorated_revenue, 194000.0)

    def test_lighter_check_caps_its_own_steps_only(self):
        lead = self._create_opportunity("Tool carts", revenue=50000.0)
        self.assertEqual(lead.qualification_depth, "light")
        self._pass_steps(lead, "real", "compete")
        # 'Can we win?' and 'Is it worth winning?' are not asked of it.
        self.assertEqual(self._type(lead, 90.0), 90.0)

    def test_a_dropped_deal_leaves_the_forecast(self):
        lead = self._create_opportunity("Substation")
        self._type(lead, 60.0)
        self._answer(lead, "real", must="no")
        self.assertEqual(lead.qualification_recommendation, "drop")
        self.assertEqual((lead.probability, lead.prorated_revenue), (0.0, 0.0))
        self.assertEqual(self._type(lead, 50.0), 0.0)

    def test_won_deals_stay_won(self):
        lead = self._create_opportunity("Fleet tracking")
        lead.action_set_won()
        self.assertEqual(lead.probability, 100.0)

    def test_the_manager_sets_the_caps(self):
        lead = self._create_opportunity("Press line")
        self._pass_steps(lead, "real")
        self._type(lead, 97.0)
        settings = self.env["res.config.settings"].create({})
        settings.qualification_cap_compete = 40.0
        settings.execute()
        self.assertEqual(self.company.qualification_cap_compete, 40.0)
        self.assertEqual(self._type(lead, 97.0), 40.0)
        with self.assertRaises(ValidationError) as refused:
            self.company.qualification_cap_win = 120.0
        self.assertEqual(
            refused.exception.args[0],
            f"The forecast caps of {self.company.name} must be between 0 and 100%.",
        )
        self.company.invalidate_recordset()
        self.assertEqual(self.company.qualification_cap_win, 50.0)
        # Off: crm's own probability again.
        settings = self.env["res.config.settings"].create({})
        settings.qualification_forecast_caps = False
        settings.execute()
        self.assertEqual(self._type(lead, 97.0), 97.0)

    def test_pipeline_splits_screened_from_unscreened(self):
        screened = self._create_opportunity("Screened", revenue=300000.0)
        self._pass_steps(screened, *self.STEPS)
        open_deal = self._create_opportunity("Open", revenue=200000.0)
        dropped = self._create_opportunity("Dropped", revenue=100000.0)
        self._answer(dropped, "real", must="no")
        leads = screened | open_deal | dropped
        self.assertEqual(
            [
                (
                    lead.qualification_screened_revenue,
                    lead.qualification_unscreened_revenue,
                )
                for lead in leads
            ],
            [(300000.0, 0.0), (0.0, 200000.0), (0.0, 0.0)],
        )
        [(screened_sum, unscreened_sum)] = [
            (s, u)
            for _stage, s, u in self.env["crm.lead"]
            .with_user(self.sales_manager)
            ._read_group(
                [("id", "in", leads.ids)],
                ["stage_id"],
                [
                    "qualification_screened_revenue:sum",
                    "qualification_unscreened_revenue:sum",
                ],
            )
        ]
        self.assertEqual((screened_sum, unscreened_sum), (300000.0, 200000.0))
        for xmlid in ("crm.crm_lead_view_pivot", "crm.crm_lead_view_graph_forecast"):
            arch = self.env["crm.lead"].get_view(self.env.ref(xmlid).id)["arch"]
            self.assertIn('name="qualification_screened_revenue"', arch)
            self.assertIn('name="qualification_unscreened_revenue"', arch)
