# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.crm_customer_planning.models.planning_rules import (
    evaluate_steps,
    step_verdict,
)

from .common import OpportunityScreeningCase


@tagged("post_install", "-at_install")
class TestVerdictRule(OpportunityScreeningCase):
    """The rule itself, on plain numbers: a blocking No fails the step; the
    weighted share of Yes must reach the pass mark with every blocking criterion
    Yes; unknowns keep the step open until the mark is out of reach."""

    CRITERIA = [(1, 2.0, True), (2, 1.0, False), (3, 1.0, False)]

    def test_blocking_no_fails_whatever_the_rest(self):
        self.assertEqual(
            step_verdict(self.CRITERIA, {1: "no", 2: "yes", 3: "yes"}, 50.0), "failed"
        )
        # A non-blocking No alone does not fail the step.
        self.assertEqual(
            step_verdict(self.CRITERIA, {1: "yes", 2: "no", 3: "yes"}, 60.0), "passed"
        )

    def test_weights_decide_the_score(self):
        # 2 + 1 of 4 = 75% passes a 75% mark, 2 of 4 = 50% does not.
        self.assertEqual(
            step_verdict(self.CRITERIA, {1: "yes", 2: "yes", 3: "no"}, 75.0), "passed"
        )
        self.assertEqual(
            step_verdict(self.CRITERIA, {1: "yes", 2: "no", 3: "no"}, 60.0), "failed"
        )
        # The same answers on weights that favour criterion 2 change the verdict.
        heavy_two = [(1, 1.0, True), (2, 3.0, False), (3, 1.0, False)]
        self.assertEqual(
            step_verdict(heavy_two, {1: "yes", 2: "yes", 3: "no"}, 75.0), "passed"
        )
        self.assertEqual(
            step_verdict(heavy_two, {1: "yes", 2: "no", 3: "yes"}, 60.0), "failed"
        )

    def test_unknowns_keep_the_step_open(self):
        # Nothing answered: open (everything is still possible).
        self.assertEqual(step_verdict(self.CRITERIA, {}, 60.0), "open")
        # Enough Yes but the blocking criterion is unknown: open.
        self.assertEqual(
            step_verdict(self.CRITERIA, {1: "unknown", 2: "yes", 3: "yes"}, 50.0),
            "open",
        )
        # The mark is out of reach even if the unknown turns Yes: failed.
        self.assertEqual(
            step_verdict(self.CRITERIA, {1: "yes", 2: "no", 3: "no"}, 60.0), "failed"
        )
        self.assertEqual(
            step_verdict(self.CRITERIA, {1: "unknown", 2: "no", 3: "no"}, 60.0),
            "failed",
        )
        # Still reachable with the unknown: open.
        self.assertEqual(
            step_verdict(self.CRITERIA, {1: "yes", 2: "no", 3: "unknown"}, 60.0),
            "open",
        )

    def test_step_without_criteria_passes(self):
        self.assertEqual(step_verdict([], {}, 60.0), "passed")

    def test_steps_in_order(self):
        criteria = {step: [(index, 1.0, True)] for index, step in enumerate(self.STEPS)}
        answers = {0: "unknown", 1: "yes", 2: "yes", 3: "yes"}
        verdicts, furthest, recommendation = evaluate_steps(
            criteria, answers, list(self.STEPS), 60.0
        )
        # Later steps answered Yes cannot pass while the first is open.
        self.assertEqual(
            verdicts,
            {"real": "open", "compete": "open", "win": "open", "worth": "open"},
        )
        self.assertFalse(furthest)
        self.assertEqual(recommendation, "review")
        verdicts, furthest, recommendation = evaluate_steps(
            criteria, {**answers, 0: "yes", 2: "no"}, list(self.STEPS), 60.0
        )
        self.assertEqual(verdicts["compete"], "passed")
        self.assertEqual(verdicts["win"], "failed")
        self.assertEqual(verdicts["worth"], "open")
        self.assertEqual(furthest, "compete")
        self.assertEqual(recommendation, "drop")


