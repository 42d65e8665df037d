# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What can be checked of the addon's lifecycle inside one database; the whole
of it (upgrade, uninstall, install again, with Sales, with Chinese) is
bench/lifecycle.sh."""

from psycopg2 import IntegrityError

from odoo.modules.module import get_manifest
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.crm_customer_planning import uninstall_hook

from .common import CustomerPlanningCase


@tagged("post_install", "-at_install")
class TestLifecycle(CustomerPlanningCase):
    def test_uninstall_hook_lets_the_tiers_and_roles_go(self):
        """Uninstalling deletes the shipped tiers and roles before dropping the
        columns that point at them: the hook unties the customers first."""
        customer = self._customer_with_values("Tiered Customer", 500000.0, 2000000.0)
        self.assertTrue(customer.customer_tier_id)
        role = self.env["customer.purchasing.role"].create({"name": "Signs off"})
        contact = self.env["res.partner"].create(
            {
                "name": "Boss Qian",
                "parent_id": customer.id,
                "purchasing_role_id": role.id,
            }
        )
        tiers = self.env["customer.tier"].with_context(active_test=False).search([])
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            tiers.unlink()
            self.env.flush_all()

        uninstall_hook(self.env)
        self.env.invalidate_all()
        self.assertFalse(customer.customer_tier_id)
        self.assertFalse(contact.purchasing_role_id)
        self.env["customer.tier.history"].search([]).unlink()
        tiers.unlink()
        role.unlink()
        self.env.flush_all()
        self.assertFalse(tiers.exists())

    def test_manifest_declares_the_hook(self):
        manifest = get_manifest("crm_customer_planning")
        self.assertEqual(manifest["uninstall_hook"], "uninstall_hook")
