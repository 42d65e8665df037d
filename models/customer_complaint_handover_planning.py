# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The escalation job of hand-overs (工作联络单, DOMAIN §9), like a complaint's
target: the receiver warned as the deadline comes near, the complaint's service
manager told once it has passed; each step once (its flag), each with its own partial
index (``init``). The hand-over itself is in ``customer_complaint_handover.py``; the
service managers are the complaint escalation's own
(``customer_complaint_escalation.py``)."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.tools import SQL

from .planning_rules import DIGEST_LINES

DEFAULT_HANDOVER_BATCH_SIZE = 1000


class CustomerComplaintHandover(models.Model):
    _inherit = "customer.complaint.handover"

    def init(self):
        """One small partial index per step: the hand-overs waiting for their
        answer that the step has not reached yet, by the date it watches."""
        res = super().init()
        for step in self._get_handover_escalation_steps():
            tools.create_index(
                self.env.cr,
                f"customer_complaint_handover_{step['flag']}_index",
                self._table,
                [step["column"], "id"],
                where=f"state = 'sent' AND {step['flag']} IS NOT TRUE",
            )
        return res

    @api.model
    def _get_handover_escalation_steps(self):
        """The steps, walked in this order; each sets its flag in one UPDATE so
        that it happens once whatever the number of runs."""
        return [
            {"flag": "manager_told", "column": "deadline", "kind": "overdue"},
            {"flag": "receiver_warned", "column": "warning_date", "kind": "warning"},
        ]

    @api.model
    def _handover_due_sql(self, step, now):
        return SQL(
            "FROM customer_complaint_handover h WHERE h.state = 'sent' "
            "AND h.%s IS NOT TRUE AND h.%s <= %s",
            SQL.identifier(step["flag"]),
            SQL.identifier(step["column"]),
            now,
        )

    @api.model
    def _handover_claim_sql(self, step, now, limit):
        """The next ``limit`` hand-overs due for ``step``, the most overdue
        first, in the order of the step's partial index, locked for this
        transaction (those another one holds are skipped)."""
        return SQL(
            "SELECT h.id %s ORDER BY h.%s, h.id LIMIT %s FOR UPDATE OF h SKIP LOCKED",
            self._handover_due_sql(step, now),
            SQL.identifier(step["column"]),
            limit,
        )

    @api.model
    def _cron_escalate_handovers(self, batch_size=None, now=None):
        """Claim the due hand-overs of each step in one UPDATE (the flag is the
        proof the step was taken), then log and notify in bulk. Re-running
        takes no step twice; the cron runner calls again while some remain."""
        batch_size = batch_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(
                "crm_customer_planning.handover_escalation_batch_size",
                DEFAULT_HANDOVER_BATCH_SIZE,
            )
        )
        now = now or fields.Datetime.now()
        steps = self._get_handover_escalation_steps()
        self.flush_model()
        cr = self.env.cr
        claimed, left = [], batch_size
        for step in steps:
            if left <= 0:
                break
            # The claim is materialized, evaluated once: an UPDATE ... WHERE id
            # IN (subquery) may re-run a LIMIT ... SKIP LOCKED subquery.
            cr.execute(
                SQL(
                    """
                    WITH claim AS MATERIALIZED (%s)
                    UPDATE customer_complaint_handover
                       SET %s = TRUE
                      FROM claim
                     WHERE customer_complaint_handover.id = claim.id
                    RETURNING customer_complaint_handover.id
                    """,
                    self._handover_claim_sql(step, now, left),
                    SQL.identifier(step["flag"]),
                )
            )
            ids = [row[0] for row in cr.fetchall()]
            if ids:
                claimed.append((step, ids))
                left -= len(ids)
        self.invalidate_model([step["flag"] for step in steps])
        for step, ids in claimed:
            self.browse(ids).sorted("deadline")._escalate_handovers(step["kind"])
        done = sum(len(ids) for _step, ids in claimed)
        remaining = 0
        if left <= 0:
            cr.execute(
                SQL(
                    "SELECT COUNT(*) FROM (%s) due",
                    SQL(" UNION ALL ").join(
                        SQL("SELECT h.id %s", self._handover_due_sql(step, now))
                        for step in steps
                    ),
                )
            )
            remaining = cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done, remaining

    def _escalate_handovers(self, kind):
        """Log the step on each hand-over (and, once overdue, on its
        complaint) and send one digest per person told."""
        recipients = self._get_handover_escalation_recipients(kind)
        by_user = defaultdict(lambda: self.browse())
        bodies, complaint_bodies = {}, {}
        for handover in self:
            users = recipients[handover.id]
            for user in users:
                by_user[user] |= handover
            names = ", ".join(users.mapped("name")) or "—"
            if kind == "warning":
                note = self.env._(
                    "The answer is due by %(deadline)s; %(names)s warned.",
                    deadline=handover._format_deadline(handover.receiver_id),
                    names=names,
                )
            else:
                note = self.env._(
                    "Hand-over %(ref)s to %(receiver)s is overdue; %(names)s told.",
                    ref=handover.name,
                    receiver=handover.receiver_id.name,
                    names=names,
                )
                complaint_bodies[handover.complaint_id.id] = (
                    complaint_bodies.get(handover.complaint_id.id, Markup())
                    + Markup("<p>%s</p>") % note
                )
            bodies[handover.id] = Markup("<p>%s</p>") % note
        self.sudo()._message_log_batch(bodies=bodies)
        if complaint_bodies:
            self.env["customer.complaint"].sudo().browse(
                list(complaint_bodies)
            )._message_log_batch(bodies=complaint_bodies)
        for user, handovers in by_user.items():
            handovers._notify_handover_escalation(user, kind)

    def _get_handover_escalation_recipients(self, kind):
        """``{handover_id: users}``: the receiver for a warning; once overdue,
        the people the complaint's own escalation tells when a deadline is
        missed (its team leader, else the company's service managers)."""
        if kind == "warning":
            return {handover.id: handover.receiver_id for handover in self}
        managers = self.complaint_id.sudo()._get_escalation_recipients("manager")
        return {
            handover.id: managers.get(handover.complaint_id.id, self.env["res.users"])
            for handover in self
        }

    def _notify_handover_escalation(self, user, kind):
        """One message to ``user`` listing the hand-overs of this step."""
        env = user.with_context(lang=user.lang).env
        if kind == "warning":
            subject = env._("Hand-overs to answer: %(count)s", count=len(self))
            intro = env._(
                "These hand-overs are waiting for your answer and their deadline "
                "is near or past: answer or refuse them."
            )
        else:
            subject = env._("Overdue hand-overs: %(count)s", count=len(self))
            intro = env._("These hand-overs of complaints were not answered in time.")
        lines = Markup().join(
            Markup("<li>%s — %s — %s — %s</li>")
            % (
                handover._get_html_link(),
                handover.complaint_id.sudo().display_name,
                handover.receiver_id.name,
                handover._format_deadline(user),
            )
            for handover in self[:DIGEST_LINES]
        )
        more = ""
        if len(self) > DIGEST_LINES:
            more = env._("… and %(count)s more.", count=len(self) - DIGEST_LINES)
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=user.partner_id.ids,
            subject=subject,
            body=Markup("<p>%s</p><ul>%s</ul><p>%s</p>") % (intro, lines, more),
            subtype_xmlid="mail.mt_note",
            email_layout_xmlid="mail.mail_notification_light",
        )