@tagged("post_install", "-at_install")
class TestOpportunityVerdicts(OpportunityScreeningCase):
    def test_answers_give_verdicts_step_and_recommendation(self):
        lead = self._create_opportunity("Harbour cranes")
        self.assertEqual(lead.qualification_depth, "full")
        self.assertEqual(lead.qualification_real_verdict, "open")
        self.assertFalse(lead.qualification_step)
        self.assertEqual(lead.qualification_recommendation, "review")
        self.assertEqual(lead.qualification_next_step, "real")

        self._answer(lead, "real", must="yes", nice="yes")
        self.assertEqual(lead.qualification_real_verdict, "passed")
        self.assertEqual(lead.qualification_step, "real")
        self.assertEqual(lead.qualification_next_step, "compete")
        line = lead.qualification_ids.filtered(
            lambda q: q.criterion_id == self.criteria["real"]["must"]
        )
        self.assertEqual(line.answered_by_id, self.env.user)
        self.assertTrue(line.answered_on)
        self.assertEqual(line.note, "evidence for must")

        self._pass_steps(lead, "compete", "win", "worth")
        self.assertEqual(lead.qualification_step, "worth")
        self.assertEqual(lead.qualification_recommendation, "pursue")
        self.assertFalse(lead.qualification_next_step)

        # A blocking No at step 3 fails it and recommends dropping.
        self._answer(lead, "win", must="no")
        self.assertEqual(lead.qualification_win_verdict, "failed")
        self.assertEqual(lead.qualification_worth_verdict, "open")
        self.assertEqual(lead.qualification_step, "compete")
        self.assertEqual(lead.qualification_recommendation, "drop")

    def test_later_step_cannot_pass_before_an_earlier_one(self):
        lead = self._create_opportunity("Port software")
        lead.qualification_ids = [
            (0, 0, {"criterion_id": criterion.id, "answer": "yes"})
            for criterion in self.criteria["compete"].values()
        ]
        self.assertEqual(lead.qualification_real_verdict, "open")
        self.assertEqual(lead.qualification_compete_verdict, "open")
        self.assertFalse(lead.qualification_step)
        # Once the first step passes, the second passes on its existing answers.
        self._pass_steps(lead, "real")
        self.assertEqual(lead.qualification_compete_verdict, "passed")
        self.assertEqual(lead.qualification_step, "compete")

    def test_filters_and_group_by_step_and_verdict(self):
        screened = self._create_opportunity("Screened")
        self._pass_steps(screened, "real", "compete")
        dropped = self._create_opportunity("Dropped")
        self._answer(dropped, "real", must="no")
        fresh = self._create_opportunity("Fresh")
        Lead = self.env["crm.lead"]
        leads = screened | dropped | fresh
        groups = dict(
            Lead._read_group(
                [("id", "in", leads.ids)], ["qualification_step"], ["__count"]
            )
        )
        self.assertEqual(groups, {"compete": 1, False: 2})
        groups = dict(
            Lead._read_group(
                [("id", "in", leads.ids)], ["qualification_real_verdict"], ["__count"]
            )
        )
        self.assertEqual(groups, {"passed": 1, "failed": 1, "open": 1})
        self.assertEqual(
            Lead.search(
                [("id", "in", leads.ids), ("qualification_recommendation", "=", "drop")]
            ),
            dropped,
        )
        self.assertEqual(
            Lead.search(
                [
                    ("id", "in", leads.ids),
                    ("qualification_compete_verdict", "=", "passed"),
                ]
            ),
            screened,
        )

    def test_settings_and_criteria_changes_recompute_open_opportunities(self):
        lead = self._create_opportunity("Bridge")
        self._answer(lead, "real", must="yes", nice="yes", extra="no")  # 75%
        self.assertEqual(lead.qualification_real_verdict, "passed")
        # A stricter pass mark fails it: 75% of Yes can no longer reach 80%.
        self.company.qualification_pass_mark = 80.0
        self.assertEqual(lead.qualification_real_verdict, "failed")
        self.company.qualification_pass_mark = 60.0
        self.assertEqual(lead.qualification_real_verdict, "passed")
        # A new blocking question reopens the step on every open opportunity.
        new = self.env["crm.qualification.criterion"].create(
            {"name": "Signed letter of intent?", "step": "real", "blocking": True}
        )
        self.assertEqual(lead.qualification_real_verdict, "open")
        new.action_archive()
        self.assertEqual(lead.qualification_real_verdict, "passed")
        # A heavier "extra" (answered No) pulls the share under the mark.
        self.criteria["real"]["extra"].weight = 3.0
        self.assertEqual(lead.qualification_real_verdict, "failed")
        # Making the No blocking fails it too, for a reason the rule names.
        self.criteria["real"]["extra"].write({"weight": 1.0, "blocking": True})
        self.assertEqual(lead.qualification_real_verdict, "failed")

    def test_verdicts_stay_flat_in_queries(self):
        """Recomputing the verdicts of many opportunities costs the same number
        of queries as for a few."""
        Lead = self.env["crm.lead"]

        def recompute_queries(count):
            leads = Lead.browse(
                [self._create_opportunity(f"Flat {count} {i}").id for i in range(count)]
            )
            for lead in leads:
                self._answer(lead, "real", must="yes", nice="yes")
            self.env.flush_all()
            self.env.invalidate_all()
            for fname in ("qualification_step", "qualification_real_verdict"):
                self.env.add_to_compute(Lead._fields[fname], leads)
            before = self.cr.sql_log_count
            self.env.flush_all()
            return self.cr.sql_log_count - before, leads

        few, few_leads = recompute_queries(3)
        many, many_leads = recompute_queries(30)
        self.assertEqual(set(few_leads.mapped("qualification_step")), {"real"})
        self.assertEqual(set(many_leads.mapped("qualification_step")), {"real"})
        self.assertEqual(many, few)


