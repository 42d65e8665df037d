# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo data tells the method's story for a Chinese team (issue 19): a
Chinese company in CNY and Beijing time, every demo user landing where they
work, Chinese once zh_CN is loaded, customers in every tier and value type,
complaints in every status, and none of the contradictions a new user found."""

import re

from odoo.tests import tagged

from .common import DemoDataCase

M = "crm_customer_planning"


@tagged("post_install", "-at_install")
class TestDemoStory(DemoDataCase):
    def test_a_chinese_company(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "上海智驱传动科技有限公司")
        self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(company.city, "上海")
        self.assertEqual(company.country_id, self.env.ref("base.cn"))
        self.assertEqual(company.resource_calendar_id.tz, "Asia/Shanghai")
        self.assertEqual(company._get_company_tz(), "Asia/Shanghai")
        for xmlid in (
            f"{M}.user_sales_manager",
            f"{M}.user_sales_li",
            f"{M}.user_service_agent_sun",
        ):
            user = self.env.ref(xmlid)
            self.assertEqual(user.tz, "Asia/Shanghai")
            self.assertEqual(user.company_id.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(self.env.ref(f"{M}.user_sales_li").name, "李伟")
        self.assertEqual(self.env.ref(f"{M}.user_service_agent_sun").name, "孙丽")

    def test_each_demo_user_lands_where_they_work(self):
        ref = self.env.ref
        dashboard = ref(f"{M}.spreadsheet_dashboard_action_customer_planning")
        my_accounts = ref(f"{M}.res_partner_action_my_accounts")
        complaints = ref(f"{M}.customer_complaint_action")
        expected = {
            f"{M}.user_sales_manager": dashboard,
            "base.user_admin": dashboard,
            f"{M}.user_sales_li": my_accounts,
            f"{M}.user_sales_wang": my_accounts,
            f"{M}.user_sales_chen": my_accounts,
            f"{M}.user_sales_zhao": my_accounts,
            "base.user_demo": my_accounts,
            f"{M}.user_service_agent_sun": complaints,
        }
        for xmlid, action in expected.items():
            with self.subTest(user=xmlid):
                self.assertEqual(ref(xmlid).action_id.id, action.id)
        # A salesperson's landing shows their own accounts, not all of them.
        self.assertIn("'search_default_my_accounts': 1", my_accounts.context)
        self.assertIn("'search_default_open': 1", complaints.context)
        # The managers may open the dashboard they land on.
        board = ref(f"{M}.spreadsheet_dashboard_customer_planning")
        for xmlid in (f"{M}.user_sales_manager", "base.user_admin"):
            data = board.with_user(ref(xmlid)).get_readonly_dashboard()
            self.assertIn("pivots", data["snapshot"])

    def test_chinese_once_zh_cn_is_loaded(self):
        Lang = self.env["res.lang"]
        li = self.env.ref(f"{M}.user_sales_li")
        customer = self.env.ref(f"{M}.partner_huadong")
        if not Lang._get_code("zh_CN"):
            # Without Chinese, the step changes nothing.
            self.assertFalse(Lang._customer_planning_demo_language())
            self.assertEqual(li.lang, "en_US")
            Lang._activate_lang("zh_CN")
        partners = Lang._customer_planning_demo_language()
        self.assertIn(customer, partners)
        self.assertIn(self.env.ref(f"{M}.partner_huadong_c1"), partners)
        self.assertIn(li.partner_id, partners)
        for record in (
            li,
            self.env.ref(f"{M}.user_service_agent_sun"),
            self.env.ref("base.user_admin"),
            customer,
            self.env.ref("base.main_company").partner_id,
        ):
            with self.subTest(record=record.display_name):
                self.assertEqual(record.lang, "zh_CN")
        # Only the demo's own people and customers: a partner of another addon
        # keeps its language.
        self.assertNotIn(self.env.ref("base.partner_root"), partners)

    def test_chinese_addresses(self):
        """Every demo company, customer and competitor has a Chinese address:
        street and city in Chinese characters, a province of China, a postcode
        of six digits; their contacts share it."""
        china = self.env.ref("base.cn")
        cjk = re.compile(r"[\u4e00-\u9fff]")
        company = self.env.ref("base.main_company")
        companies = self._demo_records("res.partner").filtered(
            lambda p: p.is_company and not p.parent_id
        )
        # All 30 customers of the pyramid, the screening, complaint and visit
        # customers, and the two competitors.
        self.assertEqual(len(companies), 38)
        for partner in companies | company.partner_id:
            with self.subTest(partner=partner.name):
                self.assertRegex(partner.street or "", cjk)
                self.assertNotRegex(partner.street, r"\b(No|Road|District)\b")
                self.assertRegex(partner.city or "", cjk)
                self.assertRegex(partner.zip or "", r"^\d{6}$")
                self.assertEqual(partner.country_id, china)
                self.assertEqual(partner.state_id.country_id, china)
        huadong = self.env.ref(f"{M}.partner_huadong")
        self.assertEqual(huadong.street, "浦东新区金桥路 1288 号")
        self.assertEqual(huadong.state_id, self.env.ref("base.state_cn_SH"))
        contact = self.env.ref(f"{M}.partner_huadong_c1")
        self.assertEqual(
            (contact.street, contact.city, contact.zip),
            ("浦东新区金桥路 1288 号", "上海", "201206"),
        )

    def test_customers_in_every_tier_and_value_type(self):
        customers = self.env["res.partner"].search(
            [("parent_id", "=", False), ("customer_tier_id", "!=", False)]
        )
        self.assertEqual(
            customers.customer_tier_id,
            self.tier_major | self.tier_named | self.tier_non_named | self.tier_mass,
        )
        self.assertEqual(
            set(customers.mapped("value_quadrant")),
            {"low_low", "high_low", "low_high", "high_high"},
        )

    def _demo_records(self, model):
        ids = (
            self.env["ir.model.data"]
            .search([("module", "=", M), ("model", "=", model)])
            .mapped("res_id")
        )
        return self.env[model].browse(ids)

    def test_screened_deals_stand_at_each_gate(self):
        deals = self._demo_records("crm.lead").filtered(
            lambda lead: lead.active
            and lead.type == "opportunity"
            and not lead.stage_id.is_won
        )
        gated = deals.filtered("stage_id.required_qualification_step")
        self.assertTrue(gated)
        for deal in gated:
            with self.subTest(deal=deal.name):
                self.assertTrue(
                    deal._qualification_step_reached(
                        deal.stage_id.required_qualification_step
                    )
                )
        self.assertEqual(
            set(deals.mapped("qualification_step")) - {False},
            {"real", "compete", "win", "worth"},
        )

    def test_flagship_accounts_buying_organisation_and_competitors(self):
        roles = self.env["customer.purchasing.role"].search([])
        self.assertEqual(len(roles), 5)
        for key, lead_key in (
            ("huadong", "lead_huadong_5"),
            ("pengcheng", "lead_pengcheng_7"),
        ):
            with self.subTest(customer=key):
                customer = self.env.ref(f"{M}.partner_{key}")
                lead = self.env.ref(f"{M}.{lead_key}")
                self.assertEqual(customer.customer_tier_id, self.tier_major)
                self.assertEqual(lead.partner_id.commercial_partner_id, customer)
                self.assertEqual(lead.stage_id, self.env.ref("crm.stage_lead3"))
                # Every role of the buying group, held by the customer's own people.
                self.assertEqual(lead.buying_contact_ids.role_id, roles)
                self.assertEqual(
                    lead.buying_contact_ids.partner_id.commercial_partner_id, customer
                )
                self.assertEqual(
                    set(lead.buying_contact_ids.mapped("attitude")),
                    {"supportive", "neutral", "opposed"},
                )
                self.assertFalse(
                    lead.buying_contact_ids.filtered(
                        lambda c: not c.counterpart_user_id
                    )
                )
                competitors = lead.competitor_line_ids.competitor_id
                self.assertEqual(len(competitors), 2)
                self.assertEqual(set(competitors.mapped("is_competitor")), {True})
                self.assertFalse(competitors & customer.child_ids)
                self.assertGreater(
                    self.env["customer.followup"].search_count(
                        [("partner_id", "=", customer.id)]
                    ),
                    0,
                )

    def test_inverted_pyramid(self):
        """DOMAIN §7: few Major and Named accounts, most of the resources (return
        visits done, activities) on them: per customer, each tier gets more than
        the one below it."""
        tiers = self.tier_major | self.tier_named | self.tier_non_named | self.tier_mass
        customers = self.env["res.partner"].search(
            [("parent_id", "=", False), ("customer_tier_id", "in", tiers.ids)]
        )
        count = dict.fromkeys(tiers, 0)
        resources = dict.fromkeys(tiers, 0)
        for customer in customers:
            count[customer.customer_tier_id] += 1
        visits = self.env["customer.followup"].search([("state", "=", "done")])
        for visit in visits:
            tier = visit.partner_id.commercial_partner_id.customer_tier_id
            if tier in resources:
                resources[tier] += 1
        for activity in self.env["mail.activity"].search(
            [("res_model", "in", ("res.partner", "crm.lead"))]
        ):
            record = self.env[activity.res_model].browse(activity.res_id)
            partner = record if record._name == "res.partner" else record.partner_id
            tier = partner.commercial_partner_id.customer_tier_id
            if tier in resources:
                resources[tier] += 1
        # The pyramid of customers...
        self.assertLess(count[self.tier_major], count[self.tier_named])
        self.assertLess(count[self.tier_named], count[self.tier_mass])
        # ... and the inverted one of the resources.
        top = resources[self.tier_major] + resources[self.tier_named]
        rest = resources[self.tier_non_named] + resources[self.tier_mass]
        self.assertGreater(top, 4 * rest)
        per_customer = [resources[tier] / count[tier] for tier in tiers]
        self.assertEqual(per_customer, sorted(per_customer, reverse=True))
        self.assertGreater(per_customer[0], per_customer[-1])

    def test_complaints_in_every_status(self):
        Complaint = self.env["customer.complaint"]
        states = {
            state
            for state, _label in Complaint._fields["state"]._description_selection(
                self.env
            )
        }
        demo = Complaint.search([("name", "!=", False)])
        self.assertEqual(set(demo.mapped("state")), states)
        resolved = self.env.ref(f"{M}.complaint_noise_resolved")
        self.assertEqual(resolved.state, "resolved")
        # Resolved as a user does it: its return visit is planned.
        self.assertEqual(resolved.followup_ids.mapped("state"), ["planned"])
        self.assertEqual(
            self.env.ref(f"{M}.complaint_duplicate_cancelled").state, "cancelled"
        )

    def test_nobody_plays_two_parts(self):
        Partner = self.env["res.partner"]
        staff = self.env["res.users"].search([("share", "=", False)])
        # Our people's names in pinyin, as their e-mail spells them.
        pinyin = {
            user.email.split("@")[0].replace(".", " ").lower()
            for user in staff
            if user.email
        }
        contacts = Partner.search(
            [("parent_id", "!=", False), ("parent_id.is_company", "=", True)]
        )
        self.assertFalse(contacts & staff.partner_id)
        names = set(staff.mapped("name")) | pinyin
        self.assertFalse(
            [c.name for c in contacts if c.name.lower() in names or c.name in names],
            "a customer's contact has the name of one of our people",
        )
        # Competitors are companies of their own, never a customer's contact.
        competitors = self.env["crm.lead.competitor"].search([]).competitor_id
        self.assertTrue(competitors)
        self.assertFalse(competitors.filtered("parent_id"))
        self.assertFalse(competitors & contacts)
        self.assertEqual(set(competitors.mapped("is_competitor")), {True})
