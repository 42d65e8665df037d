# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The fault report of complaints (故障报告制度, DOMAIN §9): a complaint about a
fault (its category is a fault category) is reported at once, with its time, place,
symptom and who handles it, to the salesperson who signed the customer (业务签单人员)
and to that salesperson's sales manager (分管经理), each once; when there is nobody to
tell, the complaint says so. The record is in ``customer_complaint.py``."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext
from odoo.tools.misc import format_datetime

# Written by the fault report only.
FAULT_FIELDS = {"fault_notified"}


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    is_fault = fields.Boolean(related="category_id.is_fault", string="Fault")
    fault_notified = fields.Boolean(
        "Fault Reported",
        readonly=True,
        copy=False,
        help="The customer's salesperson and their sales manager were told of "
        "this fault.",
    )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints._report_fault()
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if vals.get("category_id"):
            self._report_fault()
        return res

    @api.model
    def _check_complaint_write_allowed(self, vals_list):
        super()._check_complaint_write_allowed(vals_list)
        if self.env.su or self.env.context.get("complaint_internal_write"):
            return
        for vals in vals_list:
            forbidden = FAULT_FIELDS & vals.keys()
            if forbidden:
                raise AccessError(
                    self.env._(
                        "These complaint fields are set by the service rules, not by "
                        "hand: %(fields)s",
                        fields=", ".join(sorted(forbidden)),
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _report_fault(self):
        """Tell the salesperson and their sales manager of each fault not
        reported yet, once: the flag is set before anyone is told."""
        faults = self.sudo().filtered(
            lambda c: c.is_fault and not c.fault_notified and c.state != "cancelled"
        )
        if not faults:
            return
        faults.with_context(complaint_internal_write=True).write(
            {"fault_notified": True}
        )
        for complaint in faults:
            salesperson, manager = complaint._get_fault_recipients()
            complaint.message_post(
                body=complaint._get_fault_report(salesperson, manager),
                subtype_xmlid="mail.mt_note",
                partner_ids=(salesperson | manager).partner_id.ids,
            )

    def _get_fault_recipients(self):
        """``(salesperson, sales manager)`` of one complaint, each possibly
        empty: the user of the customer company, and the leader of their sales
        team in the complaint's company (the customer's own team when the
        salesperson is in it), when that leader is someone else."""
        self.ensure_one()
        salesperson = self.commercial_partner_id.user_id
        if not salesperson or salesperson.share or not salesperson.active:
            salesperson = self.env["res.users"]
        teams = salesperson.crm_team_member_ids.crm_team_id.filtered(
            lambda team: not team.company_id or team.company_id == self.company_id
        )
        team = (
            self.commercial_partner_id.team_id & teams
            or salesperson.sale_team_id & teams
            or teams[:1]
        )
        manager = team.user_id - salesperson
        return salesperson, manager

    def _get_fault_report(self, salesperson, manager):
        """The report (time, place, symptom, who handles it), and who was told
        or why nobody was."""
        self.ensure_one()
        customer = self.commercial_partner_id
        place = ", ".join(
            part for part in (customer.name, customer.street, customer.city) if part
        )
        symptom = self.subject
        details = html2plaintext(self.description or "").strip()
        if details:
            symptom = f"{symptom}: {details}"
        tz = self.company_id._get_company_tz()
        lines = [
            self.env._(
                "Fault reported (%(complaint)s): the customer's salesperson and "
                "their sales manager are told at once.",
                complaint=self._get_html_link(),
            ),
            self.env._(
                "Time: %(time)s",
                time=format_datetime(
                    self.env, self.date_received, tz=tz, dt_format="short"
                ),
            ),
            self.env._("Place: %(place)s", place=place),
            self.env._("Symptom: %(symptom)s", symptom=symptom),
            self.env._(
                "Handled by: %(people)s",
                people=", ".join(
                    (self.first_responsible_id | self.handler_id).mapped("name")
                ),
            ),
        ]
        if not salesperson:
            lines.append(
                self.env._(
                    "The customer has no salesperson: nobody was told of the fault. "
                    "Set the customer's salesperson and tell them."
                )
            )
        else:
            lines.append(self.env._("Told: %(names)s", names=salesperson.name))
            if manager:
                lines[-1] = self.env._(
                    "Told: %(salesperson)s (salesperson) and %(manager)s (sales "
                    "manager).",
                    salesperson=salesperson.name,
                    manager=manager.name,
                )
            else:
                lines.append(
                    self.env._(
                        "%(salesperson)s has no sales manager (leader of a sales team "
                        "of the company): only the salesperson was told.",
                        salesperson=salesperson.name,
                    )
                )
        return Markup("").join(Markup("<p>%s</p>") % line for line in lines)
