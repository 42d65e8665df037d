# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The account plan report and its builder: everything the page of each
customer shows (``report_account_plan.xml``), gathered as plain values in a
fixed number of queries, so the template only prints. The customer record is
``models/res_partner.py``."""

from odoo import api, models
from odoo.tools import SQL

from ..models.planning_rules import DONE_STATES

# How many of the last visits done an account plan lists.
ACCOUNT_PLAN_VISITS = 5


class ReportAccountPlan(models.AbstractModel):
    """The account plan of a customer (DOMAIN §1-§9 for one customer): the
    template prints what ``_get_account_plan_data`` gathered."""

    _name = "report.crm_customer_planning.report_account_plan"
    _description = "Account Plan Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["res.partner"].browse(docids).commercial_partner_id
        return {
            "doc_ids": docs.ids,
            "doc_model": "res.partner",
            "docs": docs,
            "plans": self._get_account_plan_data(docs),
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_account_plan_data(self, partners):
        """Everything the account plan of each customer (commercial entity) of
        ``partners`` shows, as plain values: ``{partner_id: {...}}``. Lines are
        read as the user may see them, a fixed number of queries whatever the
        number of customers and lines, so the report template only prints."""
        customers = partners.commercial_partner_id.with_env(self.env)
        plans = {
            customer.id: self._get_account_plan_header(customer)
            for customer in customers
        }
        if not customers:
            return plans
        for key, lines in (
            ("contacts", self._get_account_plan_contacts(customers)),
            ("competitors", self._get_account_plan_competitors(customers)),
            ("opportunities", self._get_account_plan_opportunities(customers)),
            ("action_items", self._get_account_plan_action_items(customers)),
            ("visits", self._get_account_plan_visits(customers)),
            ("complaints", self._get_account_plan_complaints(customers)),
        ):
            for partner_id, line in lines:
                plans[partner_id][key].append(line)
        return plans

    @api.model
    def _get_selection_labels(self, model, fname):
        field = self.env[model]._fields[fname]
        return dict(field._description_selection(self.env))

    @api.model
    def _get_account_plan_header(self, customer):
        customer.ensure_one()
        tier = customer.customer_tier_id
        quadrants = self._get_selection_labels("res.partner", "value_quadrant")
        target_types = self._get_selection_labels("customer.tier", "target_type")
        return {
            "partner": customer,
            "currency": customer.planning_currency_id,
            "tier": tier.name or "",
            "tier_manual": customer.customer_tier_manual,
            "coverage": self._get_selection_labels(
                "customer.tier", "coverage_model"
            ).get(tier.coverage_model, ""),
            "value_type": quadrants.get(customer.value_quadrant, ""),
            "current_value": customer.current_value,
            "potential_value": customer.potential_value,
            "share_of_wallet": customer.share_of_wallet,
            "target_type": tier.target_type or "",
            "target_type_label": target_types.get(tier.target_type, ""),
            "target_share": tier.target_share,
            "target_amount": tier.target_amount,
            "target_progress": customer.planning_target_progress,
            "owner": customer.user_id.name or "",
            "team": customer.team_id.name or "",
            "values_date": customer.planning_values_date,
            "contacts": [],
            "competitors": [],
            "opportunities": [],
            "action_items": [],
            "visits": [],
            "complaints": [],
        }

    @api.model
    def _get_account_plan_contacts(self, customers):
        """The buying organisation: the customer's people, with their rank,
        purchasing role and attitude, and who covers each on our side (DOMAIN
        §4)."""
        levels = self._get_selection_labels("res.partner", "administrative_level")
        attitudes = self._get_selection_labels("res.partner", "attitude")
        counterparts = self._get_selection_labels("res.partner", "counterpart_level")
        contacts = self.env["res.partner"].search(
            [
                ("commercial_partner_id", "in", customers.ids),
                ("id", "not in", customers.ids),
                ("is_company", "=", False),
                ("type", "=", "contact"),
            ],
            order="name, id",
        )
        return [
            (
                contact.commercial_partner_id.id,
                {
                    "name": contact.name or "",
                    "function": contact.function or "",
                    "level": levels.get(contact.administrative_level, ""),
                    "role": contact.purchasing_role_id.name or "",
                    "attitude": contact.attitude or "",
                    "attitude_label": attitudes.get(contact.attitude, ""),
                    "covered_by": contact.counterpart_user_id.name or "",
                    "covered_at": counterparts.get(contact.counterpart_level, ""),
                },
            )
            for contact in contacts
        ]

    @api.model
    def _get_account_plan_competitors(self, customers):
        """The competitors met on the customer's opportunities, won, lost or
        open (DOMAIN §5)."""
        Competitor = self.env["crm.lead.competitor"]
        if not Competitor.has_access("read"):
            return []
        kinds = self._get_selection_labels("crm.lead.competitor", "kind")
        strategies = self._get_selection_labels("crm.lead.competitor", "strategy")
        outcomes = {
            "won": self.env._("Won"),
            "lost": self.env._("Lost"),
            "open": self.env._("Open"),
        }
        lines = Competitor.with_context(active_test=False).search(
            [("lead_id.partner_id.commercial_partner_id", "in", customers.ids)],
            order="competitor_id, id",
        )
        result = []
        for line in lines:
            lead = line.lead_id
            if lead.active and lead.probability == 100:
                outcome = "won"
            elif not lead.active and not lead.probability:
                outcome = "lost"
            else:
                outcome = "open"
            result.append(
                (
                    lead.partner_id.commercial_partner_id.id,
                    {
                        "competitor": line.competitor_id.display_name or "",
                        "kind": kinds.get(line.kind, ""),
                        "opportunity": lead.name or "",
                        "outcome": outcome,
                        "outcome_label": outcomes[outcome],
                        "strategy": strategies.get(line.strategy, ""),
                        "strengths": line.strengths or "",
                        "weaknesses": line.weaknesses or "",
                    },
                )
            )
        return result

    @api.model
    def _get_account_plan_opportunities(self, customers):
        """Open opportunities with the screening step they reached (DOMAIN §6)."""
        Lead = self.env["crm.lead"]
        if not Lead.has_access("read"):
            return []
        steps = self._get_selection_labels("crm.lead", "qualification_step")
        recommendations = self._get_selection_labels(
            "crm.lead", "qualification_recommendation"
        )
        leads = Lead.search(
            [
                ("partner_id.commercial_partner_id", "in", customers.ids),
                ("type", "=", "opportunity"),
                ("probability", "<", 100),
            ],
            order="expected_revenue desc, id",
        )
        return [
            (
                lead.partner_id.commercial_partner_id.id,
                {
                    "name": lead.name or "",
                    "stage": lead.stage_id.name or "",
                    "expected_revenue": lead.expected_revenue,
                    "currency": lead.company_currency,
                    "owner": lead.user_id.name or "",
                    "step": steps.get(lead.qualification_step)
                    or self.env._("No step passed"),
                    "next_step": steps.get(lead.qualification_next_step, ""),
                    "recommendation": recommendations.get(
                        lead.qualification_recommendation, ""
                    ),
                    "deadline": lead.date_deadline,
                },
            )
            for lead in leads
        ]

    @api.model
    def _get_account_plan_action_items(self, customers):
        """Open action items of the customer and its opportunities (DOMAIN §8)."""
        Item = self.env["customer.action.item"]
        if not Item.has_access("read"):
            return []
        categories = self._get_selection_labels("customer.action.item", "category")
        items = Item.search(
            [("partner_id", "in", customers.ids), ("state", "=", "open")],
            order="date_deadline, id",
        )
        return [
            (
                item.partner_id.id,
                {
                    "name": item.name,
                    "category": categories.get(item.category, ""),
                    "deadline": item.date_deadline,
                    "owner": item.user_id.name or "",
                    # Shown as on the item's form, even where the
                    # opportunity itself is someone else's.
                    "opportunity": item.lead_id.sudo().name or "",
                },
            )
            for item in items
        ]

    @api.model
    def _get_account_plan_visits(self, customers):
        """The last visits done for each customer (DOMAIN §9): one ranked query
        over the visits the user may see."""
        Followup = self.env["customer.followup"]
        if not Followup.has_access("read"):
            return []
        query = Followup._search(
            [("partner_id", "in", customers.ids), ("state", "=", "done")]
        )
        table = query.table
        ranked = query.select(
            SQL.identifier(table, "id"),
            SQL(
                "ROW_NUMBER() OVER (PARTITION BY %s ORDER BY %s DESC, %s DESC) AS rank",
                SQL.identifier(table, "partner_id"),
                SQL.identifier(table, "date_closed"),
                SQL.identifier(table, "id"),
            ),
        )
        self.env.cr.execute(
            SQL(
                "SELECT id FROM (%s) AS ranked WHERE rank <= %s",
                ranked,
                ACCOUNT_PLAN_VISITS,
            )
        )
        visits = Followup.browse([row[0] for row in self.env.cr.fetchall()]).sorted(
            lambda v: (v.date_closed or v.date_planned, v.id), reverse=True
        )
        kinds = self._get_selection_labels("customer.followup", "kind")
        channels = self._get_selection_labels("customer.followup", "channel")
        levels = self._get_selection_labels("customer.followup", "satisfaction")
        return [
            (
                visit.partner_id.id,
                {
                    "date": visit.date_closed or visit.date_planned,
                    "subject": visit.name or kinds.get(visit.kind, ""),
                    "kind": kinds.get(visit.kind, ""),
                    "channel": channels.get(visit.channel, ""),
                    "owner": visit.user_id.name or "",
                    "satisfaction": levels.get(visit.satisfaction, ""),
                    "result": visit.result_notes or "",
                },
            )
            for visit in visits
        ]

    @api.model
    def _get_account_plan_complaints(self, customers):
        """Complaints not closed yet (DOMAIN §9)."""
        Complaint = self.env["customer.complaint"]
        if not Complaint.has_access("read"):
            return []
        sla_states = self._get_selection_labels("customer.complaint", "sla_state")
        complaints = Complaint.search(
            [
                ("commercial_partner_id", "in", customers.ids),
                ("state", "not in", DONE_STATES),
            ],
            order="date_received desc, id desc",
        )
        return [
            (
                complaint.commercial_partner_id.id,
                {
                    "reference": complaint.name,
                    "subject": complaint.subject,
                    "category": complaint.category_id.name or "",
                    "received": complaint.date_received,
                    "stage": complaint.stage_id.name or "",
                    "sla_state": complaint.sla_state or "",
                    "sla_label": sla_states.get(complaint.sla_state, ""),
                    "owner": complaint.first_responsible_id.name or "",
                },
            )
            for complaint in complaints
        ]
