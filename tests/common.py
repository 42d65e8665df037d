# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
import shutil
import unittest
from collections import Counter
from datetime import datetime
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, TransactionCase, freeze_time, new_test_user
from odoo.tools import convert_file, file_path

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

# 01:00 in Beijing on Wednesday 11 March 2026: still Tuesday 10 March on the
# server's UTC clock. The demo data is loaded at this moment (DemoDataCase).
DEMO_MOMENT = "2026-03-10 17:00:00"
WEEK_DEMO = "demo/customer_followup_week_demo.xml"


class CustomerPlanningCase(TransactionCase):
    """Shared fixtures: the shipped tiers, one user per role, and helpers that
    build customers and won opportunities from known numbers. The company's
    working calendar is in Asia/Shanghai, as our users are: its days (and
    ``today``, the day the product calls today) are Beijing's, while the
    server counts in UTC. The users have no time zone of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.company.write(
            {
                "planning_high_current_value": 300000.0,
                "planning_high_potential_value": 1000000.0,
            }
        )
        cls.company.resource_calendar_id.tz = "Asia/Shanghai"
        cls.tier_major = cls.env.ref("crm_customer_planning.tier_major")
        cls.tier_named = cls.env.ref("crm_customer_planning.tier_named")
        cls.tier_non_named = cls.env.ref("crm_customer_planning.tier_non_named")
        cls.tier_mass = cls.env.ref("crm_customer_planning.tier_mass_market")
        cls.salesman = new_test_user(
            cls.env,
            login="cp_salesman",
            name="Salesman Zhang",
            groups="sales_team.group_sale_salesman",
        )
        cls.salesman_2 = new_test_user(
            cls.env,
            login="cp_salesman_2",
            name="Salesman Wang",
            groups="sales_team.group_sale_salesman",
        )
        cls.planning_manager = new_test_user(
            cls.env,
            login="cp_manager",
            name="Manager Chen",
            groups="sales_team.group_sale_salesman,"
            "crm_customer_planning.group_customer_planning_manager",
        )
        cls.today = cls.company._planning_today()

    def _run_job_to_end(self, run, max_runs=100):
        """Call ``run()`` (a batch of a job, answering ``(done, remaining)``)
        until nothing remains; the ``done`` of each call. Fails, rather than
        looping for ever, when the job does not end within ``max_runs``."""
        runs = []
        for _run in range(max_runs):
            done, remaining = run()
            runs.append(done)
            if not remaining:
                return runs
        self.fail(f"the job still had work after {max_runs} runs: {runs[-5:]}")

    @classmethod
    def _create_service_staff(cls, agents, manager, team_names, led=False):
        """Three service agents and a service manager, each given as ``(login,
        name, extra values)``: the first two agents share team
        ``team_names[0]`` (led by the manager when ``led``), the third is in
        ``team_names[1]``. Returns the agents, the manager and the teams."""
        agent_users = [
            new_test_user(
                cls.env,
                login=login,
                name=name,
                groups="crm_customer_planning.group_customer_service_agent",
                **vals,
            )
            for login, name, vals in agents
        ]
        login, name, vals = manager
        manager_user = new_test_user(
            cls.env,
            login=login,
            name=name,
            groups="crm_customer_planning.group_customer_service_manager",
            **vals,
        )
        members = (agent_users[:2], agent_users[2:])
        teams = cls.env["crm.team"].create(
            [
                {
                    "name": team_name,
                    "user_id": manager_user.id if led and index == 0 else False,
                    "crm_team_member_ids": [
                        Command.create({"user_id": user.id}) for user in users
                    ],
                }
                for index, (team_name, users) in enumerate(
                    zip(team_names, members, strict=True)
                )
            ]
        )
        return (*agent_users, manager_user, *teams)

    @classmethod
    def _create_customer(cls, name, potential=0.0, owner=None, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "potential_value": potential,
                "user_id": owner.id if owner else False,
                **vals,
            }
        )

    @classmethod
    def _create_won(cls, partner, amount, months_ago=1, user=None):
        """A won opportunity closed ``months_ago`` months ago."""
        lead = cls.env["crm.lead"].create(
            {
                "name": f"Deal {partner.name} {amount}",
                "type": "opportunity",
                "partner_id": partner.id,
                "expected_revenue": amount,
                "user_id": (user or partner.user_id).id,
            }
        )
        lead.action_set_won()
        lead.date_closed = fields.Datetime.now() - relativedelta(months=months_ago)
        return lead

    @classmethod
    def _customer_with_values(cls, name, current, potential, owner=None, **vals):
        """A classified customer whose current and potential value are known."""
        partner = cls._create_customer(name, potential, owner, **vals)
        if current:
            cls._create_won(partner, current)
        partner._planning_recompute_values()
        return partner


# A day that crosses no boundary: Tuesday 10 March 2026, 10:00 in Beijing
# (02:00 UTC), the same day in UTC; not the first or last of a week, month or
# year, nor December (the needs survey) or a holiday.
def escalation_snapshot(complaints):
    """What the escalation scan did to ``complaints``: the flags of each, its
    escalation notes, and who was told of which complaint at which step,
    whatever the number of digests (to compare two runs of the scan)."""
    env = complaints.env
    flags = complaints.read(
        [
            "escalation_reply_warned",
            "escalation_reply_breached",
            "escalation_resolution_warned",
            "escalation_resolution_breached",
            "escalation_gm_notified",
        ]
    )
    notes = Counter(
        message.res_id
        for message in env["mail.message"].search(
            [
                ("model", "=", "customer.complaint"),
                ("res_id", "in", complaints.ids),
                ("body", "like", "Escalation:"),
            ]
        )
    )
    told = Counter()
    for digest in env["mail.message"].search(
        [("subject", "like", "Complaints to escalate")]
    ):
        intro = re.search(r"<p>(.*?)</p>", digest.body).group(1)
        for complaint_id in re.findall(r'data-oe-id="(\d+)"', digest.body):
            told[(digest.partner_ids.id, int(complaint_id), intro)] += 1
    return flags, sorted(notes.items()), sorted(told.items())


QUIET_DAY = "2026-03-10 02:00:00"


@freeze_time(QUIET_DAY)
class FollowupCase(CustomerPlanningCase):
    """Return visits: service users in two sales teams, the shipped rules and
    helpers that build customers of a given tier and visits. Visits are all
    about days: the class runs on ``QUIET_DAY`` unless a test fixes another
    moment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Followup = cls.env["customer.followup"]
        cls.Rule = cls.env["customer.followup.rule"]
        cls.rule_major = cls.env.ref("crm_customer_planning.followup_rule_major")
        cls.rule_named = cls.env.ref("crm_customer_planning.followup_rule_named")
        ref = cls.env.ref
        cls.rule_non_named = ref("crm_customer_planning.followup_rule_non_named")
        cls.rule_mass = ref("crm_customer_planning.followup_rule_mass_market")
        cls.rule_first_year = cls.env.ref(
            "crm_customer_planning.followup_rule_project_first_year"
        )
        cls.rule_later = ref("crm_customer_planning.followup_rule_project_later")
        (
            cls.agent,
            cls.agent_teammate,
            cls.agent_other_team,
            cls.service_manager,
            cls.team_east,
            cls.team_west,
        ) = cls._create_service_staff(
            [
                ("cp_agent", "Agent One", {}),
                ("cp_agent_mate", "Agent Two", {}),
                ("cp_agent_other", "Agent Three", {}),
            ],
            ("cp_service_manager", "Service Manager Liu", {"email": "liu@example.com"}),
            ("Service East", "Service West"),
        )
        # A customer never visited under a rule is visited on its own day of
        # the rule's cycle: with a month's lead time, the first run plans the
        # first visit of every customer of the monthly and weekly tier rules.
        # TestFirstVisits tests the shipped lead time itself.
        cls.company.followup_first_visit_lead_days = 30

    @classmethod
    def _tiered_customer(cls, name, tier, owner=None, **vals):
        """A customer placed in ``tier`` directly (no opportunities needed)."""
        partner = cls._create_customer(name, owner=owner, **vals)
        partner.with_context(planning_internal_write=True).write(
            {"customer_tier_id": tier.id}
        )
        return partner

    @classmethod
    def _followup(cls, partner, **vals):
        return cls.env["customer.followup"].create(
            {
                "partner_id": partner.id,
                "user_id": partner.user_id.id,
                "date_planned": cls.today,
                **vals,
            }
        )

    def _planned(self, partners, rule=None):
        domain = [("partner_id", "in", partners.ids), ("state", "=", "planned")]
        if rule:
            domain.append(("rule_id", "=", rule.id))
        return self.env["customer.followup"].search(domain)


