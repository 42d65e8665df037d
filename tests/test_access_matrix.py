# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every model of the addon against every role: read, write, create and unlink
as the real user, on a record of the role's own scope in its own company, and
the same model's record of a second company, which no role may see."""

from contextlib import contextmanager
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CustomerServiceCase

ROLES = (
    "salesperson",
    "sales_manager",
    "agent",
    "service_manager",
    "general_manager",
    "portal",
    "public",
)

# What each role may do: r(ead), w(rite), c(reate), u(nlink), in the order of
# ROLES. Wizards (transient) are tried on a wizard the user opened.
MATRIX = {
    # Tiers and values
    "customer.tier": ("r", "rwcu", "r", "r", "rwcu", "", ""),
    "customer.tier.history": ("r", "r", "r", "r", "r", "", ""),
    "customer.coverage.report": ("r", "r", "r", "r", "r", "", ""),
    "customer.allocation.report": ("r", "r", "r", "r", "r", "", ""),
    "customer.allocation.month.report": ("r", "r", "r", "r", "r", "", ""),
    "customer.resource.report": ("", "r", "", "", "r", "", ""),
    "customer.volume.report": ("r", "r", "r", "r", "r", "", ""),
    # Salespeople read their own customers' (the fixture is the salesperson's).
    "customer.target.report": ("r", "r", "", "", "r", "", ""),
    "customer.tier.override": ("", "rwc", "", "", "rwc", "", ""),
    # Opportunity screening
    "crm.qualification.criterion": ("r", "rwcu", "r", "r", "rwcu", "", ""),
    "crm.lead.qualification": ("rwcu", "rwcu", "", "", "rwcu", "", ""),
    "crm.lead.contact": ("rwcu", "rwcu", "", "", "rwcu", "", ""),
    "crm.lead.competitor": ("rwcu", "rwcu", "", "", "rwcu", "", ""),
    "customer.purchasing.role": ("r", "rwcu", "r", "r", "rwcu", "", ""),
    "customer.action.item": ("rwc", "rwcu", "rwc", "rwc", "rwcu", "", ""),
    # Account plans: the customer's salesperson and sales managers (the
    # fixture is the salesperson's customer's plan).
    "customer.account.plan": ("rwc", "rwcu", "", "", "rwcu", "", ""),
    "customer.account.plan.objective": ("rwcu", "rwcu", "", "", "rwcu", "", ""),
    "crm.competitor.report": ("r", "r", "r", "r", "r", "", ""),
    "crm.lead.qualify": ("rwc", "rwc", "", "", "rwc", "", ""),
    "crm.lead.qualify.line": ("rwcu", "rwcu", "", "", "rwcu", "", ""),
    "crm.lead.stage.override": ("", "rwc", "", "", "rwc", "", ""),
    # Return visits
    "customer.followup": ("rwc", "rwcu", "rwc", "rwcu", "rwcu", "", ""),
    "customer.followup.rule": ("r", "rwcu", "r", "rwcu", "rwcu", "", ""),
    "customer.care.holiday": ("r", "rwcu", "r", "rwcu", "rwcu", "", ""),
    # Complaints
    # Every employee records requests (首问责任制) and works on those they own
    # or handle and their customers' (the fixture is the salesperson's
    # customer's); sales managers read all, write only those.
    "customer.complaint": ("rwc", "rc", "rwc", "rwcu", "rwcu", "r", ""),
    "customer.complaint.stage": ("r", "r", "r", "rwcu", "rwcu", "r", ""),
    "customer.complaint.category": ("r", "r", "r", "rwcu", "rwcu", "r", ""),
    "customer.complaint.sla": ("r", "r", "r", "rwcu", "rwcu", "", ""),
    "customer.complaint.report": ("", "r", "r", "r", "r", "", ""),
    # Service targets: made and reached by the complaint's rules, read by
    # whoever reads the complaint (the fixture: its first-reply target).
    "customer.complaint.target": ("r", "r", "r", "r", "r", "", ""),
    "customer.complaint.reassign": ("", "", "", "rwc", "rwc", "", ""),
    "customer.complaint.merge": ("", "", "", "rwc", "rwc", "", ""),
    "customer.complaint.return.visit": ("", "", "rwc", "rwc", "rwc", "", ""),
    "customer.complaint.waive": ("", "", "", "rwc", "rwc", "", ""),
    # Hand-overs (工作联络单): sent on a complaint one can write (the fixture's
    # salesperson and agent can), read by sales managers; only the receiver
    # answers, through the wizard (checked by the hand-over).
    "customer.complaint.handover": ("rwc", "r", "rwc", "rwcu", "rwcu", "", ""),
    "customer.complaint.handover.reply": ("rwc", "rwc", "rwc", "rwc", "rwc", "", ""),
    # Weekly service reports (周报): one's own (the fixture is the agent's),
    # made by the Friday job; the service managers see and manage all.
    "customer.service.weekly.report": ("", "", "rw", "rwcu", "rwcu", "", ""),
    # The Service Supervision Report: the supervisors' (a role of its own, not
    # in this table: test_supervision_signoff.py); the general manager reads.
    "customer.service.supervision.report": ("", "", "", "", "r", "", ""),
    "customer.service.supervision.report.line": ("", "", "", "", "r", "", ""),
    # Technical: the batched jobs' cursors (administrators only); the public
    # form's flood guard (read by the form itself, as superuser)
    "customer.planning.job": ("", "", "", "", "", "", ""),
    "customer.complaint.public.submission": ("", "", "", "", "", "", ""),
}

