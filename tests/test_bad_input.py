# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input through JSON-RPC, as a real client sends it: every case gets the
one error it must (ValidationError, UserError, AccessError or MissingError)
with the words that explain it, never a server error, and nothing of it is
written."""

import base64
import json
from datetime import date
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerServiceCase

MISSING_ID = 2147483000
# Cases that the database itself refuses (a foreign key, NOT NULL): Odoo logs the
# query as an error (odoo.sql_db) before answering with a clear one. Muted for
# these cases only, as Odoo's own test runner fails on any error logged.
DATABASE_REFUSES = {"visit missing customer", "visit no customer"}
LONG_LINE = "很长的标题" * 400  # 2000 characters
LONG_TEXT = "x" * 100001


@tagged("post_install", "-at_install")
class TestBadInput(CustomerServiceCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.settings_admin = new_test_user(
            cls.env,
            login="bi_admin",
            groups="base.group_system,base.group_erp_manager,"
            "crm_customer_planning.group_customer_planning_manager",
        )
        cls.portal = new_test_user(
            cls.env,
            login="bi_portal",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
            email=cls.customer_contact.email,
        )
        cls.followup = cls.env["customer.followup"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.agent.id,
                "name": "Quarterly call",
                "date_planned": date(2026, 3, 10),
            }
        )
        cls.complaint = cls._create_complaint()
        cls.rule = cls.env.ref("crm_customer_planning.followup_rule_major")
        cls.sla = cls.env["customer.complaint.sla"].create(
            {"name": "Quality", "reply_hours": 4.0, "resolution_hours": 16.0}
        )
        cls.holiday = cls.env["customer.care.holiday"].create(
            {"name": "Spring Festival", "date": date(2027, 2, 6)}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Spindle retrofit",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
            }
        )
        cls.criterion = cls.env["crm.qualification.criterion"].create(
            {"name": "Budget approved?", "step": "real"}
        )
        cls.not_competitor = cls.env["res.partner"].create(
            {"name": "Friendly Supplier", "is_company": True}
        )
        cls.role = cls.env["customer.purchasing.role"].create({"name": "Approver"})
        cls.stage_visited = cls.stages["visited"]
        cls.stage_closed = cls.stages["closed"]
        cls.return_visit = (
            cls.env["customer.complaint.return.visit"]
            .with_user(cls.agent)
            .create(
                {
                    "complaint_id": cls.complaint.id,
                    "satisfaction": "4",
                    "customer_feedback": "Fine now",
                }
            )
        )
        cls.waive = (
            cls.env["customer.complaint.waive"]
            .with_user(cls.service_manager)
            .create({"complaint_id": cls.complaint.id, "reason": "   "})
        )

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _call(self, model, method, args, kwargs=None):
        """A JSON-RPC call_kw; returns ``(result, error)``, error being the
        ``data`` of the JSON-RPC error (name, message) or None."""
        payload = json.dumps(
            {
                "id": 0,
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            }
        ).encode()
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=payload,
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        body = response.json()
        return body.get("result"), body.get("error", {}).get("data")

    def _snapshot(self, model, method, args):
        Model = self.env[model].sudo().with_context(active_test=False)
        if method == "create":
            return Model.search_count([])
        ids = args[0] if args and isinstance(args[0], list) else []
        records = Model.browse(ids).exists()
        fields = [
            name
            for name, field in Model._fields.items()
            if field.store
            and name not in ("write_date", "write_uid", "__last_update")
            and field.type not in ("one2many", "many2many", "binary")
        ]
        return records.read(fields) if records else []

    def _run_cases(self, login, cases):
        self.authenticate(login, login)
        for name, model, method, args, (error_name, words) in cases:
            with self.subTest(case=name):
                self.env.invalidate_all()
                before = self._snapshot(model, method, args)
                if name in DATABASE_REFUSES:
                    with mute_logger("odoo.sql_db"):
                        result, error = self._call(model, method, args)
                else:
                    result, error = self._call(model, method, args)
                self.assertIsNotNone(error, f"{name}: accepted ({result})")
                self.assertEqual(error["name"], f"odoo.exceptions.{error_name}")
                self.assertIn(words, error["message"])
                self.assertNotIn("Traceback", error["message"])
                self.env.invalidate_all()
                self.assertEqual(self._snapshot(model, method, args), before, name)
        return len(cases)

    # ------------------------------------------------------------
    # Cases, by role
    # ------------------------------------------------------------

    def _followup_vals(self, **vals):
        return [
            {
                "partner_id": self.customer.id,
                "name": "Bad visit",
                "date_planned": "2026-04-01",
                **vals,
            }
        ]

    def _complaint_vals(self, **vals):
        return [
            {
                "subject": "Bad complaint",
                "partner_id": self.customer_2.id,
                "category_id": self.category_delivery.id,
                **vals,
            }
        ]

    def test_service_agent_cases(self):
        fu, cp = [self.followup.id], [self.complaint.id]
        FU, CP = "customer.followup", "customer.complaint"
        RV = "customer.complaint.return.visit"
        cases = [
            # Return visits: scores, choices, types, dates, sizes
            (
                "visit satisfaction 0",
                FU,
                "create",
                self._followup_vals(satisfaction=0),
                ("ValidationError", "Satisfaction is rated from 1 to 5, not 0."),
            ),
            (
                "visit satisfaction 6",
                FU,
                "create",
                self._followup_vals(satisfaction=6),
                ("ValidationError", "Satisfaction is rated from 1 to 5, not 6."),
            ),
            (
                "visit satisfaction text",
                FU,
                "create",
                self._followup_vals(satisfaction="top"),
                ("ValidationError", "Satisfaction is rated from 1 to 5, not top."),
            ),
            (
                "visit satisfaction bool",
                FU,
                "create",
                self._followup_vals(satisfaction=True),
                ("ValidationError", "Satisfaction is rated from 1 to 5, not True."),
            ),
            (
                "visit unknown kind",
                FU,
                "create",
                self._followup_vals(kind="party"),
                (
                    "ValidationError",
                    "“party” is not a valid Kind: choose Routine return visit, Af",
                ),
            ),
            (
                "visit unknown channel",
                FU,
                "create",
                self._followup_vals(channel="fax"),
                (
                    "ValidationError",
                    "“fax” is not a valid Channel: choose Phone, On-site, Email,",
                ),
            ),
            (
                "visit unknown state",
                FU,
                "create",
                self._followup_vals(state="exploded"),
                (
                    "ValidationError",
                    "“exploded” is not a valid State: choose Planned, Done, Misse",
                ),
            ),
            (
                "visit customer as text",
                FU,
                "create",
                self._followup_vals(partner_id="Huadong"),
                ("ValidationError", "“Huadong” is not a valid value for Customer."),
            ),
            (
                "visit missing customer",
                FU,
                "create",
                self._followup_vals(partner_id=MISSING_ID),
                (
                    "ValidationError",
                    "The operation cannot be completed: another model requires th",
                ),
            ),
            (
                "visit owner as list",
                FU,
                "create",
                self._followup_vals(user_id=[1, 2]),
                ("ValidationError", "“[1, 2]” is not a valid value for Owner."),
            ),
            (
                "visit 30 February",
                FU,
                "create",
                self._followup_vals(date_planned="2026-02-30"),
                (
                    "ValidationError",
                    "“2026-02-30” is not a valid value for Planned Date.",
                ),
            ),
            (
                "visit date in words",
                FU,
                "create",
                self._followup_vals(date_planned="next week"),
                (
                    "ValidationError",
                    "“next week” is not a valid value for Planned Date.",
                ),
            ),
            (
                "visit subject too long",
                FU,
                "create",
                self._followup_vals(name=LONG_LINE),
                (
                    "ValidationError",
                    "Subject is too long: 2000 characters, at most 1000.",
                ),
            ),
            (
                "visit notes too long",
                FU,
                "create",
                self._followup_vals(result_notes=LONG_TEXT),
                (
                    "ValidationError",
                    "Result is too long: 100001 characters, at most 100000.",
                ),
            ),
            (
                "visit unknown field",
                FU,
                "create",
                self._followup_vals(mood="grumpy"),
                ("ValidationError", "Return Visit has no field “mood”."),
            ),
            (
                "visit no customer",
                FU,
                "create",
                self._followup_vals(partner_id=False),
                ("ValidationError", "a mandatory field is not set"),
            ),
            (
                "visit write satisfaction 6",
                FU,
                "write",
                [fu, {"satisfaction": "6"}],
                ("ValidationError", "Satisfaction is rated from 1 to 5, not 6."),
            ),
            (
                "visit write satisfaction -1",
                FU,
                "write",
                [fu, {"satisfaction": -1}],
                ("ValidationError", "Satisfaction is rated from 1 to 5, not -1."),
            ),
            (
                "visit done, next action without date",
                FU,
                "write",
                [fu, {"state": "done", "next_action": "Call back"}],
                (
                    "UserError",
                    "Give the date of the next action “Call back” of Huadong Mach",
                ),
            ),
            (
                "visit next action before the visit",
                FU,
                "write",
                [fu, {"next_action": "Call", "next_action_date": "2026-03-01"}],
                (
                    "ValidationError",
                    "The next action of Huadong Machinery: Quarterly call cannot",
                ),
            ),
            (
                "visit date as object",
                FU,
                "write",
                [fu, {"date_planned": {"y": 2026}}],
                ("ValidationError", "is not a valid value for Planned Date."),
            ),
            (
                "visit missing record",
                FU,
                "write",
                [[MISSING_ID], {"name": "X"}],
                ("MissingError", "Record does not exist or has been deleted."),
            ),
            # Complaints
            (
                "complaint unknown severity",
                CP,
                "create",
                self._complaint_vals(severity="apocalyptic"),
                (
                    "ValidationError",
                    "“apocalyptic” is not a valid Severity: choose Normal, Major.",
                ),
            ),
            (
                "complaint unknown channel",
                CP,
                "create",
                self._complaint_vals(channel="pigeon"),
                (
                    "ValidationError",
                    "“pigeon” is not a valid Channel: choose Phone, Email, Portal",
                ),
            ),
            (
                "complaint unknown type",
                CP,
                "create",
                self._complaint_vals(complaint_type="rant"),
                (
                    "ValidationError",
                    "“rant” is not a valid Type: choose Consultation, Suggestion,",
                ),
            ),
            (
                "complaint customer as text",
                CP,
                "create",
                self._complaint_vals(partner_id="abc"),
                ("ValidationError", "“abc” is not a valid value for Customer."),
            ),
            (
                "complaint missing category",
                CP,
                "create",
                self._complaint_vals(category_id=MISSING_ID),
                ("MissingError", "Record does not exist or has been deleted."),
            ),
            (
                "complaint received in words",
                CP,
                "create",
                self._complaint_vals(date_received="yesterday"),
                ("ValidationError", "“yesterday” is not a valid value for Received."),
            ),
            (
                "complaint deadline before reception",
                CP,
                "create",
                self._complaint_vals(
                    date_received="2026-03-02 02:00:00",
                    reply_deadline="2026-03-01 02:00:00",
                ),
                (
                    "ValidationError",
                    "cannot come before its reception (Mar 2, 2026, 10:00:00 AM).",
                ),
            ),
            (
                "complaint resolution before reception",
                CP,
                "write",
                [cp, {"resolution_deadline": "2026-01-01 00:00:00"}],
                (
                    "ValidationError",
                    "cannot come before its reception (Mar 2, 2026, 10:00:00 AM).",
                ),
            ),
            (
                "complaint blank subject",
                CP,
                "create",
                self._complaint_vals(subject="   "),
                ("ValidationError", "Say in a few words what the complaint is about."),
            ),
            (
                "complaint no subject",
                CP,
                "create",
                self._complaint_vals(subject=False),
                ("ValidationError", "Say in a few words what the complaint is about."),
            ),
            (
                "complaint subject too long",
                CP,
                "create",
                self._complaint_vals(subject=LONG_LINE),
                (
                    "ValidationError",
                    "Subject is too long: 2000 characters, at most 1000.",
                ),
            ),
            (
                "complaint subject as number",
                CP,
                "create",
                self._complaint_vals(subject=42),
                ("ValidationError", "“42” is not a valid value for Subject."),
            ),
            (
                "complaint first reply by hand",
                CP,
                "write",
                [cp, {"first_reply_date": "2026-03-02 03:00:00"}],
                ("AccessError", "not by hand: first_reply_date"),
            ),
            (
                "complaint escalation flag by hand",
                CP,
                "write",
                [cp, {"escalation_gm_notified": True}],
                ("AccessError", "not by hand: escalation_gm_notified"),
            ),
            (
                "complaint repeat count by hand",
                CP,
                "write",
                [cp, {"repeat_count": 5}],
                ("AccessError", "not by hand: repeat_count"),
            ),
            (
                "complaint satisfaction by hand",
                CP,
                "write",
                [cp, {"satisfaction": 5}],
                ("AccessError", "not by hand: satisfaction"),
            ),
            (
                "complaint visited without a return visit",
                CP,
                "write",
                [
                    cp,
                    {
                        "stage_id": self.stage_visited.id,
                        "return_visit_date": "2026-03-05 00:00:00",
                    },
                ],
                ("AccessError", "not by hand: return_visit_date"),
            ),
            (
                "complaint closed without a return visit",
                CP,
                "write",
                [cp, {"stage_id": self.stage_closed.id}],
                (
                    "UserError",
                    "cannot be closed before the return visit is recorded. A serv",
                ),
            ),
            (
                "complaint close button",
                CP,
                "action_close",
                [cp],
                (
                    "UserError",
                    "cannot be closed before the return visit is recorded. A serv",
                ),
            ),
            (
                "complaint handler is a customer",
                CP,
                "write",
                [cp, {"handler_id": self.portal.id}],
                (
                    "ValidationError",
                    "the first-responsible person and the handler must be employe",
                ),
            ),
            (
                "complaint stage as text",
                CP,
                "write",
                [cp, {"stage_id": "closed"}],
                ("ValidationError", "“closed” is not a valid value for Stage."),
            ),
            (
                "complaint waive as agent",
                CP,
                "action_open_waive",
                [cp],
                ("AccessError", "Only a service manager can do this on a complaint."),
            ),
            # Return visit wizard
            (
                "return visit satisfaction 0",
                RV,
                "create",
                [
                    {
                        "complaint_id": cp[0],
                        "satisfaction": "0",
                        "customer_feedback": "Hm",
                    }
                ],
                (
                    "ValidationError",
                    "“0” is not a valid Satisfaction: choose Very dissatisfied, D",
                ),
            ),
            (
                "return visit satisfaction 6",
                RV,
                "create",
                [
                    {
                        "complaint_id": cp[0],
                        "satisfaction": "6",
                        "customer_feedback": "Hm",
                    }
                ],
                (
                    "ValidationError",
                    "“6” is not a valid Satisfaction: choose Very dissatisfied, D",
                ),
            ),
            (
                "return visit words as list",
                RV,
                "create",
                [
                    {
                        "complaint_id": cp[0],
                        "satisfaction": "3",
                        "customer_feedback": ["Hm"],
                    }
                ],
                ("ValidationError", "is not a valid value for Customer's Words."),
            ),
            (
                "return visit before resolution",
                RV,
                "action_apply",
                [[self.return_visit.id]],
                ("UserError", "A return visit follows the resolution"),
            ),
        ]
        self.assertEqual(self._run_cases("cs_agent_a", cases), 48)

    def test_service_manager_cases(self):
        RU, SLA = "customer.followup.rule", "customer.complaint.sla"
        rule = [self.rule.id]

        def rule_vals(**vals):
            return [{"name": "Bad rule", "tier_id": self.tier_named.id, **vals}]

        def sla_vals(**vals):
            return [
                {
                    "name": "Bad limit",
                    "reply_hours": 4.0,
                    "resolution_hours": 8.0,
                    **vals,
                }
            ]

        cases = [
            (
                "rule cadence 0",
                RU,
                "create",
                rule_vals(interval_number=0),
                (
                    "ValidationError",
                    "The cadence of rule Bad rule must be a positive number of da",
                ),
            ),
            (
                "rule cadence negative",
                RU,
                "create",
                rule_vals(interval_number=-3),
                (
                    "ValidationError",
                    "The cadence of rule Bad rule must be a positive number of da",
                ),
            ),
            (
                "rule cadence in words",
                RU,
                "create",
                rule_vals(interval_number="two"),
                ("ValidationError", "“two” is not a valid value for Every."),
            ),
            (
                "rule cadence fraction",
                RU,
                "create",
                rule_vals(interval_number=1.5),
                ("ValidationError", "“1.5” is not a valid value for Every."),
            ),
            (
                "rule unknown unit",
                RU,
                "create",
                rule_vals(interval_unit="years"),
                (
                    "ValidationError",
                    "“years” is not a valid Unit: choose Days, Weeks, Months.",
                ),
            ),
            (
                "rule tier missing",
                RU,
                "create",
                rule_vals(tier_id=False),
                ("ValidationError", "Rule Bad rule needs a customer tier."),
            ),
            (
                "rule given user missing",
                RU,
                "create",
                rule_vals(owner_policy="user"),
                (
                    "ValidationError",
                    "Rule Bad rule needs the user who makes its visits.",
                ),
            ),
            (
                "rule unknown owner policy",
                RU,
                "create",
                rule_vals(owner_policy="anyone"),
                (
                    "ValidationError",
                    "“anyone” is not a valid Visit Owner: choose Account owner, A",
                ),
            ),
            (
                "rule write cadence 0",
                RU,
                "write",
                [rule, {"interval_number": 0}],
                (
                    "ValidationError",
                    "The cadence of rule Major accounts: weekly return visit must",
                ),
            ),
            (
                "limit reply 0 hours",
                SLA,
                "create",
                sla_vals(reply_hours=0),
                ("ValidationError", "The time limits of Bad limit must be positive."),
            ),
            (
                "limit resolve before reply",
                SLA,
                "create",
                sla_vals(resolution_hours=2.0),
                (
                    "ValidationError",
                    "Bad limit asks to resolve before the first reply is due: the",
                ),
            ),
            (
                "limit warn at 100%",
                SLA,
                "create",
                sla_vals(warning_percent=100),
                (
                    "ValidationError",
                    "The warning of Bad limit must come between 0 and 100% of the",
                ),
            ),
            (
                "limit warn at -1%",
                SLA,
                "create",
                sla_vals(warning_percent=-1),
                (
                    "ValidationError",
                    "The warning of Bad limit must come between 0 and 100% of the",
                ),
            ),
            (
                "limit unknown severity",
                SLA,
                "create",
                sla_vals(severity="catastrophic"),
                (
                    "ValidationError",
                    "“catastrophic” is not a valid Severity: choose Normal, Major",
                ),
            ),
            (
                "limit hours in words",
                SLA,
                "write",
                [[self.sla.id], {"reply_hours": "four"}],
                ("ValidationError", "“four” is not a valid value for Reply Within"),
            ),
            (
                "holiday negative lead time",
                "customer.care.holiday",
                "write",
                [[self.holiday.id], {"lead_days": -1}],
                (
                    "ValidationError",
                    "The lead time of holiday Spring Festival cannot be negative.",
                ),
            ),
            (
                "holiday 30 February",
                "customer.care.holiday",
                "create",
                [{"name": "X", "date": "2026-02-30"}],
                ("ValidationError", "“2026-02-30” is not a valid value for Date."),
            ),
            (
                "stage unknown status",
                "customer.complaint.stage",
                "create",
                [{"name": "Limbo", "state": "limbo"}],
                (
                    "ValidationError",
                    "“limbo” is not a valid Status: choose New, Acknowledged, In",
                ),
            ),
            (
                "category name too long",
                "customer.complaint.category",
                "create",
                [{"name": LONG_LINE}],
                ("ValidationError", "Name is too long: 2000 characters, at most 1000."),
            ),
            (
                "waive without a reason",
                "customer.complaint.waive",
                "action_apply",
                [[self.waive.id]],
                ("UserError", "Give a reason for waiving the return visit."),
            ),
            (
                "reassign without a reason",
                "customer.complaint.reassign",
                "create",
                [
                    {
                        "complaint_id": self.complaint.id,
                        "new_owner_id": self.agent.id,
                        "reason": 12,
                    }
                ],
                ("ValidationError", "“12” is not a valid value for Reason."),
            ),
        ]
        self.assertEqual(self._run_cases("cs_manager", cases), 21)

    def test_sales_manager_cases(self):
        TI = "customer.tier"
        major = [self.tier_major.id]

        def tier_vals(**vals):
            return [{"name": "Bad tier", "sequence": 99, **vals}]

        cases = [
            (
                "tier target share 120%",
                TI,
                "create",
                tier_vals(target_share=120),
                (
                    "ValidationError",
                    "The target of tier Bad tier must be a share between 0 and 10",
                ),
            ),
            (
                "tier target share -5%",
                TI,
                "create",
                tier_vals(target_share=-5),
                (
                    "ValidationError",
                    "The target of tier Bad tier must be a share between 0 and 10",
                ),
            ),
            (
                "tier negative current threshold",
                TI,
                "create",
                tier_vals(min_current_value=-1),
                (
                    "ValidationError",
                    "The thresholds of tier Bad tier cannot be negative.",
                ),
            ),
            (
                "tier negative potential threshold",
                TI,
                "create",
                tier_vals(min_potential_value=-1),
                (
                    "ValidationError",
                    "The thresholds of tier Bad tier cannot be negative.",
                ),
            ),
            (
                "tier negative capacity",
                TI,
                "create",
                tier_vals(capacity=-2),
                (
                    "ValidationError",
                    "The capacity of tier Bad tier cannot be negative.",
                ),
            ),
            (
                "tier unknown logic",
                TI,
                "create",
                tier_vals(threshold_logic="maybe"),
                (
                    "ValidationError",
                    "“maybe” is not a valid Threshold Logic: choose Potential thresh",
                ),
            ),
            (
                "tier unknown coverage",
                TI,
                "create",
                tier_vals(coverage_model="none"),
                (
                    "ValidationError",
                    "“none” is not a valid Coverage Model: choose 1:1 (a salesper",
                ),
            ),
            (
                "tier target in words",
                TI,
                "create",
                tier_vals(target_amount="lots"),
                ("ValidationError", "“lots” is not a valid value for Target Amount."),
            ),
            (
                "tier pyramid inverted",
                TI,
                "write",
                [major, {"min_current_value": 1.0, "min_potential_value": 1.0}],
                (
                    "ValidationError",
                    "Tier Major Account ranks above tier Named Account but asks f",
                ),
            ),
            (
                "criterion weight 0",
                "crm.qualification.criterion",
                "create",
                [{"name": "Q", "step": "real", "weight": 0}],
                ("ValidationError", "The weight of criterion “Q” must be positive."),
            ),
            (
                "criterion weight negative",
                "crm.qualification.criterion",
                "write",
                [[self.criterion.id], {"weight": -1}],
                (
                    "ValidationError",
                    "The weight of criterion “Budget approved?” must be positive.",
                ),
            ),
            (
                "criterion unknown step",
                "crm.qualification.criterion",
                "create",
                [{"name": "Q", "step": "maybe"}],
                (
                    "ValidationError",
                    "“maybe” is not a qualification step. The steps are: real, co",
                ),
            ),
            (
                "purchasing role twice",
                "customer.purchasing.role",
                "create",
                [{"name": "Approver"}],
                ("ValidationError", "A purchasing role named Approver already exists."),
            ),
        ]
        self.assertEqual(self._run_cases("cp_manager", cases), 13)

    def test_salesperson_cases(self):
        PA, AI = "res.partner", "customer.action.item"
        customer = [self.customer.id]

        def item_vals(**vals):
            return [
                {
                    "name": "Reference visit",
                    "category": "prove_value",
                    "partner_id": self.customer.id,
                    "date_deadline": "2026-12-10",
                    **vals,
                }
            ]

        cases = [
            (
                "customer negative potential",
                PA,
                "write",
                [customer, {"potential_value": -100}],
                (
                    "ValidationError",
                    "The potential value of Huadong Machinery cannot be negative.",
                ),
            ),
            (
                "customer potential in words",
                PA,
                "write",
                [customer, {"potential_value": "a lot"}],
                (
                    "ValidationError",
                    "“a lot” is not a valid value for Potential Value.",
                ),
            ),
            (
                "contact unknown attitude",
                PA,
                "write",
                [[self.customer_contact.id], {"attitude": "hostile"}],
                (
                    "ValidationError",
                    "“hostile” is not a valid Attitude: choose Supportive, Neutra",
                ),
            ),
            (
                "contact unknown level",
                PA,
                "write",
                [[self.customer_contact.id], {"administrative_level": "god"}],
                (
                    "ValidationError",
                    "“god” is not a valid Administrative Level: choose Top Manage",
                ),
            ),
            (
                "contact birthday 30 February",
                PA,
                "write",
                [[self.customer_contact.id], {"birthday": "1990-02-30"}],
                ("ValidationError", "“1990-02-30” is not a valid value for Birthday."),
            ),
            (
                "customer tier by hand",
                PA,
                "write",
                [customer, {"customer_tier_id": self.tier_major.id}],
                (
                    "AccessError",
                    "Customer values and tiers are computed; a manager changes a",
                ),
            ),
            (
                "answer unknown",
                "crm.lead.qualification",
                "create",
                [
                    {
                        "lead_id": self.lead.id,
                        "criterion_id": self.criterion.id,
                        "answer": "perhaps",
                    }
                ],
                (
                    "ValidationError",
                    "“perhaps” is not a valid Answer: choose Yes, No, Unknown.",
                ),
            ),
            (
                "direct competitor not a competitor",
                "crm.lead.competitor",
                "create",
                [
                    {
                        "lead_id": self.lead.id,
                        "competitor_id": self.not_competitor.id,
                        "kind": "direct",
                    }
                ],
                (
                    "ValidationError",
                    "Friendly Supplier is not marked as a competitor: mark it as",
                ),
            ),
            (
                "competitor unknown strategy",
                "crm.lead.competitor",
                "create",
                [
                    {
                        "lead_id": self.lead.id,
                        "competitor_id": self.not_competitor.id,
                        "kind": "indirect",
                        "strategy": "nuclear",
                    }
                ],
                (
                    "ValidationError",
                    "“nuclear” is not a valid Strategy: choose Frontal, Flanking,",
                ),
            ),
            (
                "buying contact unknown attitude",
                "crm.lead.contact",
                "create",
                [
                    {
                        "lead_id": self.lead.id,
                        "partner_id": self.customer_contact.id,
                        "attitude": "hostile",
                    }
                ],
                (
                    "ValidationError",
                    "“hostile” is not a valid Attitude in this Deal: choose Suppo",
                ),
            ),
            (
                "action unknown aspect",
                AI,
                "create",
                item_vals(category="bogus"),
                (
                    "ValidationError",
                    "“bogus” is not a valid Category: choose Prove and show our v",
                ),
            ),
            (
                "action without customer or deal",
                AI,
                "create",
                item_vals(partner_id=False),
                (
                    "ValidationError",
                    "Action “Reference visit” needs a customer or an opportunity.",
                ),
            ),
            (
                "action deadline in local format",
                AI,
                "create",
                item_vals(date_deadline="31/12/2026"),
                ("ValidationError", "“31/12/2026” is not a valid value for Deadline."),
            ),
            (
                "salesperson creates a tier",
                "customer.tier",
                "create",
                [{"name": "Mine"}],
                (
                    "AccessError",
                    "You are not allowed to create 'Customer Tier' (customer.tier)",
                ),
            ),
        ]
        self.assertEqual(self._run_cases("cp_salesman", cases), 14)

    def test_settings_cases(self):
        CO = "res.company"
        company = [self.company.id]
        cases = [
            (
                "high current value 0",
                CO,
                "write",
                [company, {"planning_high_current_value": 0}],
                ("ValidationError", "The value matrix thresholds of"),
            ),
            (
                "high potential value negative",
                CO,
                "write",
                [company, {"planning_high_potential_value": -5}],
                ("ValidationError", "The value matrix thresholds of"),
            ),
            (
                "retention threshold 150%",
                CO,
                "write",
                [company, {"followup_retention_drop": 150}],
                ("ValidationError", "The retention threshold of"),
            ),
            (
                "missed after -1 days",
                CO,
                "write",
                [company, {"followup_missed_days": -1}],
                ("ValidationError", "The return visit delays of"),
            ),
            (
                "pass mark 0%",
                CO,
                "write",
                [company, {"qualification_pass_mark": 0}],
                ("ValidationError", "The qualification pass mark of"),
            ),
            (
                "pass mark 101%",
                CO,
                "write",
                [company, {"qualification_pass_mark": 101}],
                ("ValidationError", "The qualification pass mark of"),
            ),
            (
                "full check from a negative size",
                CO,
                "write",
                [company, {"qualification_full_deal_size": -1}],
                ("ValidationError", "The deal size for a full qualification of"),
            ),
            (
                "lighter check without a step",
                CO,
                "write",
                [
                    company,
                    {
                        f"qualification_light_{s}": False
                        for s in ("real", "compete", "win", "worth")
                    },
                ],
                ("ValidationError", "The lighter check of"),
            ),
            (
                "unknown birthday mode",
                CO,
                "write",
                [company, {"followup_birthday_mode": "telegram"}],
                (
                    "ValidationError",
                    "“telegram” is not a valid Birthday Greetings: choose A visit",
                ),
            ),
        ]
        self.assertEqual(self._run_cases("bi_admin", cases), 9)

    # ------------------------------------------------------------
    # HTML and script: kept out where shown
    # ------------------------------------------------------------

    def test_html_is_sanitised(self):
        script = '<p>Fine</p><script>alert("x")</script><img src=x onerror="alert(1)">'
        self.authenticate("cs_agent_a", "cs_agent_a")
        _result, error = self._call(
            "customer.complaint",
            "write",
            [[self.complaint.id], {"description": script}],
        )
        self.assertIsNone(error)
        self.authenticate("cp_manager", "cp_manager")
        _result, error = self._call(
            "customer.tier", "write", [[self.tier_named.id], {"description": script}]
        )
        self.assertIsNone(error)
        self.env.invalidate_all()
        for html in (self.complaint.description, self.tier_named.description):
            self.assertIn("Fine", html)
            self.assertNotIn("<script", html)
            self.assertNotIn("onerror", html)
        # The portal shows the customer's own words escaped, never as markup.
        self.authenticate("bi_portal", "bi_portal")
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("<script>alert", page.text)

    # ------------------------------------------------------------
    # Mail to the complaint alias: odd encodings, many attachments
    # ------------------------------------------------------------

    def _alias(self):
        if not self.category_delivery.alias_name:
            domain = self.env["mail.alias.domain"].create({"name": "bad.example.com"})
            self.company.alias_domain_id = domain
            self.category_delivery.write(
                {"alias_name": "delivery", "alias_domain_id": domain.id}
            )
        return "delivery@bad.example.com"

    def _process(self, message):
        thread_id = self.env["mail.thread"].message_process(None, message.as_string())
        return self.env["customer.complaint"].browse(thread_id)

    def _message(self, subject, body, charset="utf-8", msg_id="<m1@bad.example.com>"):
        message = MIMEMultipart()
        message["From"] = '"Buyer Zhou" <zhou@huadong.example.com>'
        message["To"] = self._alias()
        message["Subject"] = subject
        message["Message-ID"] = msg_id
        message.attach(MIMEText(body, "plain", charset))
        return message

    def test_mail_in_chinese_encodings(self):
        for charset, msg_id in (
            ("gb2312", "<gb2312@bad.example.com>"),
            ("gbk", "<gbk@bad.example.com>"),
            ("gb18030", "<gb18030@bad.example.com>"),
            ("utf-8", "<b64@bad.example.com>"),
        ):
            with self.subTest(charset=charset), self.env.cr.savepoint() as sp:
                subject = Header("主轴过热 " + charset, charset).encode()
                complaint = self._process(
                    self._message(subject, "主轴运行两小时后过热。", charset, msg_id)
                )
                self.assertEqual(complaint.subject, "主轴过热 " + charset)
                self.assertIn("主轴运行两小时后过热", complaint.description)
                self.assertEqual(
                    complaint.partner_id,
                    self.customer,
                    (complaint.partner_id.name, complaint.partner_id.email),
                )
                self.assertEqual(complaint.channel, "email")
                sp.rollback()

    def test_mail_with_odd_headers(self):
        # A base64 subject in a charset nobody knows, and a 3000-character one.
        odd = "=?x-unknown?B?{}?=".format(base64.b64encode(b"Broken spindle").decode())
        complaint = self._process(
            self._message(odd, "Spindle broke.", msg_id="<odd@bad.example.com>")
        )
        self.assertTrue(complaint.exists())
        self.assertTrue(complaint.subject.strip())
        long_subject = "Spindle " * 375
        again = self._process(
            self._message(
                long_subject, "Still broken.", msg_id="<long@bad.example.com>"
            )
        )
        # Same customer, same category, still open: added to the first one.
        self.assertEqual(again, complaint)
        self.assertEqual(complaint.repeat_count, 1)
        fresh = (
            self.env["customer.complaint"]
            .with_context(complaint_force_new=True)
            .message_new(
                {"subject": long_subject, "email_from": "zhou@huadong.example.com"},
                {"category_id": self.category_quality.id},
            )
        )
        self.assertLessEqual(len(fresh.subject), 1000)

    def test_mail_with_many_attachments(self):
        message = self._message(
            "Photos of the damage", "See the photos.", msg_id="<att@bad.example.com>"
        )
        for index in range(40):
            part = MIMEApplication(f"photo {index}".encode(), Name=f"photo{index}.jpg")
            part["Content-Disposition"] = f'attachment; filename="photo{index}.jpg"'
            message.attach(part)
        Complaint = self.env["customer.complaint"]
        count = Complaint.search_count([])
        complaint = self._process(message)
        self.assertEqual(Complaint.search_count([]), count + 1)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "customer.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(len(attachments), 40)
        self.assertEqual(
            sorted(attachments.mapped("name"))[:2], ["photo0.jpg", "photo1.jpg"]
        )