class CustomerServiceCase(CustomerPlanningCase):
    """Complaint fixtures: a Monday–Friday 09:00–18:00 calendar (Shanghai) for
    the company, two service teams with their agents, a service manager, a
    general manager, categories and customers. Mail tracking stays on: owners
    are told of stage changes through it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=False,
                mail_notrack=False,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            )
        )
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Mon-Fri 09:00-18:00",
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9.0,
                            "hour_to": 18.0,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        (
            cls.agent,
            cls.agent_teammate,
            cls.agent_other,
            cls.service_manager,
            cls.team_quality,
            cls.team_logistics,
        ) = cls._create_service_staff(
            [
                ("cs_agent_a", "Agent Liu", {}),
                ("cs_agent_a2", "Agent Ma", {}),
                ("cs_agent_b", "Agent Hu", {}),
            ],
            ("cs_manager", "Service Manager Gao", {}),
            ("Quality Service", "Logistics Service"),
            led=True,
        )
        cls.general_manager = new_test_user(
            cls.env, login="cs_general", name="General Manager Lin"
        )
        cls.company.complaint_general_manager_id = cls.general_manager
        Category = cls.env["customer.complaint.category"]
        cls.category_quality = Category.create(
            {"name": "Quality (test)", "team_id": cls.team_quality.id}
        )
        cls.category_delivery = Category.create(
            {"name": "Delivery (test)", "team_id": cls.team_logistics.id}
        )
        cls.stages = {
            stage.state: stage
            for stage in cls.env["customer.complaint.stage"].search(
                [], order="sequence desc"
            )
        }
        cls.customer = cls._create_customer(
            "Huadong Machinery", owner=cls.salesman, email="info@huadong.example.com"
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {
                "name": "Buyer Zhou",
                "parent_id": cls.customer.id,
                "email": "zhou@huadong.example.com",
            }
        )
        cls.customer_2 = cls._create_customer(
            "Pengcheng Logistics",
            owner=cls.salesman_2,
            email="info@pengcheng.example.com",
        )

    @classmethod
    def _create_escalation_complaints(cls, subject):
        """Five new complaints of the teammate, every other one major: the
        escalation scan's data of the interruption and queue_job tests."""
        complaints = cls.env["customer.complaint"]
        for index in range(5):
            complaints |= cls._create_complaint(
                force_new=True,
                subject=f"{subject} {index}",
                severity="major" if index % 2 else "normal",
                handler_id=cls.agent_teammate.id,
            )
        return complaints

    @classmethod
    def _create_complaint(cls, user=None, force_new=False, **vals):
        """A complaint as ``user`` (default: the agent), received Monday 2026-03-02
        10:00 in Shanghai unless told otherwise; ``force_new`` opens a second
        complaint on an open matter instead of adding to it."""
        values = {
            "subject": "Spindle overheats",
            "partner_id": cls.customer.id,
            "category_id": cls.category_quality.id,
            "date_received": datetime(2026, 3, 2, 2, 0),
            **vals,
        }
        Complaint = cls.env["customer.complaint"].with_user(user or cls.agent)
        if force_new:
            Complaint = Complaint.with_context(complaint_force_new=True)
        return Complaint.create(values).with_user(cls.env.user)

    @classmethod
    def _count_working_hours(cls, calendar=None):
        """The shipped time limits counted in working hours of ``calendar``
        (default: the test calendar) instead of clock hours, for the tests about
        working hours. Rules a test creates state their own mode."""
        calendar = calendar or cls.calendar
        rules = cls.env.ref("crm_customer_planning.complaint_sla_major") | cls.env.ref(
            "crm_customer_planning.complaint_sla_default"
        )
        rules.write(
            {
                "hours_mode": "working",
                "calendar_id": calendar.id,
                "company_id": calendar.company_id.id,
            }
        )

    def _set_state(self, complaints, state, user=None):
        complaints.with_user(user or self.agent).write(
            {"stage_id": self.stages[state].id}
        )


