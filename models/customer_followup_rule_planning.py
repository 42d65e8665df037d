# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The nightly job of customer.followup.rule: plan each customer's next due return
visit from the rules, batch after batch of customers, one INSERT ... SELECT a batch.
The rule record (fields, checks, buttons) is in customer_followup_rule.py; the
insert the generators share is in customer_followup_planning.py."""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, models

# A "delivered project": a won opportunity younger than this is in its first
# year (monthly return visits), an older one is past it (quarterly) — DOMAIN
# §9, 一年内项目每月回访一次；一年以上的项目每季回访一次.
ACCOUNT_AGE_MONTHS = 12
# The visit generator's cursor (customer.planning.job), and how many
# customers a batch checks.
FOLLOWUP_JOB = "generate_followups"
FOLLOWUP_BATCH_SIZE = 10000
# Day 0 of every rule's cycle of first visits: a customer never visited under a
# rule has its own day of the cycle, (its id - days since this date) modulo the
# cycle's length, so its first visit stays on one date night after night.
FIRST_VISIT_EPOCH = date(2000, 1, 3)


class CustomerFollowupRule(models.Model):
    _inherit = "customer.followup.rule"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _generate_followups(self, batch_size=None, today=None):
        """Plan now the next due visit of every customer of the rules in
        ``self`` (all active rules when empty) that has none planned, batch
        after batch of customers. Returns the visits created."""
        batch_size = batch_size or FOLLOWUP_BATCH_SIZE
        Partner = self.env["res.partner"]
        created = self.env["customer.followup"]
        after_id = 0
        while True:
            partner_ids = Partner._planning_customer_ids(after_id, batch_size)
            created |= self._generate_followups_for(partner_ids, today=today)
            if len(partner_ids) < batch_size:
                return created
            after_id = partner_ids[-1]

    def _generate_followups_for(self, partner_ids, today=None):
        """Plan, in one INSERT ... SELECT, the next due visit of the customers
        ``partner_ids`` for each rule in ``self`` (all active rules when empty)
        that applies to them and that they have no planned visit of. The visit
        is due one cadence after the last visit of the rule that was done
        (today when that date is past), and planned at once. A customer (a
        project) never visited under the rule has its own day in the rule's
        cycle, so that a new rule, or a new installation, spreads its first
        visits evenly over the first cycle; that visit is planned once its day
        is within the company's lead time for first visits. A customer never
        gets a second planned visit of a rule (unique index), so the job is
        safe to re-run. The queries and their cost do not depend on how many
        customers there are beyond the batch."""
        if not partner_ids:
            return self.env["customer.followup"]
        today = today or self.env.company._planning_today()
        rules = (self or self.search([])).filtered("active")
        return self.env["customer.followup"]._insert_followups(
            """
            WITH projects AS (
                -- The delivered projects (won opportunities) of the batch's
                -- customers, for the project rules: each is visited on its own.
                SELECT lp.commercial_partner_id AS partner_id, l.id AS lead_id,
                       l.date_closed AS date_won
                  FROM res_partner lp
                  JOIN crm_lead l ON l.partner_id = lp.id
                 WHERE %(age_rules)s
                   -- The batch's id range: one range scan of the index (see
                   -- res.partner._planning_current_values_sql).
                   AND lp.commercial_partner_id
                       BETWEEN %(first_id)s AND %(last_id)s
                   AND lp.commercial_partner_id = ANY(%(partner_ids)s)
                   AND l.active AND l.probability = 100
                   AND l.date_closed IS NOT NULL
            ), planned AS (
                -- The batch's planned visits: probes of the unique index,
                -- never a walk of every customer's visits.
                SELECT partner_id, rule_id, COALESCE(lead_id, 0) AS lead_key
                  FROM customer_followup
                 WHERE state = 'planned' AND rule_id IS NOT NULL
                   AND partner_id BETWEEN %(first_id)s AND %(last_id)s
                   AND partner_id = ANY(%(partner_ids)s)
            ), last_done AS (
                SELECT partner_id, rule_id, COALESCE(lead_id, 0) AS lead_key,
                       MAX(date_closed) AS date_done
                  FROM customer_followup
                 WHERE state = 'done' AND rule_id IS NOT NULL
                   AND partner_id BETWEEN %(first_id)s AND %(last_id)s
                   AND partner_id = ANY(%(partner_ids)s)
                 GROUP BY partner_id, rule_id, COALESCE(lead_id, 0)
            ), team_members AS (
                -- The members of the visiting teams, who share their
                -- customers out: each customer always to the same member.
                SELECT crm_team_id AS team_id,
                       ARRAY_AGG(user_id ORDER BY user_id) AS user_ids
                  FROM crm_team_member
                 WHERE active AND crm_team_id = ANY(%(team_ids)s)
                 GROUP BY crm_team_id)
            SELECT p.id, NULL::int, NULL, r.kind, due.day,
                   CASE r.owner_policy
                        WHEN 'account_owner' THEN COALESCE(p.user_id, r.user_id)
                        WHEN 'team' THEN COALESCE(
                             tm.user_ids[1 + p.id %% CARDINALITY(tm.user_ids)],
                             p.user_id)
                        ELSE r.user_id END,
                   r.channel, r.id, NULL, r.company_id, 'planned', NULL::date,
                   w.lead_id
              FROM res_partner p
              JOIN customer_followup_rule r
                ON r.id = ANY(%(rule_ids)s)
               AND (p.company_id IS NULL OR p.company_id = r.company_id)
              LEFT JOIN projects w
                ON r.rule_type = 'account_age' AND w.partner_id = p.id
              LEFT JOIN team_members tm ON tm.team_id = r.team_id
              LEFT JOIN last_done last
                ON last.partner_id = p.id AND last.rule_id = r.id
               AND last.lead_key = COALESCE(w.lead_id, 0)
              LEFT JOIN planned ON planned.partner_id = p.id
                               AND planned.rule_id = r.id
                               AND planned.lead_key = COALESCE(w.lead_id, 0)
              JOIN res_company c ON c.id = r.company_id
             CROSS JOIN LATERAL (
                -- After a visit done: one cadence later (today when that is
                -- past). Never visited: the customer's (the project's) own
                -- day of the cycle, so that a new rule's first visits are
                -- spread evenly over its first cycle instead of all falling
                -- due at once; consecutive ids take consecutive days.
                SELECT CASE WHEN last.date_done IS NOT NULL THEN GREATEST(
                           (last.date_done + (r.interval_number || ' '
                                              || r.interval_unit)::interval)::date,
                           %(today)s::date)
                       ELSE %(today)s::date + (
                           (COALESCE(w.lead_id, p.id) - %(day_number)s)
                           %% cycle.days + cycle.days) %% cycle.days
                       END AS day
                  FROM (SELECT GREATEST(r.interval_number, 1) * CASE r.interval_unit
                               WHEN 'days' THEN 1 WHEN 'weeks' THEN 7 ELSE 30
                               END AS days) AS cycle
             ) AS due
             WHERE p.id = ANY(%(partner_ids)s)
               AND planned.partner_id IS NULL
               -- A first visit is planned once its day comes within the
               -- company's lead time; the next after a visit done at once.
               AND (last.date_done IS NOT NULL
                    OR due.day <= %(today)s::date
                                  + COALESCE(c.followup_first_visit_lead_days, 0))
               AND CASE r.rule_type
                   WHEN 'tier' THEN p.customer_tier_id = r.tier_id
                   WHEN 'account_age' THEN CASE r.account_age
                        WHEN 'first_year' THEN w.date_won >= %(age_limit)s
                        ELSE w.date_won < %(age_limit)s END
                   END
            """,
            {
                "partner_ids": partner_ids,
                "first_id": min(partner_ids),
                "last_id": max(partner_ids),
                "rule_ids": rules.ids,
                "team_ids": rules.team_id.ids,
                "age_rules": any(rule.rule_type == "account_age" for rule in rules),
                "age_limit": today - relativedelta(months=ACCOUNT_AGE_MONTHS),
                "today": today,
                "day_number": (today - FIRST_VISIT_EPOCH).days,
            },
        )

    def _replan_followups(self):
        """The rules in ``self`` changed: their visits planned from today on
        are planned again from the new settings. Done, missed and cancelled
        visits stay as they are, so nothing done is dropped or repeated, and a
        visit already overdue stays for its owner to record."""
        today = self.env.company._planning_today()
        self.env["customer.followup"].sudo().search(
            [
                ("rule_id", "in", self.ids),
                ("state", "=", "planned"),
                ("date_planned", ">=", today),
            ]
        ).unlink()
        active = self.filtered("active")
        if active:
            active._generate_followups(today=today)

    @api.model
    def _generate_followups_batch(self, partner_ids, pass_date=None):
        """The work of one batch of the daily visit planning, whoever runs it:
        the scheduled action inline, or a queue_job job. Safe to run again
        (one planned visit of a rule a customer: unique index)."""
        self.search([])._generate_followups_for(partner_ids, today=pass_date)

    @api.model
    def _generate_followups_range(self, after_id, upto_id, pass_date=None):
        """A queue_job job of the daily visit planning: the batch of the
        customers whose id is in ``(after_id, upto_id]``."""
        partner_ids = self.env["res.partner"]._planning_customer_ids(
            after_id, None, upto_id=upto_id
        )
        self._generate_followups_batch(partner_ids, pass_date)
        return len(partner_ids)

    @api.model
    def _cron_generate_followups(self, batch_size=None):
        """Daily. While a queue_job runner serves the database
        (``customer.planning.job._use_queue_job``): enqueue the rest of today's
        pass, one job a batch of customers, on the channel
        root.customer_planning. Otherwise the next batch of customers of
        today's pass, inline, in id order from the job's cursor; the cron
        runner calls again while some remain (progress API), each batch in its
        own transaction, so the job can be interrupted and run again. Once
        today's pass is over, a further run does nothing."""
        batch_size = batch_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_customer_planning.followup_batch_size", FOLLOWUP_BATCH_SIZE)
        )
        Job = self.env["customer.planning.job"]
        if Job._use_queue_job():
            ranges = Job._enqueue_todays_pass(
                FOLLOWUP_JOB,
                batch_size,
                "customer.followup.rule",
                "_generate_followups_range",
            )
            self.env["ir.cron"]._notify_progress(done=len(ranges), remaining=0)
            return len(ranges), 0
        partner_ids = Job._todays_batch(FOLLOWUP_JOB, batch_size)
        self._generate_followups_batch(partner_ids)
        remaining = int(len(partner_ids) == batch_size)
        self.env["ir.cron"]._notify_progress(done=len(partner_ids), remaining=remaining)
        return len(partner_ids), remaining
