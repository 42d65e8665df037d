# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Languages (res.lang): the last step of the demo data makes the demo company's
people and customers Chinese speakers once Chinese (zh_CN) is loaded; the source
language of the addon stays English."""

from odoo import api, models

DEMO_LANG = "zh_CN"
# Demo users of other addons this addon's demo data gives a role to.
DEMO_USERS = ("base.user_admin", "base.user_demo")


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _customer_planning_demo_language(self):
        """Called at the end of the demo data (demo/res_lang_demo.xml): when
        zh_CN is loaded (``--load-language=zh_CN``, as ``make run`` does), the
        demo users, the company and the demo customers and contacts speak it;
        else nothing changes. Returns the partners written."""
        if not self._get_code(DEMO_LANG):
            return self.env["res.partner"]
        data = (
            self.env["ir.model.data"]
            .sudo()
            ._read_group(
                [
                    ("module", "=", "crm_customer_planning"),
                    ("model", "in", ("res.partner", "res.users")),
                ],
                ["model"],
                ["res_id:array_agg"],
            )
        )
        ids = dict(data)
        users = self.env["res.users"].sudo().browse(ids.get("res.users", []))
        for xmlid in DEMO_USERS:
            users |= self.env.ref(xmlid, raise_if_not_found=False) or users.browse()
        partners = (
            self.env["res.partner"].sudo().browse(ids.get("res.partner", []))
            | users.partner_id
            | self.env.company.partner_id
        ).exists()
        partners.write({"lang": DEMO_LANG})
        return partners
