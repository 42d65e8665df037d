# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The uninstall hook: what Odoo does not undo by itself when the addon is removed. The
index it drops is created in models/crm_lead.py (``init``)."""


def uninstall_hook(env):
    """Before Odoo removes the addon's data: customers stop pointing at its
    tiers and purchasing roles, which the addon keeps from being deleted while
    in use (``ondelete="restrict"``); the columns go with the addon anyway, and
    so do the indexes on them. The index the addon made on the opportunities'
    own columns goes here."""
    env.cr.execute("DROP INDEX IF EXISTS crm_lead_planning_won_idx")
    env.cr.execute(
        """
        UPDATE res_partner
           SET customer_tier_id = NULL, purchasing_role_id = NULL
         WHERE customer_tier_id IS NOT NULL OR purchasing_role_id IS NOT NULL
        """
    )