@tagged("post_install", "-at_install")
class TestQualificationBadInput(OpportunityScreeningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.foreign_criterion = cls.env["crm.qualification.criterion"].create(
            {
                "name": "Other company's question",
                "step": "real",
                "company_id": cls.other_company.id,
            }
        )

    def test_answer_for_a_criterion_of_another_company(self):
        lead = self._create_opportunity("Mine", company_id=self.company.id)
        with self.assertRaises(ValidationError) as error:
            self.env["crm.lead.qualification"].create(
                {
                    "lead_id": lead.id,
                    "criterion_id": self.foreign_criterion.id,
                    "answer": "yes",
                }
            )
        self.assertIn("Other Co", str(error.exception))
        with self.assertRaises(ValidationError):
            lead._qualification_set_answers(
                "real", {self.foreign_criterion.id: ("yes", "")}
            )
        self.assertFalse(lead.qualification_ids)
        # The foreign criterion does not count in this company's verdicts either.
        self._pass_steps(lead, "real")
        self.assertEqual(lead.qualification_real_verdict, "passed")

    def test_unknown_step(self):
        Criterion = self.env["crm.qualification.criterion"]
        count = Criterion.search_count([])
        with self.assertRaises(ValidationError) as error:
            Criterion.create({"name": "Where?", "step": "maybe"})
        self.assertIn("maybe", str(error.exception))
        self.assertEqual(Criterion.search_count([]), count)
        criterion = self.criteria["real"]["nice"]
        with self.assertRaises(ValidationError):
            criterion.write({"step": "later", "name": "renamed"})
        self.assertEqual(criterion.step, "real")
        self.assertEqual(criterion.name, "real nice")
        with self.assertRaises(ValidationError):
            self.stage_proposition.write({"required_qualification_step": "soon"})
        self.assertFalse(self.stage_proposition.required_qualification_step)
        lead = self._create_opportunity("Steps")
        with self.assertRaises(ValidationError):
            lead._qualification_step_reached("eventually")
        with self.assertRaises(ValidationError):
            lead._qualification_set_answers("eventually", {})

    def test_answer_for_a_criterion_of_another_step(self):
        lead = self._create_opportunity("Mixed")
        with self.assertRaises(ValidationError):
            lead._qualification_set_answers(
                "real",
                {
                    self.criteria["real"]["must"].id: ("yes", ""),
                    self.criteria["win"]["must"].id: ("yes", ""),
                },
            )
        self.assertFalse(lead.qualification_ids, "nothing half-written")

    def test_weight_and_duplicates(self):
        with self.assertRaises(ValidationError):
            self.env["crm.qualification.criterion"].create(
                {"name": "Weightless", "step": "win", "weight": 0}
            )
        lead = self._create_opportunity("Twice")
        self._answer(lead, "real", must="yes")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["crm.lead.qualification"].create(
                {"lead_id": lead.id, "criterion_id": self.criteria["real"]["must"].id}
            )
            self.env.flush_all()

    def test_salesperson_answers_only_their_opportunities(self):
        mine = self._create_opportunity("Mine", user=self.salesman)
        theirs = self._create_opportunity("Theirs", user=self.salesman_2)
        self._answer(mine.with_user(self.salesman), "real", must="yes")
        self.assertEqual(mine.qualification_ids.answered_by_id, self.salesman)
        self._answer(theirs, "real", must="yes")
        Line = self.env["crm.lead.qualification"].with_user(self.salesman)
        self.assertEqual(Line.search([]).lead_id, mine)
        with self.assertRaises(UserError):
            theirs.qualification_ids.with_user(self.salesman).write({"answer": "no"})
