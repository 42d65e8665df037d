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
from odoo.tools import SQL

from .planning_rules import (
    DIGEST_LINES,
    PLANNING_COMPUTED_FIELDS,
    local_day_start,
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
    def _planning_customer_ids(
        self, after_id, limit, never_computed=False, upto_id=None
    ):
        """The ids of the next ``limit`` customers the recompute classifies,
        after customer ``after_id``, in id order (``never_computed``: only
        those whose values were never computed; ``upto_id``: none after it;
        ``limit`` None: no limit): a range scan of an index,
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
               AND (%s IS NULL OR p.id <= %s)
             ORDER BY p.id LIMIT %s
            """,  # noqa: S608  (only constant SQL is formatted in)
            [after_id, upto_id, upto_id, limit],
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _planning_batch_bounds(self, after_id, size):
        """The customers after ``after_id`` cut into batches of ``size``, in
        one query: the id of each batch's last customer, in order (a batch
        holds the customers after the previous bound up to its own)."""
        self.env.cr.execute(
            f"""
            SELECT id FROM (
                SELECT p.id, ROW_NUMBER() OVER (ORDER BY p.id) AS rank,
                       COUNT(*) OVER () AS total
                  FROM res_partner p
                 WHERE {self._planning_scope_sql()} AND p.id > %s) AS customers
             WHERE rank %% %s = 0 OR rank = total
             ORDER BY id
            """,  # noqa: S608  (only constant SQL is formatted in)
            [after_id, size],
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _planning_current_values_sql(self, partner_ids, date_from, date_to=None):
        """A query of our sales to the commercial partners ``partner_ids`` from
        ``date_from`` (included) to ``date_to`` (excluded, default: no end):
        rows ``(partner_id, amount)``, one or more a partner, one a source. The
        days are the company calendar's (a deal won at 07:00 in Beijing belongs
        to that day, not to the UTC day before). The one place that says where
        current value comes from; override it to add a source (``UNION ALL``)."""
        partner_ids = list(partner_ids)
        # The id range of a batch: one range scan of the commercial partner
        # index, where "= ANY" of thousands of ids alone makes PostgreSQL read
        # the whole res_partner table at every batch.
        id_range = {
            "first_id": min(partner_ids, default=0),
            "last_id": max(partner_ids, default=0),
        }
        tz = self.env.company._get_planning_tz()
        date_from = local_day_start(date_from, tz)
        date_to = date_to and local_day_start(date_to, tz)
        self.env["crm.lead"].flush_model(
            ["partner_id", "expected_revenue", "probability", "active", "date_closed"]
        )
        self.flush_model(["commercial_partner_id"])
        won_filter = SQL()
        if "sale.order" in self.env and "opportunity_id" in self.env["sale.order"]:
            # With sale_crm, an opportunity's confirmed orders already count.
            won_filter = SQL(
                """AND NOT EXISTS (
                SELECT 1 FROM sale_order so
                WHERE so.opportunity_id = l.id AND so.state = 'sale')"""
            )
        query = SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   SUM(l.expected_revenue) AS amount
              FROM crm_lead l
              JOIN res_partner p ON p.id = l.partner_id
             WHERE p.commercial_partner_id BETWEEN %(first_id)s AND %(last_id)s
               AND p.commercial_partner_id = ANY(%(partner_ids)s)
               AND l.active AND l.probability = 100
               AND l.date_closed >= %(date_from)s
               AND (%(date_to)s::timestamp IS NULL OR l.date_closed < %(date_to)s)
               %(won_filter)s
             GROUP BY p.commercial_partner_id
            """,
            partner_ids=partner_ids,
            **id_range,
            date_from=date_from,
            date_to=date_to or None,
            won_filter=won_filter,
        )
        if "sale.order" in self.env:
            self.env["sale.order"].flush_model(
                ["partner_id", "amount_untaxed", "currency_rate", "state", "date_order"]
            )
            query = SQL(
                """%(leads)s
                UNION ALL
                SELECT p.commercial_partner_id, SUM(so.amount_untaxed
                       / COALESCE(NULLIF(so.currency_rate, 0), 1))
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE p.commercial_partner_id BETWEEN %(first_id)s AND %(last_id)s
                   AND p.commercial_partner_id = ANY(%(partner_ids)s)
                   AND so.state = 'sale' AND so.date_order >= %(date_from)s
                   AND (%(date_to)s::timestamp IS NULL OR so.date_order < %(date_to)s)
                 GROUP BY p.commercial_partner_id
                """,
                leads=query,
                partner_ids=partner_ids,
                **id_range,
                date_from=date_from,
                date_to=date_to or None,
            )
        return query

    @api.model
    def _planning_current_values(self, partner_ids, date_from, date_to=None):
        """Our sales to each commercial partner from ``date_from`` (included) to
        ``date_to`` (excluded, default: no end): ``{partner_id: amount}`` (see
        ``_planning_current_values_sql``)."""
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, SUM(amount) FROM (%s) AS sales GROUP BY partner_id",
                self._planning_current_values_sql(partner_ids, date_from, date_to),
            )
        )
        return defaultdict(float, self.env.cr.fetchall())

    def _planning_recompute_values(self, today=None, change_reason=None):
        """Current value, share of wallet, value type and tier of the commercial
        partners in ``self``, and the write of what changed, in ONE statement
        whatever the number of partners (the rules of ``planning_rules.classify``
        and ``value_quadrant``, in SQL: ``tests/test_customer_value.py`` and
        ``test_tier_config.py`` hold them to the same answers); then the tier
        history, the owners' digests and the re-screening of the deals of the
        customers whose tier changed, set-based. The cron's batches, queue_job's
        jobs, the buttons and a change of potential all come here."""
        if not self:
            return
        self.flush_model(
            [
                "potential_value",
                "company_id",
                "customer_tier_id",
                "customer_tier_manual",
                "parent_id",
                "is_competitor",
            ]
        )
        self.env["customer.tier"].flush_model(
            [
                "company_id",
                "active",
                "sequence",
                "min_current_value",
                "min_potential_value",
                "threshold_logic",
            ]
        )
        self.env["res.company"].flush_model(
            ["planning_high_current_value", "planning_high_potential_value"]
        )
        cr = self.env.cr
        today = today or self.env.company._planning_today()
        sales = self._planning_current_values_sql(
            self.ids, today - relativedelta(years=1)
        )
        # Only the customers whose figures change are written: most customers'
        # trailing 12-month value does not move from one night to the next,
        # and every row written is an update of each of res_partner's indexes.
        # The tier: the manual one kept; else, among the active tiers of the
        # customer's company (those without company when it has none), the
        # first from the top (sequence, id) whose thresholds the values reach,
        # else the lowest one.
        cr.execute(
            SQL(
                """
            WITH batch AS (
                SELECT p.id, COALESCE(p.company_id, %(company)s) AS company_id,
                       COALESCE(p.potential_value, 0) AS potential,
                       p.customer_tier_id AS old_tier,
                       p.customer_tier_manual AS manual
                  FROM res_partner p
                 WHERE p.id = ANY(%(ids)s) AND p.parent_id IS NULL
                   AND p.is_competitor IS NOT TRUE
            ), sales AS (
                SELECT partner_id, SUM(amount) AS amount
                  FROM (%(sales)s) AS source
                 GROUP BY partner_id
            ), tiers AS (
                SELECT id, company_id, sequence, min_current_value,
                       min_potential_value, threshold_logic
                  FROM customer_tier WHERE active
            ), figures AS (
                SELECT b.*, COALESCE(s.amount, 0) AS current_value,
                       c.planning_high_current_value AS high_current,
                       c.planning_high_potential_value AS high_potential,
                       CASE WHEN EXISTS (SELECT 1 FROM tiers o
                                          WHERE o.company_id = b.company_id)
                            THEN b.company_id END AS tier_company_id
                  FROM batch b
                  LEFT JOIN sales s ON s.partner_id = b.id
                  LEFT JOIN res_company c ON c.id = b.company_id
            ), computed AS (
                SELECT f.id, f.old_tier, f.current_value,
                       CASE WHEN f.potential <> 0
                            THEN ROUND(LEAST(100.0 * f.current_value / f.potential,
                                             999.99), 2)
                            ELSE 0 END AS share_of_wallet,
                       CASE WHEN f.current_value >= f.high_current
                            THEN 'high' ELSE 'low' END || '_' ||
                       CASE WHEN f.potential >= f.high_potential
                            THEN 'high' ELSE 'low' END AS value_quadrant,
                       CASE WHEN f.manual THEN f.old_tier ELSE (
                    SELECT t.id FROM (
                        SELECT t.*, COALESCE(CASE t.threshold_logic
                            WHEN 'any' THEN f.current_value >= t.min_current_value
                                         OR f.potential >= t.min_potential_value
                            WHEN 'all' THEN f.current_value >= t.min_current_value
                                        AND f.potential >= t.min_potential_value
                            ELSE f.potential >= t.min_potential_value
                            END, FALSE) AS hit
                          FROM tiers t
                         WHERE t.company_id IS NOT DISTINCT FROM f.tier_company_id
                    ) AS t
                     ORDER BY t.hit DESC,
                              CASE WHEN t.hit THEN t.sequence END,
                              CASE WHEN t.hit THEN t.id END,
                              t.sequence DESC, t.id DESC
                     LIMIT 1) END AS tier_id
                  FROM figures f
            ), written AS (
                UPDATE res_partner p
                   SET current_value = v.current_value,
                       share_of_wallet = v.share_of_wallet,
                       value_quadrant = v.value_quadrant,
                       customer_tier_id = v.tier_id,
                       planning_values_date = %(today)s,
                       write_date = NOW() AT TIME ZONE 'UTC'
                  FROM computed v
                 WHERE p.id = v.id
                   AND (p.planning_values_date IS NULL
                        OR p.current_value IS DISTINCT FROM v.current_value
                        OR p.share_of_wallet IS DISTINCT FROM v.share_of_wallet
                        OR p.value_quadrant IS DISTINCT FROM v.value_quadrant
                        OR p.customer_tier_id IS DISTINCT FROM v.tier_id)
                RETURNING p.id)
            SELECT id, old_tier, tier_id FROM computed
             WHERE tier_id IS DISTINCT FROM old_tier
             ORDER BY id
            """,
                company=self.env.company.id,
                ids=self.ids,
                sales=sales,
                today=today,
            )
        )
        changes = [
            (partner_id, old or False, new or False)
            for partner_id, old, new in cr.fetchall()
        ]
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
        tier (``planning_rules.qualification_depth``): a customer without tier
        is screened like one of a full-depth tier, and only deals from the
        company's full-check size on can change depth. Have the verdicts of
        those computed again."""
        tiers = self.env["customer.tier"].browse(
            {tier for _pid, old, new in changes for tier in (old, new) if tier}
        )
        depth = {tier.id: tier.qualification_depth for tier in tiers}
        moved = [
            (partner_id, depth.get(old), depth.get(new))
            for partner_id, old, new in changes
            if depth.get(old, "full") != depth.get(new, "full")
        ]
        # A tier judged by its volume changes the depth of small deals too.
        volume = [pid for pid, old, new in moved if "volume" in (old, new)]
        partner_ids = [pid for pid, old, new in moved if "volume" not in (old, new)]
        if volume:
            self.env["crm.lead"]._qualification_invalidate(partners=self.browse(volume))
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
        """One digest per account owner listing their customers that moved,
        from one grouped query for the batch: each owner, how many of their
        customers moved, and the first of them the digest names."""
        partner_ids, old_ids, new_ids = (
            list(column) for column in zip(*moves, strict=True)
        )
        self.flush_model(["user_id"])
        self.env.cr.execute(
            """
            SELECT p.user_id, COUNT(*),
                   (ARRAY_AGG(ARRAY[m.partner_id, COALESCE(m.old_tier_id, 0),
                                    COALESCE(m.new_tier_id, 0)]
                              ORDER BY m.partner_id))[1:%(lines)s]
              FROM unnest(%(partners)s::int[], %(old)s::int[], %(new)s::int[])
                   AS m(partner_id, old_tier_id, new_tier_id)
              JOIN res_partner p ON p.id = m.partner_id
             WHERE p.user_id IS NOT NULL AND p.user_id <> %(uid)s
             GROUP BY p.user_id
             ORDER BY p.user_id
            """,
            {
                "lines": DIGEST_LINES,
                "partners": partner_ids,
                "old": [old or None for old in old_ids],
                "new": [new or None for new in new_ids],
                "uid": self.env.uid,
            },
        )
        digests = self.env.cr.fetchall()
        # The records the digests name, in one recordset each: no query per
        # customer or tier.
        named = self.browse({row[0] for _uid, _n, lines in digests for row in lines})
        tiers = self.env["customer.tier"].browse(
            {tier for _uid, _n, lines in digests for row in lines for tier in row[1:]}
            - {0}
        )
        owners = self.env["res.users"].browse([row[0] for row in digests])
        partner_by_id = {partner.id: partner for partner in named}
        tier_by_id = {tier.id: tier for tier in tiers}
        no_tier = self.env["customer.tier"]
        for owner, (_uid, count, lines) in zip(owners, digests, strict=True):
            self._planning_notify_owner(
                owner,
                [
                    (
                        partner_by_id[partner_id],
                        tier_by_id.get(old, no_tier),
                        tier_by_id.get(new, no_tier),
                    )
                    for partner_id, old, new in lines
                ],
                count,
            )

    @api.model
    def _planning_notify_owner(self, owner, moves, count=None):
        """The digest of ``owner``: ``count`` customers moved (default: all of
        ``moves``), the first ``DIGEST_LINES`` of them named in ``moves``."""
        count = count or len(moves)
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
        if count > DIGEST_LINES:
            more = owner_env._("… and %(count)s more.", count=count - DIGEST_LINES)
        intro = owner_env._(
            "The tier of %(count)s of your customers changed. Review their coverage "
            "and plans:",
            count=count,
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
        batch_size = self._planning_recompute_batch_size()
        while True:
            done, remaining = self._planning_recompute_next_batch(batch_size)
            if not (done and remaining):
                return

    @api.model
    def _planning_recompute_batch_size(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_customer_planning.recompute_batch_size", DEFAULT_BATCH_SIZE)
        )

    # ------------------------------------------------------------
    # THE NIGHTLY PASS: one batch, the work queue_job's jobs and the
    # scheduled action both run (_planning_recompute_batch)
    # ------------------------------------------------------------

    @api.model
    def _planning_recompute_batch(self, partner_ids, pass_date=None):
        """The work of one batch of the nightly pass, whoever runs it: the
        scheduled action inline, or a queue_job job. Idempotent: a batch run
        again (a job killed half-way and redone) writes only what still
        differs, so no customer is changed or logged twice."""
        self.browse(partner_ids)._planning_recompute_values(today=pass_date)

    @api.model
    def _planning_recompute_range(self, after_id, upto_id, pass_date=None):
        """A queue_job job of the nightly pass: the batch of the customers
        whose id is in ``(after_id, upto_id]``."""
        ids = self._planning_customer_ids(after_id, None, upto_id=upto_id)
        self._planning_recompute_batch(ids, pass_date)
        return len(ids)

    @api.model
    def _cron_recompute_customer_values(self, batch_size=None):
        """The scheduled action of the nightly pass. While a queue_job runner
        serves the database (``customer.planning.job._use_queue_job``), it
        enqueues the rest of today's pass, one job a batch, on the channel
        root.customer_planning, which every Odoo server of the database shares;
        the customers created since the pass was enqueued go as
        the range after it. Otherwise it runs one batch inline
        (``_planning_recompute_next_batch``). Returns ``(done, remaining)``:
        with queue_job, ``done`` counts the jobs enqueued."""
        batch_size = batch_size or self._planning_recompute_batch_size()
        Job = self.env["customer.planning.job"]
        if not Job._use_queue_job():
            return self._planning_recompute_next_batch(batch_size)
        ranges = Job._enqueue_todays_pass(
            RECOMPUTE_JOB, batch_size, "res.partner", "_planning_recompute_range"
        )
        self.env["ir.cron"]._notify_progress(done=len(ranges), remaining=0)
        return len(ranges), 0

    @api.model
    def _planning_recompute_next_batch(self, batch_size):
        """One batch of the day's pass over the customers, in id order from the
        job's cursor, then the customers never computed (new since the pass
        went by); the cron runner calls again while some remain (progress API),
        each batch in its own transaction, so the job can be interrupted and
        run again. Once the day's pass is over, a further run does nothing."""
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
        self._planning_recompute_batch(ids)
        # Whether work is left is all the progress API needs: a full batch
        # may be followed by more, a short one ends the pass.
        remaining = int(len(ids) == batch_size)
        self.env["ir.cron"]._notify_progress(done=len(ids), remaining=remaining)
        return len(ids), remaining
