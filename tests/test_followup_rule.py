# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import FollowupCase


@tagged("post_install", "-at_install")
class TestFollowupRules(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.major = cls._tiered_customer("Rule Major", cls.tier_major, cls.salesman)
        cls.named = cls._tiered_customer("Rule Named", cls.tier_named, cls.salesman)
        cls.non_named = cls._tiered_customer(
            "Rule Non-named", cls.tier_non_named, cls.salesman_2
        )
        cls.mass = cls._tiered_customer("Rule Mass", cls.tier_mass, cls.salesman_2)
        cls.customers = cls.major | cls.named | cls.non_named | cls.mass

    def _done(self, partner, rule, closed):
        return self._followup(
            partner,
            rule_id=rule.id,
            kind=rule.kind,
            date_planned=closed,
            state="done",
            date_closed=closed,
        )

    @freeze_time("2026-03-10")
    def test_cadence_per_tier(self):
        closed = date(2026, 3, 9)
        for partner, rule in (
            (self.major, self.rule_major),
            (self.named, self.rule_named),
            (self.non_named, self.rule_non_named),
            (self.mass, self.rule_mass),
        ):
            self._done(partner, rule, closed)
        created = self.Rule._generate_followups()
        planned = {
            f.partner_id: f
            for f in created.filtered(lambda f: f.partner_id in self.customers)
        }
        self.assertEqual(len(planned), 4)
        # Every customer at least monthly (其余每月持续回访): Major weekly, the
        # other tiers monthly.
        self.assertEqual(planned[self.major].date_planned, date(2026, 3, 16))
        self.assertEqual(planned[self.named].date_planned, date(2026, 4, 9))
        self.assertEqual(planned[self.non_named].date_planned, date(2026, 4, 9))
        self.assertEqual(planned[self.mass].date_planned, date(2026, 4, 9))
        self.assertEqual(planned[self.major].rule_id, self.rule_major)
        # Major by phone; on site only when the owner says it is needed.
        self.assertEqual(planned[self.major].channel, "phone")
        self.assertEqual(planned[self.major].kind, "routine")
        self.assertEqual(planned[self.major].state, "planned")
        # The account owner makes the visit; Mass-market customers are the
        # call center's, whose members are not set yet: their owner calls.
        self.assertEqual(planned[self.major].user_id, self.salesman)
        self.assertEqual(self.rule_mass.owner_policy, "team")
        self.assertEqual(
            self.rule_mass.team_id,
            self.env.ref("crm_customer_planning.team_call_center"),
        )
        self.assertEqual(planned[self.mass].user_id, self.salesman_2)
        self.assertEqual(planned[self.major].company_id, self.company)

    @freeze_time("2026-03-10")
    def test_due_today_without_or_after_old_visit(self):
        # Never visited: on the customer's own day of the weekly cycle
        # (test_followup_first_visits). Last visit long ago: overdue, so due
        # today.
        self._done(self.named, self.rule_named, date(2025, 1, 5))
        created = self.Rule._generate_followups()
        first = created.filtered(lambda f: f.partner_id == self.major).date_planned
        self.assertTrue(date(2026, 3, 10) <= first <= date(2026, 3, 16))
        self.assertEqual(
            created.filtered(lambda f: f.partner_id == self.named).date_planned,
            date(2026, 3, 10),
        )

    def test_cadence_per_account_age(self):
        """Each delivered project (a won opportunity) gets an after-sale visit
        monthly in its first year, quarterly after, counted from that deal."""
        with freeze_time("2026-03-10"):
            young = self._create_customer("Young Project", owner=self.salesman)
            young_deal = self._create_won(young, 50000, months_ago=3)
            old = self._create_customer("Old Project", owner=self.salesman_2)
            old_deal = self._create_won(old, 80000, months_ago=18)
            new_deal = self._create_won(old, 20000, months_ago=2)
            self._done(
                young, self.rule_first_year, date(2026, 3, 2)
            ).lead_id = young_deal
            self._done(old, self.rule_later, date(2026, 3, 2)).lead_id = old_deal
            created = self.Rule._generate_followups()
            self.assertFalse(self.Rule._generate_followups(), "no duplicate")
        projects = created.filtered(lambda f: f.partner_id in young | old)
        self.assertEqual(len(projects), 3, "one visit per delivered project")
        by_deal = {visit.lead_id: visit for visit in projects}
        self.assertEqual(
            (by_deal[young_deal].rule_id, by_deal[young_deal].date_planned),
            (self.rule_first_year, date(2026, 4, 2)),
        )
        self.assertEqual(by_deal[young_deal].kind, "after_sale")
        self.assertEqual(
            (by_deal[old_deal].rule_id, by_deal[old_deal].date_planned),
            (self.rule_later, date(2026, 6, 2)),
        )
        # The old customer's new deal is in its first year: monthly, never
        # visited yet: on the project's own day of the month to come.
        self.assertEqual(by_deal[new_deal].rule_id, self.rule_first_year)
        self.assertTrue(
            date(2026, 3, 10) <= by_deal[new_deal].date_planned <= date(2026, 4, 8)
        )
        self.assertEqual(by_deal[new_deal].user_id, self.salesman_2)
        # A customer without a won opportunity is no delivered project.
        self.assertFalse(
            created.filtered(
                lambda f: (
                    f.partner_id in self.customers
                    and f.rule_id in (self.rule_first_year | self.rule_later)
                )
            )
        )

    @freeze_time("2026-03-10")
    def test_edited_rule_replans_coming_visits(self):
        done = self._done(self.named, self.rule_named, date(2026, 3, 9))
        overdue = self._followup(
            self.non_named,
            rule_id=self.rule_non_named.id,
            date_planned=date(2026, 3, 2),
        )
        self.Rule._generate_followups()
        planned = self._planned(self.named, self.rule_named)
        self.assertEqual(planned.date_planned, date(2026, 4, 9))
        # The service manager makes the cadence fortnightly: the coming visit
        # is planned again, once, from the last one done.
        self.rule_named.with_user(self.service_manager).write(
            {"interval_number": 2, "interval_unit": "weeks"}
        )
        replanned = self._planned(self.named, self.rule_named)
        self.assertEqual(len(replanned), 1)
        self.assertEqual(replanned.date_planned, date(2026, 3, 23))
        self.assertFalse(planned.exists(), "the old plan is gone")
        self.assertEqual(done.state, "done", "the done visit stays")
        self.assertEqual(
            self.Followup.search_count(
                [("partner_id", "=", self.named.id), ("state", "=", "done")]
            ),
            1,
        )
        # Another channel for the other rule: an overdue visit stays as it is.
        self.rule_non_named.channel = "message"
        self.assertEqual(self._planned(self.non_named), overdue)
        self.assertEqual(overdue.channel, "phone")
        # A re-run plans nothing more; archiving the rule drops its plan.
        self.assertFalse(
            self.Rule._generate_followups().filtered(
                lambda f: f.partner_id in self.customers
            )
        )
        self.rule_named.active = False
        self.assertFalse(self._planned(self.named, self.rule_named))
        self.assertEqual(done.state, "done")

    @freeze_time("2026-03-10")
    def test_team_shares_mass_market_visits(self):
        """The call center shares the Mass-market customers out among its
        members, each customer to one member."""
        team = self.rule_mass.team_id
        team.crm_team_member_ids = [
            Command.create({"user_id": self.agent.id}),
            Command.create({"user_id": self.agent_teammate.id}),
        ]
        # Two customers of consecutive ids: one for each member.
        second = self._tiered_customer("Rule Mass 2", self.tier_mass, self.salesman)
        third = self._tiered_customer("Rule Mass 3", self.tier_mass, self.salesman)
        self.assertEqual(third.id, second.id + 1)
        self.Rule._generate_followups()
        members = sorted((self.agent | self.agent_teammate).ids)
        for customer in self.mass | second | third:
            visit = self._planned(customer, self.rule_mass)
            self.assertEqual(visit.user_id.id, members[customer.id % 2])
        self.assertEqual(
            self._planned(second | third).user_id, self.agent | self.agent_teammate
        )
        # The agent finds the visit in their own list.
        mine = self.Followup.with_user(self.agent).search(
            [
                ("partner_id", "in", (second | third).ids),
                ("user_id", "=", self.agent.id),
            ]
        )
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine.user_id, self.agent)
        with self.assertRaises(ValidationError):
            self.rule_named.write({"owner_policy": "team", "team_id": False})

    def test_major_visit_on_site_when_needed(self):
        self.Rule._generate_followups()
        visit = self._planned(self.major, self.rule_major)
        self.assertEqual(visit.channel, "phone")
        visit.with_user(self.salesman).action_mark_onsite_needed()
        self.assertEqual(visit.channel, "onsite")
        self.assertIn("On-site visit needed", visit.message_ids[0].body)
        visit.with_user(self.salesman).action_done()
        with self.assertRaises(UserError):
            visit.with_user(self.salesman).action_mark_onsite_needed()

    def test_no_duplicates_on_rerun(self):
        first = self.Rule._generate_followups()
        self.assertEqual(len(self._planned(self.customers)), 4)
        self.assertTrue(first)
        again = self.Rule._generate_followups()
        self.assertFalse(again)
        self.assertEqual(len(self._planned(self.customers)), 4)
        # Done: the next run plans the next visit, and only one.
        visit = self._planned(self.major)
        visit.action_done()
        self.assertEqual(len(self.Rule._generate_followups()), 1)
        self.assertFalse(self.Rule._generate_followups())
        self.assertEqual(len(self._planned(self.major)), 1)

    def test_batches_interrupted_and_resumed(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_customer_planning.followup_batch_size", 2
        )
        done, remaining = self.Rule._cron_generate_followups()
        self.assertEqual(done, 2)
        self.assertTrue(remaining, "more customers wait for their visit")
        runs = self._run_job_to_end(self.Rule._cron_generate_followups)
        self.assertEqual(runs, [2, 0], "four customers: two batches of two")
        self.assertEqual(len(self._planned(self.customers)), 4)
        self.assertEqual(self.Rule._cron_generate_followups(), (0, 0))

    @freeze_time("2026-03-10 17:00:00")  # Wednesday 11 March, 01:00 in Beijing
    def test_next_day_pass_plans_customers_tiered_since(self):
        self._run_job_to_end(self.Rule._cron_generate_followups)
        self.assertEqual(len(self._planned(self.customers)), 4)
        late = self._tiered_customer("Late Major", self.tier_major, self.salesman)
        # Today's pass is over: a further run the same day does nothing...
        self.assertEqual(self.Rule._cron_generate_followups(), (0, 0))
        self.assertFalse(self._planned(late))
        # ... and the next night's pass plans the newcomer's visit.
        with freeze_time("2026-03-11 17:00:00"):
            self._run_job_to_end(self.Rule._cron_generate_followups)
        first = self._planned(late, self.rule_major).date_planned
        self.assertTrue(date(2026, 3, 12) <= first <= date(2026, 3, 18))

    def test_unique_index_refuses_second_planned_visit(self):
        self.Rule._generate_followups()
        visit = self._planned(self.major)
        with self.assertRaises(UserError):
            self._followup(self.major, rule_id=self.rule_major.id)
        with self.assertRaises(UserError):
            self._followup(
                self.major, rule_id=self.rule_major.id, state="cancelled"
            ).action_reset()
        # The database holds the rule even against raw SQL.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    """INSERT INTO customer_followup
                           (partner_id, rule_id, kind, channel, state, date_planned,
                            company_id)
                       VALUES (%s, %s, 'routine', 'phone', 'planned', %s, %s)""",
                    [
                        self.major.id,
                        self.rule_major.id,
                        visit.date_planned,
                        self.company.id,
                    ],
                )

    def test_owner_policy_given_user(self):
        self.Rule._generate_followups()
        self.assertEqual(self._planned(self.named).user_id, self.salesman)
        # The edit re-plans the coming visit for the given user.
        self.rule_named.write({"owner_policy": "user", "user_id": self.agent.id})
        self.assertEqual(self._planned(self.named).user_id, self.agent)

    def test_bad_cadence_refused(self):
        for number in (0, -1):
            with self.assertRaises(ValidationError):
                self.Rule.create(
                    {
                        "name": "Broken",
                        "tier_id": self.tier_named.id,
                        "interval_number": number,
                        "interval_unit": "weeks",
                    }
                )
            with self.assertRaises(ValidationError):
                self.rule_major.interval_number = number
        self.assertEqual(self.rule_major.interval_number, 1)
        with self.assertRaises(ValidationError):
            self.Rule.create({"name": "No tier", "rule_type": "tier"})

    def test_scheduled_action_runs(self):
        cron = self.env.ref("crm_customer_planning.ir_cron_generate_followups")
        cron.method_direct_trigger()
        self.assertEqual(len(self._planned(self.customers)), 4)

    def test_manager_generates_from_rule(self):
        action = self.rule_named.with_user(
            self.service_manager
        ).action_generate_followups()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(len(self._planned(self.customers)), 1)
        self.assertEqual(self._planned(self.customers).partner_id, self.named)
        self.assertEqual(self.rule_named.followup_count, 1)

    def test_query_count_flat(self):
        """Planning visits for 10 or for 200 customers takes the same queries."""
        Partner = self.env["res.partner"]

        def customers(count, prefix):
            partners = Partner.create(
                [
                    {
                        "name": f"{prefix} {index}",
                        "is_company": True,
                        "user_id": self.salesman.id,
                    }
                    for index in range(count)
                ]
            )
            partners.with_context(planning_internal_write=True).write(
                {"customer_tier_id": self.tier_mass.id}
            )
            return partners

        def measure(partners):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            created = self.Rule._generate_followups(batch_size=1000)
            queries = self.env.cr.sql_log_count - start
            self.assertEqual(
                len(created.filtered(lambda f: f.partner_id in partners)), len(partners)
            )
            return queries

        self.Rule._generate_followups(batch_size=1000)  # warm the caches
        few = measure(customers(10, "Few"))
        many = measure(customers(200, "Many"))
        self.assertEqual(few, many)
