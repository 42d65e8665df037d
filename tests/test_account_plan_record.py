# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The account plan as a record (客户规划, issue 18 item 5): one per Major or
Named customer and period, objectives measured from the won deals of the
period, progress, review and the PDF. The class runs on Wednesday 12 May 2027,
10:00 in Beijing (02:00 UTC): the second quarter, far from its ends."""

from contextlib import contextmanager
from datetime import date, datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from ..models.planning_rules import period_days
from .common import CustomerPlanningCase

REPORT = "crm_customer_planning.report_account_plan_record"
CUSTOMER_REPORT = "crm_customer_planning.report_account_plan"


@freeze_time("2027-05-12 02:00:00")
@tagged("post_install", "-at_install")
class TestAccountPlanRecord(CustomerPlanningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Won a month ago (12 April 2027): Major (potential over 5 M), Named.
        cls.major = cls._customer_with_values(
            "Huadong Power", 1200000, 6000000, cls.salesman
        )
        cls.named = cls._customer_with_values(
            "Bohai Shipping", 400000, 2000000, cls.salesman_2
        )
        cls.non_named = cls._customer_with_values(
            "Delta Tools", 100000, 0, cls.salesman
        )
        cls.engineer = cls.env["res.partner"].create(
            {
                "name": "Engineer Qian Lei",
                "parent_id": cls.major.id,
                "attitude": "neutral",
            }
        )
        cls.rival = cls._create_customer("Rival Machines", is_competitor=True)
        cls.Plan = cls.env["customer.account.plan"]

    @contextmanager
    def _refused(self, exception, message):
        """``exception`` is raised with ``message`` in its text, and what the
        failed call wrote is rolled back (Odoo's ``assertRaises``)."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(message, str(caught.exception))
        self.env.invalidate_all()

    def _plan(self, partner, day="2027-05-12", period="year", **vals):
        return self.Plan.create(
            {
                "partner_id": partner.id,
                "period_type": period,
                "date_start": day,
                **vals,
            }
        )

    def _won(self, partner, amount, closed, competitor=None):
        """A deal won at ``closed`` (naive UTC)."""
        lead = self.env["crm.lead"].create(
            {
                "name": f"Won {amount}",
                "type": "opportunity",
                "partner_id": partner.id,
                "expected_revenue": amount,
                "user_id": self.salesman.id,
            }
        )
        if competitor:
            self.env["crm.lead.competitor"].create(
                {"lead_id": lead.id, "competitor_id": competitor.id}
            )
        lead.action_set_won()
        lead.date_closed = closed
        return lead

    def _objectives(self, plan):
        Objective = self.env["customer.account.plan.objective"]
        return Objective.create(
            [
                {
                    "plan_id": plan.id,
                    "name": "Half of their purchasing",
                    "kind": "share",
                    "target_share": 50.0,
                },
                {
                    "plan_id": plan.id,
                    "name": "Three million",
                    "kind": "amount",
                    "target_amount": 3000000.0,
                },
                {
                    "plan_id": plan.id,
                    "name": "Win the engineer",
                    "kind": "relationship",
                    "contact_id": self.engineer.id,
                    "target_attitude": "supportive",
                },
                {
                    "plan_id": plan.id,
                    "name": "Displace Rival",
                    "kind": "competitor",
                    "competitor_id": self.rival.id,
                },
            ]
        )

    # ------------------------------------------------------------
    # Period, name, owner
    # ------------------------------------------------------------

    def test_period_rules(self):
        self.assertEqual(
            period_days("quarter", date(2027, 5, 12)),
            (date(2027, 4, 1), date(2027, 6, 30)),
        )
        self.assertEqual(
            period_days("quarter", date(2027, 12, 31)),
            (date(2027, 10, 1), date(2027, 12, 31)),
        )
        self.assertEqual(
            period_days("year", date(2027, 5, 12)),
            (date(2027, 1, 1), date(2027, 12, 31)),
        )

    def test_period_name_and_owner(self):
        # By default, this year's plan (of Beijing's calendar).
        plan = self.Plan.create({"partner_id": self.major.id})
        self.assertEqual(
            (plan.date_start, plan.date_end, plan.date_review),
            (date(2027, 1, 1), date(2027, 12, 31), date(2027, 3, 31)),
        )
        self.assertEqual(plan.name, "2027 · Huadong Power")
        self.assertEqual(plan.user_id, self.salesman, "the customer's salesperson")
        self.assertEqual(plan.company_id, self.company)
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.customer_tier_id, self.tier_major)
        quarter = self._plan(self.named, "2027-05-20", "quarter")
        self.assertEqual(
            (quarter.date_start, quarter.date_end, quarter.name),
            (date(2027, 4, 1), date(2027, 6, 30), "2027 Q2 · Bohai Shipping"),
        )
        self.assertEqual(quarter.user_id, self.salesman_2)

    def test_default_start_in_beijing(self):
        """At 00:30 on 1 January 2028 in Beijing (still 2027 in UTC) a new plan
        is 2028's."""
        with freeze_time("2027-12-31 16:30:00"):
            self.assertEqual(self.Plan._default_date_start(), date(2028, 1, 1))

    # ------------------------------------------------------------
    # One plan a customer and period
    # ------------------------------------------------------------

    def test_one_plan_per_customer_and_period(self):
        plan = self._plan(self.major)
        with self._refused(ValidationError, "already has an account plan"):
            self._plan(self.major, "2027-08-01")
        with self._refused(ValidationError, "overlaps the account plan"):
            self._plan(self.major, "2027-08-01", "quarter")
        with self._refused(ValidationError, "Major and Named accounts only"):
            self._plan(self.non_named)
        with self._refused(ValidationError, "not for its contact"):
            self._plan(self.engineer)
        next_year = self._plan(self.major, "2028-02-01")
        self.assertEqual(next_year.name, "2028 · Huadong Power")
        with self._refused(ValidationError, "overlaps"):
            next_year.write({"date_start": "2027-10-01", "period_type": "quarter"})
        self.assertEqual(next_year.date_start, date(2028, 1, 1), "nothing written")
        # A cancelled plan frees its period, and cannot come back over a new one.
        plan.action_cancel()
        replacement = self._plan(self.major, "2027-04-01", "quarter")
        self.assertEqual(replacement.name, "2027 Q2 · Huadong Power")
        with self._refused(ValidationError, "overlaps"):
            plan.action_draft()
        self.assertEqual(plan.state, "cancelled")

    def test_second_plan_seen_by_another_salesperson(self):
        """Another salesperson who cannot read the first plan still cannot
        make a second one for the period."""
        self._plan(self.major)
        Plan = self.Plan.with_user(self.salesman_2)
        with self._refused(ValidationError, "already has an account plan"):
            Plan.create(
                {
                    "partner_id": self.major.id,
                    "user_id": self.salesman_2.id,
                    "date_start": "2027-06-01",
                }
            )

    # ------------------------------------------------------------
    # Objectives, actuals, progress
    # ------------------------------------------------------------

    def test_objective_measures_are_checked(self):
        plan = self._plan(self.major)
        Objective = self.env["customer.account.plan.objective"]
        for vals, message in (
            ({"kind": "share", "target_share": 0.0}, "target share"),
            ({"kind": "share", "target_share": 120.0}, "target share"),
            ({"kind": "amount", "target_amount": -5.0}, "target amount"),
            ({"kind": "relationship"}, "names a contact of Huadong Power"),
            (
                {"kind": "relationship", "contact_id": self.major.id},
                "names a contact",
            ),
            ({"kind": "competitor"}, "name the competitor"),
        ):
            with (
                self.subTest(vals=vals),
                self._refused(ValidationError, message),
            ):
                Objective.create({"plan_id": plan.id, "name": "Bad", **vals})
        self.assertFalse(plan.objective_ids, "nothing half-written")

    def test_actuals_from_won_deals(self):
        """Our sales to the customer in the plan's period, of Beijing's days:
        the deal won a month ago (1.2 M), 300 k in February, 500 k at 00:30 on
        1 January in Beijing (still 2026 in UTC) and 100 k won from one of its
        contacts; not 700 k won at 23:30 on 31 December in Beijing."""
        self._won(self.major, 300000, datetime(2027, 2, 10, 2, 0))
        self._won(self.major, 500000, datetime(2026, 12, 31, 16, 30))
        self._won(self.major, 700000, datetime(2026, 12, 31, 15, 30))
        self._won(self.engineer, 100000, datetime(2027, 3, 1, 2, 0))
        self._won(self.named, 900000, datetime(2027, 3, 1, 2, 0))
        plan = self._plan(self.major)
        share, amount, relationship, competitor = self._objectives(plan)
        self.assertEqual(amount.actual_amount, 2100000.0)
        self.assertAlmostEqual(share.actual_share, 35.0)
        self.assertAlmostEqual(share.achieved, 70.0)
        self.assertAlmostEqual(amount.achieved, 70.0)
        self.assertEqual(relationship.achieved, 0.0, "neutral, not supportive yet")
        self.assertEqual(competitor.achieved, 0.0)
        self.assertEqual(
            (share.target_display, share.actual_display), ("50.00 %", "35.00 %")
        )
        self.assertEqual(relationship.actual_display, "Neutral")
        self.assertEqual(competitor.actual_display, "Not yet")
        self.assertAlmostEqual(plan.achieved, (70.0 + 70.0) / 4)

        self.engineer.attitude = "supportive"
        # Won against Rival in the period: displaced. Before it: not.
        self._won(self.major, 0.0, datetime(2026, 11, 2, 2, 0), competitor=self.rival)
        self.env.invalidate_all()
        self.assertEqual(competitor.achieved, 0.0)
        self._won(self.major, 0.0, datetime(2027, 4, 2, 2, 0), competitor=self.rival)
        self.env.invalidate_all()
        self.assertEqual((relationship.achieved, competitor.achieved), (100.0, 100.0))
        self.assertEqual(competitor.actual_display, "Displaced")

        # A quarter of a Named account: its potential (2 M a year) prorated.
        quarter = self._plan(self.named, "2027-04-01", "quarter")
        objective = self.env["customer.account.plan.objective"].create(
            {
                "plan_id": quarter.id,
                "name": "Forty percent",
                "kind": "share",
                "target_share": 40.0,
            }
        )
        self.assertEqual(objective.actual_amount, 400000.0, "not the 900 k of Q1")
        self.assertAlmostEqual(objective.actual_share, 80.0)
        self.assertAlmostEqual(objective.achieved, 200.0)
        self.assertAlmostEqual(quarter.achieved, 100.0, "each counted up to 100 %")

    def test_actuals_query_count(self):
        """The actuals of many plans' objectives: the same number of queries
        for one plan or three of the same period."""
        objectives = self._objectives(self._plan(self.major))

        def count(records):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            records.mapped("achieved")
            return self.env.cr.sql_log_count - start

        count(objectives)
        few = count(objectives)
        more = self._customer_with_values("Pearl Grid", 1500000, 8000000, self.salesman)
        other = self._customer_with_values("Yellow River", 1100000, 7000000)
        for customer in (more, other):
            plan = self._plan(customer)
            objectives |= self.env["customer.account.plan.objective"].create(
                [
                    {
                        "plan_id": plan.id,
                        "name": "Share",
                        "kind": "share",
                        "target_share": 30.0,
                    },
                    {
                        "plan_id": plan.id,
                        "name": "Amount",
                        "kind": "amount",
                        "target_amount": 30000.0,
                    },
                    {
                        "plan_id": plan.id,
                        "name": "Displace",
                        "kind": "competitor",
                        "competitor_id": self.rival.id,
                    },
                ]
            )
        self.assertEqual(len(objectives), 10)
        self.assertEqual(count(objectives), few)

    def test_progress(self):
        plan = self._plan(self.major)
        self.assertEqual(plan.progress, 0.0)
        share, amount, relationship, _competitor = self._objectives(plan)
        self.assertEqual(plan.progress, 0.0)
        share.done = True
        self.assertEqual(plan.progress, 25.0)
        (amount | relationship).done = True
        self.assertEqual(plan.progress, 75.0)
        self.env.flush_all()
        self.assertEqual(
            self.Plan.search([("id", "=", plan.id), ("progress", "=", 75.0)]), plan
        )
        share.unlink()
        self.assertAlmostEqual(plan.progress, 100.0 * 2 / 3)

    def test_action_items_link_to_objectives(self):
        plan = self._plan(self.major)
        share = self._objectives(plan)[0]
        Item = self.env["customer.action.item"]
        item = Item.create(
            {
                "name": "Reference visit",
                "category": "prove_value",
                "partner_id": self.major.id,
                "objective_id": share.id,
                "user_id": self.salesman.id,
                "date_deadline": "2027-05-20",
            }
        )
        self.assertEqual(item.account_plan_id, plan)
        self.assertEqual(plan.action_item_ids, item)
        self.assertEqual(plan.action_item_count, 1)
        with self._refused(ValidationError, "cannot serve an objective"):
            Item.create(
                {
                    "name": "Wrong customer",
                    "category": "prove_value",
                    "partner_id": self.named.id,
                    "objective_id": share.id,
                    "user_id": self.salesman.id,
                    "date_deadline": "2027-05-20",
                }
            )
        action = plan.action_view_action_items()
        self.assertEqual(action["domain"], [("account_plan_id", "=", plan.id)])

    # ------------------------------------------------------------
    # Status and review
    # ------------------------------------------------------------

    def test_status_flow(self):
        plan = self._plan(self.major)
        with self._refused(UserError, "at least one objective"):
            plan.action_activate()
        self.assertEqual(plan.state, "draft")
        self._objectives(plan)
        with self._refused(UserError, "cannot become Done"):
            plan.action_done()
        plan.action_activate()
        self.assertEqual((plan.state, plan.date_review), ("active", date(2027, 3, 31)))
        plan.action_review()
        self.assertEqual(plan.state, "review")
        # Reviewed: the next review at the end of the following quarter.
        plan.action_activate()
        self.assertEqual((plan.state, plan.date_review), ("active", date(2027, 6, 30)))
        plan.action_done()
        self.assertEqual(plan.state, "done")
        with self._refused(UserError, "cannot become Cancelled"):
            plan.action_cancel()

    def test_due_for_review(self):
        """Due: active or in review, reviewed by the end of this quarter (30
        June), late ones included; drafts and later reviews are not."""
        overdue = self._plan(self.major)  # review 31 March
        this_quarter = self._plan(self.named, "2027-04-01", "quarter")  # 30 June
        later = self._plan(self.named, "2027-07-01", "quarter")  # 30 September
        draft = self._plan(self.named, "2027-10-01", "quarter")
        draft.date_review = "2027-05-01"
        self.env["customer.account.plan.objective"].create(
            [
                {
                    "plan_id": plan.id,
                    "name": "Amount",
                    "kind": "amount",
                    "target_amount": 100000.0,
                }
                for plan in overdue | this_quarter | later
            ]
        )
        (overdue | this_quarter | later).action_activate()
        mine = overdue | this_quarter | later | draft
        Plan = self.Plan.with_user(self.planning_manager)
        domain = [("id", "in", mine.ids), ("review_due", "=", True)]
        self.assertEqual(Plan.search(domain), overdue | this_quarter)
        self.assertEqual(
            Plan.search([("id", "in", mine.ids), ("review_due", "=", False)]),
            later | draft,
        )
        self.assertEqual(
            mine.with_user(self.planning_manager).mapped("review_due"),
            [True, True, False, False],
        )
        # 00:30 on 1 July in Beijing (30 June in UTC): the third quarter.
        with freeze_time("2027-06-30 16:30:00"):
            self.env.invalidate_all()
            self.assertEqual(Plan.search(domain), overdue | this_quarter | later)
        with freeze_time("2027-06-30 15:30:00"):
            self.env.invalidate_all()
            self.assertEqual(Plan.search(domain), overdue | this_quarter)
        this_quarter.action_done()
        self.assertEqual(Plan.search(domain), overdue)

    def test_plan_next_period(self):
        """The list's button: a draft plan for next year (2028) for each Major
        and Named customer without one; the Major customer planned a quarter
        of 2028 already, the Non-named one gets none; a second run adds
        nothing."""
        self._plan(self.major, "2028-03-01", "quarter")
        customers = self.major | self.named | self.non_named
        Plan = self.Plan.with_user(self.planning_manager)
        action = Plan.action_plan_next_period()
        self.assertEqual(action["params"]["type"], "success")
        created = self.Plan.search(
            [("partner_id", "in", customers.ids), ("period_type", "=", "year")]
        )
        self.assertEqual(
            [(p.name, p.state, p.user_id, p.date_end) for p in created],
            [("2028 · Bohai Shipping", "draft", self.salesman_2, date(2028, 12, 31))],
        )
        again = Plan.action_plan_next_period()
        self.assertEqual(again["params"]["type"], "info")
        self.assertEqual(
            self.Plan.search([("partner_id", "in", customers.ids)]),
            created | self.Plan.search([("name", "=", "2028 Q1 · Huadong Power")]),
        )
        # Next quarter: the third of 2027, for both.
        Plan.with_context(plan_period_type="quarter").action_plan_next_period()
        self.assertEqual(
            self.Plan.search(
                [("partner_id", "in", customers.ids), ("date_start", "=", "2027-07-01")]
            ).mapped("name"),
            ["2027 Q3 · Bohai Shipping", "2027 Q3 · Huadong Power"],
        )
        with self.assertRaises(AccessError):
            self.Plan.with_user(self.salesman).action_plan_next_period()

    # ------------------------------------------------------------
    # Access
    # ------------------------------------------------------------

    def test_access(self):
        plan = self._plan(self.major)
        objectives = self._objectives(plan)
        # The owner (the customer's salesperson) reads and edits the plan.
        as_owner = plan.with_user(self.salesman)
        as_owner.strategy = "<p>First supplier of the new line</p>"
        as_owner.objective_ids[0].done = True
        self.assertEqual(as_owner.progress, 25.0)
        self.assertEqual(
            self.Plan.with_user(self.salesman).search([("id", "=", plan.id)]), plan
        )
        self.assertEqual(self.major.with_user(self.salesman).account_plan_count, 1)
        # Another salesperson sees neither the plan nor its objectives.
        other = self.Plan.with_user(self.salesman_2)
        self.assertFalse(other.search([("partner_id", "=", self.major.id)]))
        self.assertEqual(self.major.with_user(self.salesman_2).account_plan_count, 0)
        with self.assertRaises(AccessError):
            plan.with_user(self.salesman_2).read(["name"])
        with self.assertRaises(AccessError):
            objectives[0].with_user(self.salesman_2).read(["name"])
        with self.assertRaises(AccessError):
            plan.with_user(self.salesman_2).write({"strategy": "<p>Mine</p>"})
        # Their own customer's plan is theirs.
        own = other.create({"partner_id": self.named.id, "date_start": "2027-01-01"})
        self.assertEqual(own.user_id, self.salesman_2)
        with self.assertRaises(AccessError):
            own.with_user(self.salesman).read(["name"])
        # Salespeople do not delete plans; managers see and delete all.
        with self.assertRaises(AccessError):
            plan.with_user(self.salesman).unlink()
        manager = self.Plan.with_user(self.planning_manager)
        self.assertEqual(
            manager.search([("partner_id", "in", (self.major | self.named).ids)]),
            plan | own,
        )
        own.with_user(self.planning_manager).unlink()
        self.assertFalse(own.exists())

    def test_smart_button(self):
        plan = self._plan(self.major)
        action = self.engineer.with_user(self.salesman).action_view_account_plans()
        self.assertEqual(action["res_model"], "customer.account.plan")
        self.assertEqual(action["domain"], [("partner_id", "=", self.major.id)])
        self.assertEqual(
            self.Plan.with_user(self.salesman).search(action["domain"]), plan
        )

    # ------------------------------------------------------------
    # PDF
    # ------------------------------------------------------------

    def _html(self, report, ids, user):
        Report = self.env["ir.actions.report"].with_user(user)
        html, report_type = Report._render_qweb_html(report, ids)
        self.assertEqual(report_type, "html")
        return html.decode()

    def test_pdf_prints_the_plan(self):
        plan = self._plan(self.major)
        share = self._objectives(plan)[0]
        share.done = True
        self.env["customer.action.item"].create(
            {
                "name": "Reference visit to our plant",
                "category": "prove_value",
                "partner_id": self.major.id,
                "objective_id": share.id,
                "user_id": self.salesman.id,
                "date_deadline": "2027-05-20",
            }
        )
        plan.action_activate()
        action = plan.with_user(self.salesman).action_print()
        self.assertEqual(action["report_name"], REPORT)
        html = self._html(REPORT, plan.ids, self.salesman)
        for text in (
            "Account Plan: ",
            "2027 · Huadong Power",
            "o_account_plan_state_active",
            "Salesman Zhang",
            "o_account_plan_progress",
            "Half of their purchasing",
            "Three million",
            "3,000,000.00",
            "Win the engineer",
            "Engineer Qian Lei: Supportive",
            "Displace Rival",
            "Not yet",
            "50.00 %",
            "20.00 %",
            "Reference visit to our plant",
            "Prove and show our value",
            "(due for review)",
            # What the customer's page printed before stays.
            "Buying Organisation",
            "Major Account",
        ):
            self.assertIn(text, html)
        data = self.env[f"report.{REPORT}"]._get_account_plan_record_data(plan)[plan.id]
        self.assertEqual(
            (data["state"], data["owner"], data["progress"]),
            ("active", "Salesman Zhang", 25.0),
        )
        self.assertEqual(
            [(o["name"], o["target"], o["done"]) for o in data["objectives"]],
            [
                ("Half of their purchasing", "50.00 %", True),
                ("Three million", data["objectives"][1]["target"], False),
                ("Win the engineer", "Engineer Qian Lei: Supportive", False),
                ("Displace Rival", "Rival Machines", False),
            ],
        )
        self.assertEqual(
            [i["name"] for i in data["objectives"][0]["action_items"]],
            ["Reference visit to our plant"],
        )
        # The customer's own account plan prints no plan record.
        customer_html = self._html(CUSTOMER_REPORT, self.major.ids, self.salesman)
        self.assertIn("Buying Organisation", customer_html)
        self.assertNotIn("Half of their purchasing", customer_html)