class OpportunityScreeningCase(CustomerPlanningCase):
    """Opportunity screening from known criteria: the shipped questions are
    archived and each step gets three of ours — a blocking one of weight 2 and
    two of weight 1 — under a 60% pass mark; opportunities are screened in full
    (no tier, deal size over the company's threshold) unless a test says
    otherwise; the lower tiers get the lighter check on every deal."""

    STEPS = ("real", "compete", "win", "worth")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Criterion = cls.env["crm.qualification.criterion"]
        Criterion.search([]).action_archive()
        # The lower tiers get the lighter check on every deal here (shipped:
        # their small deals skip the screen; test_volume.py).
        (cls.tier_non_named | cls.tier_mass).qualification_depth = "light"
        cls.company.write(
            {
                "qualification_pass_mark": 60.0,
                "qualification_full_deal_size": 100000.0,
                "qualification_light_real": True,
                "qualification_light_compete": True,
                "qualification_light_win": False,
                "qualification_light_worth": False,
            }
        )
        cls.criteria = {}
        for step in cls.STEPS:
            cls.criteria[step] = {
                key: Criterion.create(
                    {
                        "name": f"{step} {key}",
                        "step": step,
                        "sequence": sequence,
                        "weight": weight,
                        "blocking": blocking,
                    }
                )
                for sequence, (key, weight, blocking) in enumerate(
                    [("must", 2.0, True), ("nice", 1.0, False), ("extra", 1.0, False)]
                )
            }
        cls.sales_manager = new_test_user(
            cls.env,
            login="cp_sales_manager",
            name="Sales Manager Li",
            groups="sales_team.group_sale_manager",
        )
        cls.stage_new = cls.env.ref("crm.stage_lead1")
        cls.stage_qualified = cls.env.ref("crm.stage_lead2")
        cls.stage_proposition = cls.env.ref("crm.stage_lead3")
        cls.stage_won = cls.env.ref("crm.stage_lead4")

    @classmethod
    def _create_opportunity(
        cls, name, partner=None, revenue=200000.0, user=None, **vals
    ):
        return cls.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "partner_id": partner.id if partner else False,
                "expected_revenue": revenue,
                "user_id": (user or cls.salesman).id,
                "stage_id": cls.stage_new.id,
                **vals,
            }
        )

    @classmethod
    def _answer(cls, lead, step, **answers):
        """Answer criteria of ``step`` by key: ``must="yes", nice="no"``."""
        lead._qualification_set_answers(
            step,
            {
                cls.criteria[step][key].id: (answer, f"evidence for {key}")
                for key, answer in answers.items()
            },
        )

    @classmethod
    def _pass_steps(cls, lead, *steps):
        for step in steps:
            cls._answer(lead, step, must="yes", nice="yes", extra="yes")


