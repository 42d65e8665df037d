"""The per-record ORM baseline the set-based recompute is measured against.

Kept in bench/ only: it is what the recompute would be written as without
thinking about scale — one search, one sum and one write per customer.
"""

from dateutil.relativedelta import relativedelta

from odoo import fields


def recompute_per_record(partners):
    """Current value, share of wallet, value type and tier of each partner,
    one customer at a time."""
    env = partners.env
    today = fields.Date.context_today(partners)
    date_from = fields.Datetime.to_datetime(today - relativedelta(years=1))
    tiers = env["customer.tier"].search([("company_id", "=", False)])
    for partner in partners:
        won = env["crm.lead"].search(
            [
                ("partner_id", "child_of", partner.id),
                ("probability", "=", 100),
                ("date_closed", ">=", date_from),
            ]
        )
        current = sum(won.mapped("expected_revenue"))
        potential = partner.potential_value
        company = partner.company_id or env.company
        tier = tiers[-1:]
        for candidate in tiers:
            hits = (
                current >= candidate.min_current_value,
                potential >= candidate.min_potential_value,
            )
            logic = candidate.threshold_logic
            if {"any": any(hits), "all": all(hits), "potential": hits[1]}[logic]:
                tier = candidate
                break
        quadrant = "{}_{}".format(
            "high" if current >= company.planning_high_current_value else "low",
            "high" if potential >= company.planning_high_potential_value else "low",
        )
        partner.with_context(planning_internal_write=True).write(
            {
                "current_value": current,
                "share_of_wallet": 100.0 * current / potential if potential else 0.0,
                "value_quadrant": quadrant,
                "customer_tier_id": tier.id,
                "planning_values_date": today,
            }
        )
        partner.flush_recordset()
