# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The nightly recompute of customer values and tiers, on ``res.partner``: the
cron's batches over the customers, the set-based recompute (which the buttons
and a change of potential also call), the tier history and the owners' digest.
The record itself (fields, form, buttons) is in ``res_partner.py``."""

from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, models, tools

from .planning_rules import (
    DIGEST_LINES,
    PLANNING_COMPUTED_FIELDS,
    classify,
    local_day_start,
    value_quadrant,
)

# Customers per batch of the recompute job, unless the system parameter
# crm_customer_planning.recompute_batch_size says otherwise.
DEFAULT_BATCH_SIZE = 10000
# The recompute job's cursor (customer.planning.job).
RECOMPUTE_JOB = "recompute_customer_values"


class ResPartner(models.Model):
    _inherit = "res.partner"

    def init(self):
        res = super().init()
        cr = self.env.cr
        # Replaced by the recompute job's keyset cursor (customer.planning.job).
        cr.execute("DROP INDEX IF EXISTS res_partner_planning_stale_idx")
        # The customers whose values were never computed, which the recompute
        # job takes after its pass: a small index, whatever the number of
        # customers.
        tools.create_index(
            cr,
            "res_partner_planning_new_idx",
            self._table,
            ["id"],
            where="planning_values_date IS NULL AND parent_id IS NULL AND active",
        )
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _planning_scope_sql(self):
        """SQL condition on ``res_partner AS p`` selecting the partners the
        recompute classifies: active commercial entities that are neither one of
        our companies, nor a user, nor a competitor."""
        return """
            p.parent_id IS NULL AND p.active
            AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
            AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
            AND p.is_competitor IS NOT TRUE
        """

    @api.model
    def _planning_customer_ids(self, after_id, limit, never_computed=False):
        """The ids of the next ``limit`` customers the recompute classifies,
        after customer ``after_id``, in id order (``never_computed``: only
        those whose values were never computed): a range scan of an index,
        however many customers there are. Every batched job over the customers
        starts here: its statements probe indexes for the batch's customers,
        for which PostgreSQL's JIT compilation (set off by their large
        estimated costs on big tables) costs more than it saves (about 0.1 s a
        statement, measured at a million customers), so it is turned off for
        the rest of the batch's transaction."""
        self.env.cr.execute("SET LOCAL jit = off")
        new_only = "AND p.planning_values_date IS NULL" if never_computed else ""
        self.env.cr.execute(
            f"""
            SELECT p.id FROM res_partner p
             WHERE {self._planning_scope_sql()} AND p.id > %s {new_only}
             ORDER BY p.id LIMIT %s
            """,  # noqa: S608  (only constant SQL is formatted in)
            [after_id, limit],
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _planning_current_values(self, partner_ids, date_from, date_to=None):
        """Our sales to each commercial partner from ``date_from`` (included) to
        ``date_to`` (excluded, default: no end): ``{partner_id: amount}``. The
        days are the company calendar's (a deal won at 07:00 in Beijing belongs
        to that day, not to the UTC day before). The one place that says where
        current value comes from; override it to add a source."""
        cr = self.env.cr
        tz = self.env.company._get_planning_tz()
        date_from = local_day_start(date_from, tz)
        date_to = date_to and local_day_start(date_to, tz)
        self.env["crm.lead"].flush_model(
            ["partner_id", "expected_revenue", "probability", "active", "date_closed"]
        )
        self.flush_model(["commercial_partner_id"])
        won_filter = ""
        if "sale.order" in self.env and "opportunity_id" in self.env["sale.order"]:
            # With sale_crm, an opportunity's confirmed orders already count.
            won_filter = """AND NOT EXISTS (
                SELECT 1 FROM sale_order so
                WHERE so.opportunity_id = l.id AND so.state = 'sale')"""
        cr.execute(
            f"""
            SELECT p.commercial_partner_id, SUM(l.expected_revenue)
              FROM crm_lead l
              JOIN res_partner p ON p.id = l.partner_id
             WHERE p.commercial_partner_id = ANY(%s)
               AND l.active AND l.probability = 100
               AND l.date_closed >= %s
               AND (%s IS NULL OR l.date_closed < %s)
               {won_filter}
             GROUP BY p.commercial_partner_id
            """,  # noqa: S608  (no value is formatted into the query)
            [partner_ids, date_from, date_to, date_to],
        )
        values = defaultdict(float, cr.fetchall())
        if "sale.order" in self.env:
            cr.execute(
                """
                SELECT p.commercial_partner_id, SUM(so.amount_untaxed
                       / COALESCE(NULLIF(so.currency_rate, 0), 1))
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE p.commercial_partner_id = ANY(%s)
                   AND so.state = 'sale' AND so.date_order >= %s
                   AND (%s IS NULL OR so.date_order < %s)
                 GROUP BY p.commercial_partner_id
                """,
                [partner_ids, date_from, date_to, date_to],
            )
            for partner_id, amount in cr.fetchall():
                values[partner_id] += amount
        return values

    def _planning_recompute_values(self, today=None, change_reason=None):
        """Current value, share of wallet, value type and tier of the commercial
        partners in ``self``, set-based: a fixed number of queries whatever the
        number of partners. The cron, the button and a change of potential all
        come here."""
        if not self:
            return
        self.flush_model(
            [
                "potential_value",
                "company_id",
                "customer_tier_id",
                "customer_tier_manual",
            ]
        )
        cr = self.env.cr
        today = today or self.env.company._planning_today()
        current_values = self._planning_current_values(
            self.ids, today - relativedelta(years=1)
        )
        cr.execute(
            """
            SELECT id, company_id, potential_value, customer_tier_id,
                   customer_tier_manual
              FROM res_partner
             WHERE id = ANY(%s) AND parent_id IS NULL
               AND is_competitor IS NOT TRUE
            """,
            [self.ids],
        )
        rows = cr.fetchall()
        tiers = self.env["customer.tier"]._get_classification_table()
        thresholds = self.env["res.company"]._get_value_thresholds()
        default_company = self.env.company.id
        columns = defaultdict(list)
        changes = []
        for partner_id, company_id, potential, old_tier, manual in rows:
            current = current_values.get(partner_id, 0.0)
            potential = potential or 0.0
            company_id = company_id or default_company
            tier = old_tier
            if not manual:
                tier = classify(
                    tiers.get(company_id) or tiers.get(False, []), current, potential
                )
            if tier != old_tier:
                changes.append((partner_id, old_tier, tier))
            columns["id"].append(partner_id)
            columns["current"].append(current)
            columns["share"].append(
                min(100.0 * current / potential, 999.99) if potential else 0.0
            )
            columns["quadrant"].append(
                value_quadrant(
                    current,
                    potential,
                    *thresholds.get(company_id, thresholds[default_company]),
                )
            )
            columns["tier"].append(tier or None)
        # Only the customers whose figures change are written: most customers'
        # trailing 12-month value does not move from one night to the next,
        # and every row written is an update of each of res_partner's indexes.
        cr.execute(
            """
            UPDATE res_partner p
               SET current_value = v.current_value,
                   share_of_wallet = v.share_of_wallet,
                   value_quadrant = v.value_quadrant,
                   customer_tier_id = v.tier_id,
                   planning_values_date = %s,
                   write_date = NOW() AT TIME ZONE 'UTC'
              FROM unnest(%s::int[], %s::numeric[], %s::numeric[], %s::varchar[],
                          %s::int[])
                   AS v(id, current_value, share_of_wallet, value_quadrant, tier_id)
             WHERE p.id = v.id
               AND (p.planning_values_date IS NULL
                    OR p.current_value IS DISTINCT FROM v.current_value
                    OR p.share_of_wallet IS DISTINCT FROM v.share_of_wallet
                    OR p.value_quadrant IS DISTINCT FROM v.value_quadrant
                    OR p.customer_tier_id IS DISTINCT FROM v.tier_id)
            """,
            [
                today,
                columns["id"],
                columns["current"],
                columns["share"],
                columns["quadrant"],
                columns["tier"],
            ],
        )
        self.invalidate_model(PLANNING_COMPUTED_FIELDS | {"write_date"})
        self._planning_log_tier_changes(changes, change_reason, "auto")

    @api.model
    def _planning_log_tier_changes(self, changes, reason, change_type):
        """Keep each change ``(partner_id, old_tier_id, new_tier_id)`` in the
        history, in one statement, and tell the account owners of the customers
        that moved (a first classification is no move)."""
        if not changes:
            return
        partner_ids, old_ids, new_ids = (
            list(column) for column in zip(*changes, strict=True)
        )
        self.env["customer.tier.history"].flush_model()
        self.env.cr.execute(
            """
            INSERT INTO customer_tier_history
                   (partner_id, company_id, date, old_tier_id, new_tier_id,
                    change_type, reason, user_id,
                    create_uid, create_date, write_uid, write_date)
            SELECT c.partner_id, p.company_id, NOW() AT TIME ZONE 'UTC',
                   c.old_tier_id, c.new_tier_id, %(type)s, %(reason)s, %(uid)s,
                   %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM unnest(%(partners)s::int[], %(old)s::int[], %(new)s::int[])
                   AS c(partner_id, old_tier_id, new_tier_id)
              JOIN res_partner p ON p.id = c.partner_id
            """,
            {
                "type": change_type,
                "reason": reason or None,
                "uid": self.env.uid,
                "partners": partner_ids,
                "old": [old or None for old in old_ids],
                "new": [new or None for new in new_ids],
            },
        )
        self.invalidate_model(["customer_tier_history_ids"])
        self._planning_tier_changed_depth(changes)
        moves = [change for change in changes if change[1]]
        if moves:
            self._planning_notify_owners(moves)

    @api.model
    def _planning_tier_changed_depth(self, changes):
        """The qualification depth of a customer's opportunities follows its
        tier (``crm.lead._get_qualification_depth``): a customer without tier
        is screened like one of a full-depth tier, and only deals from the
        company's full-check size on can change depth. Have the verdicts of
        those computed again."""
        tiers = self.env["customer.tier"].browse(
            {tier for _pid, old, new in changes for tier in (old, new) if tier}
        )
        depth = {tier.id: tier.qualification_depth for tier in tiers}
        partner_ids = [
            partner_id
            for partner_id, old, new in changes
            if depth.get(old, "full") != depth.get(new, "full")
        ]
        # A tier judged by its volume changes the depth of small deals too.
        volume = [
            partner_id
            for partner_id, old, new in changes
            if partner_id in partner_ids
            and "volume" in (depth.get(old), depth.get(new))
        ]
        if volume:
            self.env["crm.lead"]._qualification_invalidate(partners=self.browse(volume))
            partner_ids = [pid for pid in partner_ids if pid not in volume]
        if partner_ids:
            smallest_full_deal = min(
                self.env["res.company"]
                .sudo()
                .search([])
                .mapped("qualification_full_deal_size"),
                default=0.0,
            )
            self.env["crm.lead"]._qualification_invalidate(
                partners=self.browse(partner_ids),
                domain=[("expected_revenue", ">=", smallest_full_deal)],
            )

    def _planning_unclassify_competitors(self):
        """A partner marked as competitor leaves the customer pyramid."""
        classified = self.filtered(lambda p: p.customer_tier_id and not p.parent_id)
        if not classified:
            return
        changes = [
            (partner.id, partner.customer_tier_id.id, False) for partner in classified
        ]
        classified.sudo().with_context(planning_internal_write=True).write(
            {
                "customer_tier_id": False,
                "customer_tier_manual": False,
                "value_quadrant": False,
            }
        )
        self._planning_log_tier_changes(
            changes, self.env._("Marked as competitor"), "auto"
        )

    @api.model
    def _planning_notify_owners(self, moves):
        """One digest per account owner listing their customers that moved."""
        # Records of one recordset share their prefetching: no query per move.
        partners = self.browse([partner_id for partner_id, _old, _new in moves])
        tiers = self.env["customer.tier"].browse(
            {tier for _pid, old, new in moves for tier in (old, new) if tier}
        )
        tier_by_id = {tier.id: tier for tier in tiers}
        no_tier = self.env["customer.tier"]
        by_owner = defaultdict(list)
        for partner, (_pid, old, new) in zip(partners, moves, strict=True):
            if partner.user_id and partner.user_id != self.env.user:
                by_owner[partner.user_id].append(
                    (
                        partner,
                        tier_by_id.get(old, no_tier),
                        tier_by_id.get(new, no_tier),
                    )
                )
        for owner, owner_moves in by_owner.items():
            self._planning_notify_owner(owner, owner_moves)

    @api.model
    def _planning_notify_owner(self, owner, moves):
        owner_env = owner.with_context(lang=owner.lang).env
        lines = Markup().join(
            Markup("<li>%s: %s → %s</li>")
            % (
                partner.display_name,
                old.with_env(owner_env).name or "—",
                new.with_env(owner_env).name or "—",
            )
            for partner, old, new in moves[:DIGEST_LINES]
        )
        more = ""
        if len(moves) > DIGEST_LINES:
            more = owner_env._("… and %(count)s more.", count=len(moves) - DIGEST_LINES)
        intro = owner_env._(
            "The tier of %(count)s of your customers changed. Review their coverage "
            "and plans:",
            count=len(moves),
        )
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=owner.partner_id.ids,
            subject=owner_env._("Customer tiers changed"),
            body=Markup("<p>%s</p><ul>%s</ul><p>%s</p>") % (intro, lines, more),
            subtype_xmlid="mail.mt_note",
            email_layout_xmlid="mail.mail_notification_light",
        )

    @api.model
    def _planning_mark_stale(self):
        """Have the next recompute run check every customer again (a new
        pass), even if today's pass is over."""
        self.env["customer.planning.job"]._lock(RECOMPUTE_JOB)._restart()

    @api.model
    def _planning_recompute_all(self):
        """Classify every customer again now, batch after batch, in this
        transaction (demo data, upgrades, a shell); the cron spreads the same work
        over transactions."""
        self._planning_mark_stale()
        while True:
            done, remaining = self._cron_recompute_customer_values()
            if not (done and remaining):
                return

    @api.model
    def _cron_recompute_customer_values(self, batch_size=None):
        """One batch of the day's pass over the customers, in id order from the
        job's cursor, then the customers never computed (new since the pass
        went by); the cron runner calls again while some remain (progress API),
        each batch in its own transaction, so the job can be interrupted and
        run again. Once the day's pass is over, a further run does nothing."""
        batch_size = batch_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_customer_planning.recompute_batch_size", DEFAULT_BATCH_SIZE)
        )
        ids = self.env["customer.planning.job"]._todays_batch(RECOMPUTE_JOB, batch_size)
        if len(ids) < batch_size:
            # The pass is over or ends here: add the customers never computed
            # (made since the pass went by). At most len(ids) of them are in
            # the batch already, so a full batch's worth leaves enough others.
            in_batch = set(ids)
            ids += [
                partner_id
                for partner_id in self._planning_customer_ids(
                    0, batch_size, never_computed=True
                )
                if partner_id not in in_batch
            ][: batch_size - len(ids)]
        self.browse(ids)._planning_recompute_values()
        # Whether work is left is all the progress API needs: a full batch
        # may be followed by more, a short one ends the pass.
        remaining = int(len(ids) == batch_size)
        self.env["ir.cron"]._notify_progress(done=len(ids), remaining=remaining)
        return len(ids), remaining