# Models no role reads, even in its own company (the public form's flood guard,
# read as superuser only).
NOBODY_READS = {"customer.complaint.public.submission"}

# Models without a company: configuration shared by every company.
SHARED_MODELS = {"customer.complaint.stage", "customer.planning.job"}

# A harmless change per model, to try writing.
WRITE_VALS = {
    "customer.tier": {"color": 4},
    "customer.tier.history": {"reason": "Rewritten"},
    "customer.coverage.report": {"account_count": 0},
    "customer.allocation.report": {"customer_count": 0},
    "customer.allocation.month.report": {"customer_count": 0},
    "customer.resource.report": {"visit_count": 0},
    "customer.target.report": {"progress": 0},
    "customer.volume.report": {"amount": 0},
    "customer.tier.override": {"reason": "Second thoughts"},
    "crm.qualification.criterion": {"guidance": "Ask the buyer"},
    "crm.lead.qualification": {"note": "The buyer said so"},
    "crm.lead.contact": {"note": "Met at the fair"},
    "crm.lead.competitor": {"product": "Model X"},
    "customer.purchasing.role": {"description": "Signs the order"},
    "customer.action.item": {"description": "Bring the case study"},
    "customer.account.plan": {"color": 3},
    "customer.account.plan.objective": {"note": "Checked"},
    "crm.competitor.report": {"met_count": 0},
    "crm.lead.qualify": {"step": "win"},
    "crm.lead.qualify.line": {"note": "Checked"},
    "crm.lead.stage.override": {"reason": "Second thoughts"},
    "customer.followup": {"result_notes": "Called, all fine"},
    "customer.followup.rule": {"sequence": 11},
    "customer.care.holiday": {"lead_days": 5},
    "customer.complaint": {"description": "<p>Noted</p>"},
    "customer.complaint.stage": {"description": "Do it now"},
    "customer.complaint.category": {"color": 3},
    "customer.complaint.sla": {"sequence": 5},
    "customer.complaint.report": {"complaint_count": 0},
    "customer.complaint.target": {"date_reached": datetime(2026, 6, 1, 2, 0)},
    "customer.complaint.reassign": {"reason": "Second thoughts"},
    "customer.complaint.merge": {"reason": "Second thoughts"},
    "customer.complaint.return.visit": {"customer_feedback": "Happy now"},
    "customer.complaint.waive": {"reason": "Second thoughts"},
    "customer.complaint.handover": {"priority": "1"},
    "customer.complaint.handover.reply": {"text": "Second thoughts"},
    "customer.service.weekly.report": {"remarks": "A quiet week"},
    "customer.service.supervision.report": {"conclusion": "A steady month"},
    "customer.service.supervision.report.line": {"evaluation": "Answers fast"},
    "customer.planning.job": {"last_id": 1},
    "customer.complaint.public.submission": {"email": "other@example.com"},
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env["res.company"].create({"name": "Shenzhen Branch"})
        cls.branch_user = new_test_user(
            cls.env,
            login="matrix_branch",
            name="Branch Employee",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
            groups="crm_customer_planning.group_customer_general_manager",
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="matrix_sales_manager",
            name="Sales Manager Sun",
            groups="sales_team.group_sale_manager",
        )
        cls.gm = new_test_user(
            cls.env,
            login="matrix_gm",
            name="General Manager Zhao",
            groups="crm_customer_planning.group_customer_general_manager",
        )
        cls.portal = new_test_user(
            cls.env,
            login="matrix_portal",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )
        cls.users = {
            "salesperson": cls.salesman,
            "sales_manager": cls.sales_manager,
            "agent": cls.agent,
            "service_manager": cls.service_manager,
            "general_manager": cls.gm,
            "portal": cls.portal,
            "public": cls.env.ref("base.public_user"),
        }
        # Customers: ours (owned by the salesperson, no company) and the
        # branch's; a competitor in each company.
        cls.customer.write({"user_id": cls.salesman.id, "company_id": cls.company.id})
        cls.customer_c2 = cls._create_customer(
            "Shenzhen Electronics", owner=cls.branch_user, company_id=cls.company_2.id
        )
        cls.contact_2 = cls.env["res.partner"].create(
            {"name": "Engineer Wu", "parent_id": cls.customer.id}
        )
        cls.competitors = cls.env["res.partner"].create(
            [
                {"name": "Rival One", "is_company": True, "is_competitor": True},
                {"name": "Rival Two", "is_company": True, "is_competitor": True},
            ]
        )
        cls.criteria = cls.env["crm.qualification.criterion"].create(
            [
                {"name": "Budget approved?", "step": "real"},
                {"name": "Decision date known?", "step": "real"},
                {"name": "Need confirmed?", "step": "real"},
            ]
        )
        cls.lead = cls._make_lead(cls.env.company, cls.salesman, cls.customer)
        cls.lead_c2 = cls._make_lead(cls.company_2, cls.branch_user, cls.customer_c2)
        for partner in (cls.customer, cls.customer_c2):
            partner.with_context(planning_internal_write=True).write(
                {"customer_tier_id": cls.tier_named.id}
            )
        cls.complaint = cls._create_complaint()
        cls.complaint_c2 = (
            cls.env["customer.complaint"]
            .with_company(cls.company_2)
            .create(
                {
                    "subject": "Branch complaint",
                    "partner_id": cls.customer_c2.id,
                    "category_id": cls.category_quality.id,
                    "company_id": cls.company_2.id,
                    "team_id": False,
                    "first_responsible_id": cls.branch_user.id,
                }
            )
        )
        cls.fixtures = {model: cls._make(model, cls.env.company) for model in MATRIX}
        cls.foreign = {
            model: cls._make(model, cls.company_2)
            for model in MATRIX
            if model not in SHARED_MODELS
        }

    # ------------------------------------------------------------
    # Fixtures
    # ------------------------------------------------------------

    @classmethod
    def _make_lead(cls, company, user, partner):
        return (
            cls.env["crm.lead"]
            .with_company(company)
            .create(
                {
                    "name": f"Line retrofit {company.name}",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "company_id": company.id,
                    "expected_revenue": 50000.0,
                }
            )
        )

    @classmethod
    def _in_company(cls, company):
        """Our company: the records of the roles' own scope; the branch: the
        same kind of records, owned by the branch."""
        main = company == cls.env.company
        return {
            "company": company,
            "customer": cls.customer if main else cls.customer_c2,
            "lead": cls.lead if main else cls.lead_c2,
            "owner": cls.agent if main else cls.branch_user,
            "complaint": cls.complaint if main else cls.complaint_c2,
            "company_id": company.id,
        }

    @classmethod
    def _make(cls, model, company):
        """A record of ``model`` in ``company`` (as the superuser). Wizards are
        made by the superuser: nobody else may see them."""
        ctx = cls._in_company(company)
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        if not env[model]._auto:  # an SQL view
            domain = {
                "customer.coverage.report": [("tier_id", "=", cls.tier_named.id)],
                "customer.allocation.report": [("tier_id", "=", cls.tier_named.id)],
                "customer.allocation.month.report": [("month", "=", date(2026, 3, 1))],
                "customer.resource.report": [("partner_id", "=", ctx["customer"].id)],
                "customer.target.report": [("partner_id", "=", ctx["customer"].id)],
                "customer.volume.report": [("lead_id.company_id", "=", company.id)],
                "crm.competitor.report": [
                    ("competitor_id", "=", cls.competitors[0].id)
                ],
                "customer.complaint.report": [
                    ("complaint_id", "=", ctx["complaint"].id)
                ],
            }[model]
            # SQL views read the tables: make their rows first.
            lines = env["crm.lead.competitor"].search(
                [("lead_id", "=", ctx["lead"].id)]
            )
            if model == "crm.competitor.report" and not lines:
                cls._make("crm.lead.competitor", company)
            if model == "customer.allocation.month.report":
                # A month with a visit done to a classified customer.
                env["customer.followup"].create(
                    {
                        "partner_id": ctx["customer"].id,
                        "company_id": company.id,
                        "user_id": ctx["owner"].id,
                        "name": "Visit done",
                        "state": "done",
                        "date_planned": date(2026, 3, 2),
                        "date_closed": date(2026, 3, 2),
                    }
                )
            if model == "customer.volume.report":
                # A won deal of a customer judged by its volume (amount target).
                shop = cls._create_customer(
                    f"Shop of {company.name}", company_id=company.id
                )
                shop.with_context(planning_internal_write=True).write(
                    {"customer_tier_id": cls.tier_non_named.id}
                )
                cls._make_lead(company, ctx["owner"], shop).action_set_won()
            env.flush_all()
            record = (
                env[model].sudo().search(domain + [("company_id", "=", company.id)])
            )
            assert len(record) == 1, (model, company.name, record)
            return record.sudo(False)
        if model == "customer.complaint":
            return ctx["complaint"]
        if model == "customer.complaint.target":
            # Made with the complaint, one per kind.
            return (
                ctx["complaint"]
                .target_ids.filtered(lambda target: target.kind == "reply")
                .sudo(False)
            )
        if model == "customer.planning.job":
            # One cursor per job, made when the job first runs.
            return env[model]._lock("recompute_customer_values").sudo(False)
        if model == "crm.lead.qualify.line":
            # The wizard's own questions (a line added by hand is dropped
            # when the wizard computes its questions again).
            return cls._make("crm.lead.qualify", company).line_ids[:1]
        return env[model].create(cls._vals(model, ctx, fresh=False))

    @classmethod
    def _vals(cls, model, ctx, fresh=True):
        """Values of a new ``model`` record of the context's company;
        ``fresh`` ones never clash with the fixtures (unique keys)."""
        customer, lead, company = ctx["customer"], ctx["lead"], ctx["company"]
        main = company == cls.env.company
        criterion = cls.criteria[1 if fresh else 0]
        competitor = cls.competitors[1 if fresh else 0]
        tag = "new" if fresh else "fixture"
        if not cls.env[model]._auto:  # an SQL view
            return {"company_id": company.id}
        shared_or_own = False if main else company.id
        return {
            "customer.tier": {
                "name": f"Tier {tag} {company.name}",
                "sequence": 90 if fresh else 80,
                "company_id": shared_or_own,
            },
            "customer.tier.history": {
                "partner_id": customer.id,
                "new_tier_id": cls.tier_named.id,
                "reason": "Classified",
            },
            "customer.tier.override": {
                "partner_ids": [Command.set(customer.ids)],
                "tier_id": cls.tier_major.id,
                "reason": "Strategic account",
            },
            "crm.qualification.criterion": {
                "name": f"Question {tag} {company.name}",
                "step": "win",
                "company_id": shared_or_own,
            },
            "crm.lead.qualification": {
                "lead_id": lead.id,
                "criterion_id": criterion.id,
                "answer": "yes",
            },
            "crm.lead.contact": {
                "lead_id": lead.id,
                "partner_id": (cls.contact_2 if fresh else cls.customer_contact).id
                if main
                else customer.id,
            },
            "crm.lead.competitor": {
                "lead_id": lead.id,
                "competitor_id": competitor.id,
            },
            "customer.purchasing.role": {
                "name": f"Role {tag} {company.name}",
                "company_id": shared_or_own,
            },
            "customer.action.item": {
                "name": f"Reference visit {tag}",
                "category": "prove_value",
                "partner_id": customer.id,
                "date_deadline": date(2026, 12, 10),
                "company_id": company.id,
                "user_id": ctx["owner"].id,
            },
            "customer.account.plan": {
                "partner_id": customer.id,
                "period_type": "year",
                "date_start": date(2027 if fresh else 2026, 1, 1),
            },
            "customer.account.plan.objective": {
                "plan_id": cls.env["customer.account.plan"]
                .sudo()
                .search([("partner_id", "=", customer.id)], limit=1)
                .id,
                "name": f"Share {tag}",
                "kind": "share",
                "target_share": 30.0,
            },
            "crm.lead.qualify": {"lead_id": lead.id, "step": "real"},
            "crm.lead.qualify.line": {
                "wizard_id": cls._own_wizard(
                    "crm.lead.qualify", {"lead_id": lead.id, "step": "real"}
                ).id,
                "criterion_id": criterion.id,
            },
            "crm.lead.stage.override": {
                "lead_ids": [Command.set(lead.ids)],
                "stage_id": cls.env.ref("crm.stage_lead2").id,
                "reason": "Customer asked",
            },
            "customer.followup": {
                "partner_id": customer.id,
                "name": f"Visit {tag}",
                "user_id": ctx["owner"].id,
                "date_planned": date(2026, 6, 1),
                "company_id": company.id,
            },
            "customer.followup.rule": {
                "name": f"Rule {tag} {company.name}",
                "tier_id": cls.tier_named.id,
                "interval_number": 2,
                "interval_unit": "weeks",
                "company_id": company.id,
            },
            "customer.care.holiday": {
                "name": f"Holiday {tag}",
                "date": date(2026, 10, 1),
                "company_id": company.id,
            },
            "customer.complaint": {
                "subject": f"Complaint {tag}",
                "partner_id": customer.id,
                "category_id": cls.category_delivery.id
                if fresh
                else cls.category_quality.id,
                "company_id": company.id,
                # Whoever records a request owns it (the fixture: the agent).
                "first_responsible_id": (
                    ctx["owner"] if cls.env.su or not fresh else cls.env.user
                ).id,
            },
            "customer.complaint.target": {
                "complaint_id": ctx["complaint"].id,
                "kind": "reply",
            },
            "customer.complaint.stage": {"name": f"Stage {tag}", "sequence": 99},
            "customer.complaint.category": {
                "name": f"Category {tag} {company.name}",
                "company_id": shared_or_own,
            },
            "customer.complaint.sla": {
                "name": f"Limit {tag}",
                "reply_hours": 4.0,
                "resolution_hours": 8.0,
                "company_id": company.id,
            },
            "customer.complaint.merge": {
                "target_id": ctx["complaint"].id,
                "complaint_ids": [Command.set(ctx["complaint"].ids)],
                "reason": "One matter",
            },
            "customer.complaint.reassign": {
                "complaint_id": ctx["complaint"].id,
                "new_owner_id": ctx["owner"].id,
                "reason": "Holiday",
            },
            "customer.complaint.return.visit": {
                "complaint_id": ctx["complaint"].id,
                "satisfaction": "4",
                "customer_feedback": "Works again",
            },
            "customer.complaint.waive": {
                "complaint_id": ctx["complaint"].id,
                "reason": "Customer unreachable",
            },
            "customer.complaint.handover": {
                "complaint_id": ctx["complaint"].id,
                # The branch's fixture is sent by the superuser to its owner.
                "receiver_id": (cls.agent_other if main else ctx["owner"]).id,
                **({"sender_id": ctx["owner"].id} if main and not fresh else {}),
                "request": f"Check the stock {tag}",
                "deadline": datetime(2036, 1, 1, 2, 0),
            },
            "customer.complaint.handover.reply": {
                "handover_id": cls.env["customer.complaint.handover"]
                .sudo()
                .search([("complaint_id", "=", ctx["complaint"].id)], limit=1)
                .id,
                "kind": "answer",
                "text": "Stock checked",
            },
            "customer.service.weekly.report": {
                "user_id": ctx["owner"].id,
                "week_start": date(2026, 6, 8) if fresh else date(2026, 6, 1),
                "company_id": company.id,
            },
            "customer.service.supervision.report": {
                "company_id": company.id,
                "date_from": date(2026, 5, 1) if fresh else date(2026, 4, 1),
                "date_to": date(2026, 5, 31) if fresh else date(2026, 4, 30),
            },
            "customer.service.supervision.report.line": {
                "report_id": cls.env["customer.service.supervision.report"]
                .sudo()
                .search([("company_id", "=", company.id)], limit=1)
                .id,
                "user_id": ctx["owner"].id,
            },
            "customer.planning.job": {"code": "generate_followups"},
            "customer.complaint.public.submission": {
                "ip_address": "192.0.2.7",
                "email": f"visitor-{tag}@example.com",
                "complaint_id": ctx["complaint"].id,
                "company_id": company.id,
            },
        }[model]

    @classmethod
    def _own_wizard(cls, model, vals):
        """A wizard of the current environment's user, or the superuser's when
        that user may not open one."""
        Wizard = cls.env[model]
        if not Wizard.has_access("create"):
            Wizard = Wizard.sudo()
        return Wizard.create(vals)

    # ------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------

    def _allowed(self, model, role):
        return set(MATRIX[model][ROLES.index(role)])

    def _check_role(self, role):
        user = self.users[role]
        for model in MATRIX:
            allowed = self._allowed(model, role)
            transient = self.env[model]._transient
            ctx = self._in_company(self.env.company)
            as_user = self.env(user=user)
            self.env.invalidate_all()

            # create: as the user, values of their own scope
            with self.subTest(model=model, role=role, op="create"):
                with self._undone():
                    cls = type(self)
                    if "c" in allowed:
                        vals = cls._vals_as(as_user, model, ctx)
                        created = as_user[model].create(vals)
                        self.assertTrue(created.exists())
                    else:
                        with self.assertRaises(AccessError):
                            vals = cls._vals_as(as_user, model, ctx)
                            as_user[model].create(vals)

            # The record tried: the fixture, or the user's own wizard.
            record = self.fixtures[model]
            if transient and "c" in allowed:
                record = self._own_record(as_user, model, ctx)
            record = record.with_user(user)

            with self.subTest(model=model, role=role, op="read"):
                if "r" in allowed:
                    self.assertEqual(
                        as_user[model].search([("id", "=", record.id)]), record
                    )
                    self.assertEqual(record.read(["id"])[0]["id"], record.id)
                else:
                    with self.assertRaises(AccessError):
                        record.read(["id"])
                    # Search hides it: a rule filters it out, or the model
                    # itself is closed to the role.
                    if as_user["ir.model.access"].check(model, "read", False):
                        self.assertFalse(
                            as_user[model].search([("id", "=", record.id)])
                        )
                    else:
                        with self.assertRaises(AccessError):
                            as_user[model].search([("id", "=", record.id)])

            with self.subTest(model=model, role=role, op="write"):
                vals = WRITE_VALS[model]
                with self._undone():
                    if "w" in allowed:
                        [(field, value)] = vals.items()
                        self.assertNotEqual(record.sudo()[field], value)
                        record.write(vals)
                        record.invalidate_recordset()
                        self.assertEqual(record.sudo()[field], value)
                    else:
                        with self.assertRaises(AccessError):
                            record.write(vals)
                            record.flush_recordset()

            with self.subTest(model=model, role=role, op="unlink"):
                with self._undone():
                    victim = record
                    if "u" in allowed and not transient:
                        victim = self._make_fresh(model).with_user(user)
                    if "u" in allowed:
                        victim.unlink()
                        self.assertFalse(victim.sudo().exists())
                    else:
                        with self.assertRaises(AccessError):
                            victim.unlink()
                        self.assertTrue(victim.sudo().exists())

            # The second company's record (another user's wizard) stays hidden.
            foreign = self.foreign.get(model)
            if foreign is not None:
                with self.subTest(model=model, role=role, op="second company"):
                    if "r" in allowed:
                        self.assertFalse(
                            as_user[model].search([("id", "=", foreign.id)])
                        )
                    with self.assertRaises(AccessError):
                        foreign.with_user(user).read(["id"])
                    with self.assertRaises(AccessError):
                        foreign.with_user(user).write(WRITE_VALS[model])

    @contextmanager
    def _undone(self):
        """Run a step, then undo it: each step starts from the fixtures."""
        savepoint = self.env.cr.savepoint()
        try:
            yield
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    def _own_record(self, env, model, ctx):
        """A wizard the user opens (a screening question: one of the questions
        of a screening the user opens)."""
        if model == "crm.lead.qualify.line":
            return (
                env["crm.lead.qualify"]
                .create({"lead_id": ctx["lead"].id, "step": "real"})
                .line_ids[:1]
            )
        return env[model].create(type(self)._vals_as(env, model, ctx))

    @classmethod
    def _vals_as(cls, env, model, ctx):
        """Fresh values, dependencies (a screening wizard) made as ``env``'s
        user."""
        saved = cls.env
        cls.env = env
        try:
            return cls._vals(model, ctx, fresh=True)
        finally:
            cls.env = saved

    def _make_fresh(self, model):
        ctx = self._in_company(self.env.company)
        vals = self._vals(model, ctx, fresh=True)
        return self.env[model].with_context(complaint_force_new=True).create(vals)

    # ------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------

    def test_salesperson(self):
        self._check_role("salesperson")

    def test_sales_manager(self):
        self._check_role("sales_manager")

    def test_service_agent(self):
        self._check_role("agent")

    def test_service_manager(self):
        self._check_role("service_manager")

    def test_general_manager(self):
        self._check_role("general_manager")

    def test_portal_customer(self):
        self._check_role("portal")

    def test_public_visitor(self):
        self._check_role("public")

    def test_the_table_covers_every_model_of_the_addon(self):
        own = {
            name
            for name, model in self.env.registry.items()
            if model._original_module == "crm_customer_planning" and not model._abstract
        }
        self.assertEqual(set(MATRIX), own)
        self.assertEqual(set(WRITE_VALS), own)

    def test_every_model_has_access_lines_and_company_rules(self):
        IrModel = self.env["ir.model"]
        Access = self.env["ir.model.access"]
        Rule = self.env["ir.rule"]
        models = IrModel.search([]).filtered(
            lambda m: "crm_customer_planning" in (m.modules or "").split(", ")
        )
        self.assertIn("res.partner", models.mapped("model"))
        for ir_model in models:
            if self.env[ir_model.model]._abstract:
                continue
            with self.subTest(model=ir_model.model):
                self.assertTrue(Access.search_count([("model_id", "=", ir_model.id)]))
            Model = self.env[ir_model.model]
            if ir_model.model not in MATRIX:
                continue
            field = Model._fields.get("company_id")
            if Model._transient:
                with self.subTest(model=ir_model.model, rule="own wizard"):
                    rule = Rule.search(
                        [("model_id", "=", ir_model.id), ("global", "=", True)]
                    )
                    self.assertIn("create_uid", rule.domain_force)
                continue
            with self.subTest(model=ir_model.model, rule="company"):
                if ir_model.model in SHARED_MODELS:
                    self.assertFalse(field)
                    continue
                self.assertTrue(field and field.store)
                rule = Rule.search(
                    [("model_id", "=", ir_model.id), ("global", "=", True)]
                )
                self.assertTrue(
                    any("company_ids" in r.domain_force for r in rule),
                    "no company rule",
                )

    def test_second_company_records_show_once_the_company_is_allowed(self):
        """The records the roles never see do exist: the branch's own users,
        and a general manager allowed in both companies, see them."""
        self.gm.company_ids |= self.company_2
        both = self.env(
            user=self.gm,
            context=dict(allowed_company_ids=(self.company_2 | self.company).ids),
        )
        main_only = self.env(
            user=self.gm, context=dict(allowed_company_ids=self.company.ids)
        )
        branch = self.env(user=self.branch_user)
        for model, record in self.foreign.items():
            if self.env[model]._transient or model in NOBODY_READS:
                continue
            with self.subTest(model=model):
                self.assertEqual(both[model].search([("id", "=", record.id)]), record)
                self.assertEqual(branch[model].search([("id", "=", record.id)]), record)
                self.assertFalse(main_only[model].search([("id", "=", record.id)]))
                self.assertEqual(
                    self.fixtures[model].with_env(main_only).read(["id"])[0]["id"],
                    self.fixtures[model].id,
                )

    def test_another_users_wizard_stays_hidden(self):
        for model in MATRIX:
            if not self.env[model]._transient:
                continue
            theirs = self.fixtures[model]  # opened by the superuser
            with self.subTest(model=model):
                self.assertFalse(
                    self.env(user=self.gm)[model].search([("id", "=", theirs.id)])
                )
                with self.assertRaises(AccessError):
                    theirs.with_user(self.gm).read(["id"])

    def test_general_manager_role(self):
        """General manager: a sales manager and a service manager at once."""
        for xmlid in (
            "sales_team.group_sale_manager",
            "crm_customer_planning.group_customer_planning_manager",
            "crm_customer_planning.group_customer_service_manager",
        ):
            self.assertTrue(self.gm.has_group(xmlid), xmlid)
        self.assertFalse(
            self.service_manager.has_group("sales_team.group_sale_manager")
        )
