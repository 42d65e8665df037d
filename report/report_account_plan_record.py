# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The PDF of an account plan record (customer.account.plan, issue 18): the
plan's period, owner, status, progress and objectives with their target, actual
and action items, above everything the customer's account plan prints
(``report_account_plan.py``: tier, value, buying organisation, competitors...).
The record is ``models/customer_account_plan.py``."""

from collections import defaultdict

from odoo import api, models

CUSTOMER_REPORT = "report.crm_customer_planning.report_account_plan"


class ReportAccountPlanRecord(models.AbstractModel):
    _name = "report.crm_customer_planning.report_account_plan_record"
    _description = "Account Plan Record Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["customer.account.plan"].browse(docids)
        return {
            "doc_ids": docs.ids,
            "doc_model": "customer.account.plan",
            "docs": docs,
            "plans": self.env[CUSTOMER_REPORT]._get_account_plan_data(docs.partner_id),
            "records": self._get_account_plan_record_data(docs),
        }

    @api.model
    def _get_account_plan_record_data(self, account_plans):
        """What each plan of ``account_plans`` prints beyond its customer's page,
        as plain values: ``{plan_id: {...}}``; a fixed number of queries
        whatever the number of plans, objectives and action items."""
        Builder = self.env[CUSTOMER_REPORT]
        states = Builder._get_selection_labels("customer.account.plan", "state")
        periods = Builder._get_selection_labels("customer.account.plan", "period_type")
        kinds = Builder._get_selection_labels("customer.account.plan.objective", "kind")
        categories = Builder._get_selection_labels("customer.action.item", "category")
        item_states = Builder._get_selection_labels("customer.action.item", "state")
        result = {
            plan.id: {
                "name": plan.name,
                "period_type": periods.get(plan.period_type, ""),
                "date_start": plan.date_start,
                "date_end": plan.date_end,
                "owner": plan.user_id.name or "",
                "state": plan.state,
                "state_label": states.get(plan.state, ""),
                "progress": plan.progress,
                "achieved": plan.achieved,
                "date_review": plan.date_review,
                "review_due": plan.review_due,
                "objectives": [],
            }
            for plan in account_plans
        }
        objectives = account_plans.objective_ids
        items_by_objective = defaultdict(list)
        Item = self.env["customer.action.item"]
        if objectives and Item.has_access("read"):
            items = Item.search(
                [("objective_id", "in", objectives.ids)], order="date_deadline, id"
            )
            for item in items:
                items_by_objective[item.objective_id.id].append(
                    {
                        "name": item.name,
                        "category": categories.get(item.category, ""),
                        "owner": item.user_id.name or "",
                        "deadline": item.date_deadline,
                        "state": item.state,
                        "state_label": item_states.get(item.state, ""),
                    }
                )
        for objective in objectives:
            result[objective.plan_id.id]["objectives"].append(
                {
                    "name": objective.name,
                    "kind": kinds.get(objective.kind, ""),
                    "target": objective.target_display or "",
                    "actual": objective.actual_display or "",
                    "achieved": objective.achieved,
                    "done": objective.done,
                    "action_items": items_by_objective[objective.id],
                }
            )
        return result
