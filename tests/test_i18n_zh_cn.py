# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.crm_customer_planning.models.planning_rules import (
    check_step,
)

from .common import OpportunityScreeningCase


@tagged("post_install", "-at_install")
class TestZhCnTranslation(OpportunityScreeningCase):
    """Chinese users get the product in the terms of DOMAIN.md: the shipped
    zh_CN.po is loaded as Odoo loads it when the language is installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["crm_customer_planning"], ["zh_CN"], overwrite=True
        )
        cls.zh = cls.env(context=dict(cls.env.context, lang="zh_CN"))

    def _selection(self, model, fname):
        return dict(self.zh[model]._fields[fname]._description_selection(self.zh))

    def _label(self, model, fname):
        return self.zh[model].fields_get([fname])[fname]["string"]

    def test_tiers(self):
        """The pyramid: 重要客户, 次重要客户, 一般重要客户, 不重要客户."""
        names = {
            xmlid: self.zh.ref(f"crm_customer_planning.{xmlid}").name
            for xmlid in (
                "tier_major",
                "tier_named",
                "tier_non_named",
                "tier_mass_market",
            )
        }
        self.assertEqual(names["tier_major"], "重要客户")
        self.assertEqual(names["tier_named"], "次重要客户（命名客户）")
        self.assertEqual(names["tier_non_named"], "一般重要客户（非命名客户）")
        self.assertEqual(names["tier_mass_market"], "不重要客户")
        # English stays English for an English user.
        self.assertEqual(
            self.tier_major.with_context(lang="en_US").name, "Major Account"
        )
        self.assertEqual(self._label("res.partner", "current_value"), "当前价值")
        self.assertEqual(self._label("res.partner", "potential_value"), "潜在价值")
        self.assertEqual(
            self.zh.ref("crm_customer_planning.crm_customer_planning_menu_root").name,
            "客户规划与服务",
        )

    def test_qualification_steps(self):
        """The four steps, as field labels and as the values of the step reached."""
        self.assertEqual(
            self._selection("crm.lead", "qualification_step"),
            {
                "real": "是不是机会？",
                "compete": "是不是能竞争？",
                "win": "是不是能赢？",
                "worth": "是不是值得赢？",
            },
        )
        self.assertEqual(
            self._label("crm.lead", "qualification_worth_verdict"), "是不是值得赢？"
        )
        self.assertEqual(
            self._selection("crm.lead", "qualification_recommendation"),
            {"pursue": "跟进", "review": "复核", "drop": "放弃"},
        )
        self.assertEqual(
            self._selection("customer.action.item", "category")["isolate_competition"],
            "隔离竞争",
        )
        self.assertEqual(
            self._selection("crm.lead.competitor", "strategy")["flanking"], "侧翼战"
        )
        self.assertEqual(
            self._selection("res.partner", "attitude"),
            {"supportive": "支持", "neutral": "中立", "opposed": "反对"},
        )
        criterion = self.zh.ref("crm_customer_planning.criterion_real_need")
        self.assertEqual(criterion.name, "是否有明确的需求，而不只是模糊的想法？")

    def test_complaint_stages_and_types(self):
        stages = {
            state: stage.with_env(self.zh).name
            for state, stage in self.env["customer.complaint.stage"]
            .search([("is_waiting", "=", False)])
            .grouped("state")
            .items()
        }
        self.assertEqual(stages["new"], "新建")
        self.assertEqual(stages["acknowledged"], "已受理")
        self.assertEqual(stages["resolved"], "已解决")
        self.assertEqual(stages["visited"], "已回访")
        self.assertEqual(
            self.zh.ref("crm_customer_planning.complaint_stage_waiting").name,
            "等待客户反馈",
        )
        self.assertEqual(
            self._selection("customer.complaint", "complaint_type"),
            {
                "consultation": "咨询",
                "suggestion": "建议",
                "opinion": "意见",
                "complaint": "投诉",
            },
        )
        self.assertEqual(
            self._label("customer.complaint", "first_responsible_id"), "首问责任人"
        )
        template = self.zh.ref("crm_customer_planning.mail_template_birthday_greeting")
        self.assertEqual(template.subject, "{{ object.name }}，生日快乐！")
        self.assertIn("祝您生日快乐", template.body_html)

    def test_error_messages(self):
        """Errors reach a Chinese user in Chinese, placeholders filled in."""
        Criterion = self.zh["crm.qualification.criterion"]
        with self.assertRaises(ValidationError) as caught:
            Criterion.create({"name": "预算", "step": "real", "weight": -1.0})
        self.assertEqual(str(caught.exception), "评估标准“预算”的权重必须为正数。")
        with self.assertRaises(ValidationError) as caught:
            check_step(self.zh, "bogus")
        self.assertIn("“bogus”不是评估步骤", str(caught.exception))

        # The stage gate: the step's label in the message is Chinese too.
        self.stage_qualified.required_qualification_step = "real"
        lead = self._create_opportunity("数控机床改造")
        with self.assertRaises(UserError) as caught:
            lead.with_user(self.salesman).with_context(lang="zh_CN").write(
                {"stage_id": self.stage_qualified.id}
            )
        message = str(caught.exception)
        self.assertIn("“数控机床改造”", message)
        self.assertIn("评估步骤“是不是机会？”尚未通过", message)
        self.assertIn("请先进行评估", message)
        self.assertEqual(lead.stage_id, self.stage_new)

    def test_customer_requests(self):
        """The register is 客户诉求; a customer who came in person came 来访;
        the form names the three rules: 首问责任制, 一抓到底制, 一单制."""
        action = self.zh.ref("crm_customer_planning.customer_complaint_action")
        menu = self.zh.ref("crm_customer_planning.customer_complaint_menu")
        self.assertEqual(action.name, "客户诉求")
        self.assertEqual(menu.name, "客户诉求")
        self.assertEqual(
            self._selection("customer.complaint", "channel")["visit"], "来访"
        )
        arch = self.zh["customer.complaint"].get_view(view_type="form")["arch"]
        for term in ("首问责任制", "一抓到底制", "一单制"):
            self.assertIn(term, arch)
        partner_arch = self.zh["res.partner"].get_view(view_type="form")["arch"]
        self.assertIn("记录客户诉求", partner_arch)
        request = self.zh["res.partner"].browse(self.env.user.partner_id.id)
        self.assertEqual(
            request.action_record_customer_request()["name"], "记录客户诉求"
        )