class TourCase(HttpCase):
    """Web tours in headless Chrome/Chromium. Odoo skips a browser test when it
    finds no browser (or cannot drive it): here that is a failure, so that a
    run without a browser cannot pass for a green one."""

    BROWSERS = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not any(shutil.which(name) for name in cls.BROWSERS):
            raise AssertionError(
                "The web tours need Chrome or Chromium, none found in PATH (%s): "
                "install it, e.g. `apt-get install chromium`." % ", ".join(cls.BROWSERS)
            )

    def _run_tour(self, tour, url, login):
        try:
            self.start_tour(url, tour, login=login, timeout=120)
        except unittest.SkipTest as skipped:
            self.fail(f"Tour {tour} could not run in the browser: {skipped}")


class DashboardCase(CustomerServiceCase, OpportunityScreeningCase):
    """A known dataset behind every figure of the managers' dashboard, the
    account plan and the Service Supervision Report: six classified customers
    (one Major, two Named, one Non-named, two Mass-market), screened open
    opportunities, competitors, complaints of the last two months, return
    visits and activities. Dates are relative to today: complaints are
    received on the first Monday of last month (and of the month before), so
    that their working-hour deadlines fall the same way whatever the day
    (the shipped time limits are counted in working hours here)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._count_working_hours()
        cls.manager = new_test_user(
            cls.env,
            login="cp_dash_manager",
            name="Director Sun",
            groups="sales_team.group_sale_manager,"
            "crm_customer_planning.group_customer_service_manager",
        )
        cls.general_manager.write({"tz": "Asia/Shanghai", "email": "lin@example.com"})
        cls.company.email = "service@example.com"
        today = cls.today
        month_start = today.replace(day=1)
        cls.month_from = month_start - relativedelta(months=1)
        cls.month_to = month_start - relativedelta(days=1)
        cls.monday = cls._first_monday(cls.month_from)
        cls.monday_before = cls._first_monday(cls.month_from - relativedelta(months=1))

        # The pyramid and the value matrix (thresholds: see the shipped tiers).
        cls.major = cls._customer_with_values(
            "Changjiang Heavy Industry", 1200000, 6000000, cls.salesman
        )
        cls.named_b = cls._customer_with_values(
            "Bohai Shipping", 400000, 800000, cls.salesman
        )
        cls.named_c = cls._customer_with_values(
            "Chengdu Grid", 0, 2000000, cls.salesman_2
        )
        cls.non_named = cls._customer_with_values(
            "Delta Tools", 100000, 0, cls.salesman_2
        )
        cls.mass_e = cls._customer_with_values("Eastern Shop", 10000, 100000)
        cls.mass_f = cls._customer_with_values("Fengtai Store", 0, 50000)

        # The buying organisation of the Major account.
        Partner = cls.env["res.partner"]
        cls.buyer = Partner.create(
            {
                "name": "Buyer Zhou Min",
                "parent_id": cls.major.id,
                "function": "Purchasing Manager",
                "administrative_level": "middle",
                "purchasing_role_id": cls.env.ref(
                    "crm_customer_planning.purchasing_role_business"
                ).id,
                "attitude": "supportive",
                "counterpart_user_id": cls.salesman.id,
                "counterpart_level": "sales",
            }
        )
        cls.opponent = Partner.create(
            {
                "name": "Engineer Qian Lei",
                "parent_id": cls.major.id,
                "administrative_level": "staff",
                "attitude": "opposed",
            }
        )

        # Open opportunities at known steps.
        cls.lead_major = cls._create_opportunity("Press line upgrade", cls.major)
        cls._pass_steps(cls.lead_major, "real", "compete")
        cls.lead_named = cls._create_opportunity("Fleet tracking", cls.named_b)
        cls._pass_steps(cls.lead_named, "real", "compete", "win", "worth")
        cls.lead_unscreened = cls._create_opportunity("Substation", cls.named_c)
        cls.lead_dropped = cls._create_opportunity(
            "Tool carts", cls.non_named, revenue=50000.0, user=cls.salesman_2
        )
        cls._answer(cls.lead_dropped, "real", must="no")

        # Competitors: Rival met three times (won once, lost once), Other once (lost).
        cls.rival = cls._create_customer("Rival Machines", is_competitor=True)
        cls.other_rival = cls._create_customer("Other Rival", is_competitor=True)
        cls.lead_won = cls._create_won(cls.major, 0.0, user=cls.salesman)
        cls.lead_lost = cls._create_opportunity("Shop fittings", cls.mass_e)
        Competitor = cls.env["crm.lead.competitor"]
        Competitor.create(
            [
                {
                    "lead_id": cls.lead_major.id,
                    "competitor_id": cls.rival.id,
                    "strengths": "Low price",
                    "weaknesses": "Slow service",
                    "strategy": "flanking",
                },
                {"lead_id": cls.lead_won.id, "competitor_id": cls.rival.id},
                {"lead_id": cls.lead_lost.id, "competitor_id": cls.rival.id},
                {"lead_id": cls.lead_lost.id, "competitor_id": cls.other_rival.id},
            ]
        )
        cls.lead_lost.action_set_lost()

        # Action plan of the Major account.
        Item = cls.env["customer.action.item"]
        cls.action_open = Item.create(
            {
                "name": "Reference visit to our plant",
                "category": "prove_value",
                "lead_id": cls.lead_major.id,
                "user_id": cls.salesman.id,
                "date_deadline": today + relativedelta(days=14),
            }
        )
        cls.action_done = Item.create(
            {
                "name": "Send the references",
                "category": "prove_value",
                "partner_id": cls.major.id,
                "user_id": cls.salesman.id,
                "date_deadline": today,
            }
        )
        cls.action_done.action_done()

        # Complaints: last month three (one on time, one late, one unanswered,
        # which its customer came back on), the month before one unanswered.
        received = datetime.combine(cls.monday, datetime.min.time()).replace(hour=2)
        cls.complaint_on_time = cls._create_complaint(
            subject="Press stops", partner_id=cls.major.id, date_received=received
        )
        cls.complaint_late = cls._create_complaint(
            subject="Tracker offline", partner_id=cls.named_b.id, date_received=received
        )
        for complaint, answered in (
            (cls.complaint_on_time, received + relativedelta(hours=1)),
            (cls.complaint_late, received + relativedelta(hours=48)),
        ):
            with freeze_time(answered):
                complaint.with_user(cls.agent).message_post(
                    body="Our answer.",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
        for complaint, resolved in (
            (cls.complaint_on_time, received + relativedelta(hours=24)),
            (cls.complaint_late, received + relativedelta(hours=72)),
        ):
            with freeze_time(resolved):
                complaint.with_user(cls.agent).write(
                    {"stage_id": cls.stages["resolved"].id}
                )
        cls.complaint_on_time.with_user(cls.agent)._record_return_visit(5, "Runs again")
        cls.complaint_late.with_user(cls.agent)._record_return_visit(3, "Slow fix")
        # These two return visits hold their complaints' outcome (the visit owns
        # it); this dataset's visits are only the ones listed below, so these two
        # are kept out of its figures in a company and with a customer of their own.
        elsewhere = cls.env["res.company"].create({"name": "Elsewhere Ltd"})
        outsider = cls.env["res.partner"].create(
            {
                "name": "Elsewhere Customer",
                "is_company": True,
                "company_id": elsewhere.id,
            }
        )
        (cls.complaint_on_time | cls.complaint_late).followup_ids.write(
            {"company_id": elsewhere.id, "partner_id": outsider.id}
        )
        cls.complaint_open = cls._create_complaint(
            subject="Late cable delivery",
            partner_id=cls.named_c.id,
            category_id=cls.category_delivery.id,
            complaint_type="suggestion",
            date_received=received + relativedelta(days=8),
        )
        cls._create_complaint(
            subject="Still no cables",
            partner_id=cls.named_c.id,
            category_id=cls.category_delivery.id,
            date_received=received + relativedelta(days=9),
        )
        cls.complaint_before = cls._create_complaint(
            subject="Damaged crate",
            partner_id=cls.major.id,
            category_id=cls.category_delivery.id,
            date_received=datetime.combine(
                cls.monday_before, datetime.min.time()
            ).replace(hour=2),
        )

        # Return visits: (customer, owner, state, closed on, satisfaction).
        # Visits outside last month are dated this month or the month before.
        first, before = cls.month_from, cls.month_from - relativedelta(months=1)
        this_month = month_start
        Followup = cls.env["customer.followup"]
        visits = [
            (cls.major, cls.agent, "done", first + relativedelta(days=4), "5"),
            (cls.major, cls.agent, "done", first + relativedelta(days=11), "4"),
            (cls.major, cls.agent, "missed", first + relativedelta(days=19), False),
            (cls.major, cls.agent_other, "done", first + relativedelta(days=24), False),
            (cls.major, cls.salesman, "done", this_month, "4"),
            (cls.major, cls.agent, "cancelled", first + relativedelta(days=14), False),
            (cls.named_b, cls.salesman, "done", this_month, False),
            (cls.named_b, cls.salesman, "done", first - relativedelta(days=5), "2"),
            (cls.named_c, cls.salesman_2, "done", this_month, False),
            (cls.non_named, cls.salesman_2, "done", before, False),
            (cls.mass_e, cls.salesman_2, "done", before, False),
            (cls.mass_f, cls.salesman_2, "done", today - relativedelta(years=2), False),
        ]
        cls.visits = Followup.create(
            [
                {
                    "partner_id": partner.id,
                    "user_id": owner.id,
                    "state": state,
                    "date_planned": closed,
                    "date_closed": closed,
                    "satisfaction": satisfaction,
                    "name": f"Visit {index}",
                }
                for index, (partner, owner, state, closed, satisfaction) in enumerate(
                    visits
                )
            ]
        )
        Followup.create(
            [
                {
                    "partner_id": partner.id,
                    "user_id": owner.id,
                    "date_planned": today + relativedelta(days=7),
                }
                for partner, owner in (
                    (cls.named_b, cls.salesman),
                    (cls.mass_e, cls.salesman_2),
                )
            ]
        )

        # Activities: three on the Major account (its form, its contact, one
        # done on its opportunity), one on a Named account's opportunity.
        cls.major.activity_schedule("mail.mail_activity_data_todo", summary="Call")
        cls.buyer.activity_schedule("mail.mail_activity_data_todo", summary="Lunch")
        cls.lead_major.activity_schedule(
            "mail.mail_activity_data_todo", summary="Demo"
        ).action_feedback(feedback="Done")
        cls.lead_named.activity_schedule(
            "mail.mail_activity_data_todo", summary="Offer"
        )
        cls.env.flush_all()

    @staticmethod
    def _first_monday(day):
        return day + relativedelta(days=(7 - day.weekday()) % 7)


class DemoDataCase(CustomerPlanningCase):
    """The demo data, loaded into the test database (and rolled back with the
    test) at ``DEMO_MOMENT``, a day whose date differs between Beijing and UTC.
    On a database installed with demo data, only the demo week is loaded again,
    on the test's day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = "crm_customer_planning"
        files = cls.env["ir.module.module"].get_module_info(module)["demo"]
        if cls.env.ref(f"{module}.followup_demo_major_done", False):
            files = [WEEK_DEMO]
        elif not cls.env.ref("base.user_demo", False):
            # base's demo user, which our demo data gives customers to.
            demo_user = new_test_user(
                cls.env,
                login="demo",
                name="Marc Demo",
                groups="base.group_user,sales_team.group_sale_salesman",
            )
            cls.env["ir.model.data"].create(
                {
                    "module": "base",
                    "name": "user_demo",
                    "model": "res.users",
                    "res_id": demo_user.id,
                }
            )
        # Loaded as at installation, when the registry is not ready yet (the
        # stage gates, for one, hold only once it is).
        with freeze_time(DEMO_MOMENT), patch.object(cls.registry, "ready", False):
            for path in files:
                convert_file(
                    cls.env,
                    module,
                    path,
                    {},
                    mode="init",
                    noupdate=True,
                    kind="demo",
                    pathname=file_path(f"{module}/{path}"),
                )
