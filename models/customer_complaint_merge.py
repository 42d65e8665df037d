# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Merging complaints that turn out to be one matter (一单制): a service manager
keeps one complaint and folds the others into it, with a reason. The dialog is
``wizards/customer_complaint_merge.py``."""

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from .planning_rules import DONE_STATES


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    merged_into_id = fields.Many2one(
        "customer.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The complaint this one was merged into: the matter goes on there.",
    )

    def _check_merge(self, target, reason):
        """Refuse a merge a service manager may not make: with a clear reason."""
        self._check_service_manager()
        if not (reason or "").strip():
            raise UserError(self.env._("Give a reason for merging the complaints."))
        if not target or not self:
            raise UserError(
                self.env._("Choose the complaint to keep and those to merge into it.")
            )
        if target in self:
            raise UserError(
                self.env._(
                    "%(complaint)s cannot be merged into itself.",
                    complaint=target.display_name,
                )
            )
        done = (self | target).filtered(lambda c: c.state in DONE_STATES)
        if done:
            raise UserError(
                self.env._(
                    "Closed or cancelled complaints cannot be merged: %(complaints)s.",
                    complaints=", ".join(done.mapped("display_name")),
                )
            )
        other_company = self.filtered(lambda c: c.company_id != target.company_id)
        if other_company:
            raise UserError(
                self.env._(
                    "%(complaints)s belong to another company than %(target)s: only "
                    "complaints of the same company can be merged.",
                    complaints=", ".join(other_company.mapped("display_name")),
                    target=target.display_name,
                )
            )
        other_customer = self.filtered(
            lambda c: c.commercial_partner_id != target.commercial_partner_id
        )
        if other_customer:
            raise UserError(
                self.env._(
                    "%(complaints)s are about another customer than %(target)s: one "
                    "matter is one customer's, so only the complaints of the same "
                    "customer can be merged.",
                    complaints=", ".join(other_customer.mapped("display_name")),
                    target=target.display_name,
                )
            )

    def _merge_into(self, target, reason):
        """Fold these complaints into ``target``: their messages, attachments,
        activities, return visits, hand-overs and followers go to it; they are
        cancelled with a note linking to it. Set-based: one write a kind."""
        target.ensure_one()
        self._check_merge(target, reason)
        reason = reason.strip()
        names = self.mapped("display_name")
        sources = self.sudo()
        ids = sources.ids
        followers = sources.message_partner_ids
        env = self.sudo().env
        env["mail.message"].search(
            [("model", "=", self._name), ("res_id", "in", ids)]
        ).write({"res_id": target.id})
        env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "in", ids)]
        ).write({"res_id": target.id})
        env["mail.activity"].search(
            [("res_model", "=", self._name), ("res_id", "in", ids)]
        ).write({"res_id": target.id})
        sources.followup_ids.write({"complaint_id": target.id})
        sources.handover_ids.write({"complaint_id": target.id})
        target.sudo().message_subscribe(partner_ids=followers.ids)
        sources.with_context(complaint_internal_write=True).write(
            {"merged_into_id": target.id}
        )
        self._move_to_state("cancelled")
        link = Markup('<a href="#" data-oe-model="%s" data-oe-id="%s">%s</a>') % (
            self._name,
            target.id,
            target.display_name,
        )
        for complaint in self:
            # The template is translated; the values are escaped, the link kept.
            complaint.message_post(
                body=Markup(
                    self.env._(
                        "Merged into %(target)s by %(manager)s. Reason: %(reason)s"
                    )
                )
                % {"target": link, "manager": self.env.user.name, "reason": reason},
                subtype_xmlid="mail.mt_note",
            )
        target.message_post(
            body=self.env._(
                "%(complaints)s merged into this complaint by %(manager)s. "
                "Reason: %(reason)s",
                complaints=", ".join(names),
                manager=self.env.user.name,
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return target
