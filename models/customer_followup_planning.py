# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Nightly jobs of customer.followup: the set-based insert every generator shares, the
customer care visits, the missed-visit job and the weekly report mail. The record is in
customer_followup.py, the rules' visits in customer_followup_rule_planning.py, the
holiday ones in customer_care_holiday.py, the weekly figures in report/.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# The columns every set-based generator (rules, care campaigns, retention)
# selects, in this order, for ``_insert_followups``.
INSERT_COLUMNS = (
    "partner_id",
    "contact_id",
    "name",
    "kind",
    "date_planned",
    "user_id",
    "channel",
    "rule_id",
    "campaign_key",
    "company_id",
    "state",
    "date_closed",
    "lead_id",
)
DEFAULT_BATCH_SIZE = 5000
# The care pass's cursor (customer.planning.job), when it runs on queue_job.
CARE_JOB = "customer_care"


class CustomerFollowup(models.Model):
    _inherit = "customer.followup"

    # ------------------------------------------------------------
    # VISIT GENERATION
    # ------------------------------------------------------------

    @api.model
    def _insert_followups(self, select_sql, params):
        """Insert, in one statement, the visits that ``select_sql`` selects (its
        columns are ``INSERT_COLUMNS``, in order). Rows that would give a
        customer a second planned visit of a rule, or repeat a care campaign
        occurrence, are skipped by the unique indexes: re-running is harmless.
        Returns the ids of the visits created."""
        self.env.flush_all()
        columns = ", ".join(INSERT_COLUMNS)
        self.env.cr.execute(
            f"""
            INSERT INTO customer_followup
                   ({columns}, satisfaction_score,
                    create_uid, create_date, write_uid, write_date)
            SELECT {columns}, 0,
                   %(insert_uid)s, NOW() AT TIME ZONE 'UTC',
                   %(insert_uid)s, NOW() AT TIME ZONE 'UTC'
              FROM ({select_sql}) AS new_followup({columns})
                ON CONFLICT DO NOTHING
         RETURNING id
            """,  # noqa: S608  (only constant SQL is formatted in)
            dict(params, insert_uid=self.env.uid),
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self.env["res.partner"].invalidate_model(["followup_ids"])
        return self.browse(ids)

    @api.model
    def _insert_customer_batches(
        self, select_sql, params, batch_size=None, partner_ids=None
    ):
        """``_insert_followups`` for every customer, batch after batch in id
        order (``res.partner._planning_customer_ids``): ``select_sql`` selects
        the visits of the customers ``%(partner_ids)s``. Each batch is one
        statement, whatever the number of customers. ``partner_ids``: only
        these customers, in one statement (a batch of the care pass)."""
        if partner_ids is not None:
            if not partner_ids:
                return self.browse()
            return self._insert_followups(
                select_sql, dict(params, partner_ids=list(partner_ids))
            )
        batch_size = batch_size or DEFAULT_BATCH_SIZE
        Partner = self.env["res.partner"]
        created = self.browse()
        after_id = 0
        while True:
            partner_ids = Partner._planning_customer_ids(after_id, batch_size)
            if partner_ids:
                created |= self._insert_followups(
                    select_sql, dict(params, partner_ids=partner_ids)
                )
            if len(partner_ids) < batch_size:
                return created
            after_id = partner_ids[-1]

    @api.model
    def _company_scope_sql(self):
        """SQL expression of the company a care visit of customer ``p`` (owner
        ``u``) belongs to: the customer's, else its owner's, else the default."""
        return "COALESCE(p.company_id, u.company_id, %(default_company)s)"

    @api.model
    def _care_customer_sql(self):
        """SQL condition on ``res_partner AS p`` selecting the customers whose
        important contacts get birthday greetings: those of tiers marked for
        customer care (Major and Named by default). Festivals, the New-Year
        gift and the needs survey go to every customer."""
        return f"""
            {self.env["res.partner"]._planning_scope_sql()}
            AND EXISTS (SELECT 1 FROM customer_tier t
                         WHERE t.id = p.customer_tier_id AND t.customer_care)
        """

    # ------------------------------------------------------------
    # CUSTOMER CARE
    # ------------------------------------------------------------

    @api.model
    def _generate_birthday_followups(self, today=None, partner_ids=None):
        """Birthday greetings for the important contacts of care customers: a
        visit for the account owner planned on the birthday (created the
        company's lead time ahead), or, when the company says so, a mail from
        the birthday template on the day, kept as a done visit.
        ``partner_ids``: only the contacts of these customers."""
        today = today or self.env.company._planning_today()
        companies = self.env["res.company"].sudo().search([])
        horizon = max(companies.mapped("followup_care_lead_days") or [0])
        months, days, dates = [], [], []
        for offset in range(horizon + 1):
            day = today + timedelta(days=offset)
            months.append(day.month)
            days.append(day.day)
            dates.append(day)
            leap_day_missing = day.month == 2 and day.day == 28
            if leap_day_missing and (day + timedelta(days=1)).month == 3:
                # Born on 29 February: greeted on the 28th in common years.
                months.append(2)
                days.append(29)
                dates.append(day)
        followups = self._insert_followups(
            f"""
            SELECT p.id, contact.id, NULL, 'birthday', d.day, p.user_id,
                   CASE WHEN c.followup_birthday_mode = 'mail'
                        THEN 'email' ELSE 'phone' END,
                   NULL::int, 'birthday:' || contact.id || ':'
                   || EXTRACT(YEAR FROM d.day)::int, c.id,
                   CASE WHEN c.followup_birthday_mode = 'mail'
                        THEN 'done' ELSE 'planned' END,
                   CASE WHEN c.followup_birthday_mode = 'mail'
                        THEN %(today)s::date END, NULL::int
              FROM res_partner contact
              JOIN res_partner p ON p.id = contact.commercial_partner_id
              LEFT JOIN res_users u ON u.id = p.user_id
              JOIN res_company c ON c.id = {self._company_scope_sql()}
              JOIN unnest(%(months)s::int[], %(days)s::int[], %(dates)s::date[])
                   AS d(month, mday, day)
                ON EXTRACT(MONTH FROM contact.birthday) = d.month
               AND EXTRACT(DAY FROM contact.birthday) = d.mday
             WHERE contact.active AND contact.is_important_contact
               AND contact.birthday IS NOT NULL
               AND {self._care_customer_sql()}
               AND d.day <= %(today)s::date + COALESCE(c.followup_care_lead_days, 0)
               AND (c.followup_birthday_mode IS DISTINCT FROM 'mail'
                    OR d.day = %(today)s::date)
               AND (%(all_customers)s OR p.id = ANY(%(partner_ids)s))
            """,  # noqa: S608
            {
                "all_customers": partner_ids is None,
                "partner_ids": list(partner_ids or []),
                "today": today,
                "months": months,
                "days": days,
                "dates": dates,
                "default_company": self.env.company.id,
            },
        )
        followups._send_birthday_mails()
        return followups

    def _send_birthday_mails(self):
        """Mail the birthday template to the contacts of the done birthday
        visits (mail mode), one batch per company template."""
        mailed = self.filtered(lambda f: f.state == "done" and f.kind == "birthday")
        for company, followups in mailed.grouped("company_id").items():
            template = company.followup_birthday_template_id or self.env.ref(
                "crm_customer_planning.mail_template_birthday_greeting",
                raise_if_not_found=False,
            )
            if not template:
                continue
            template.sudo().send_mail_batch(followups.contact_id.ids)
            for followup in followups:
                followup.message_post(
                    body=self.env._(
                        "Birthday greeting mailed to %(contact)s.",
                        contact=followup.contact_id.display_name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    @api.model
    def _generate_needs_survey_followups(self, today=None, partner_ids=None):
        """Every December, each active customer, new or old, gets the New-Year
        gift and is asked for next year's needs (新需求管理: 客服部每年12月负责向新老
        客户寄送新年礼物，并了解客户次年的需求计划): one visit per customer and year,
        due within two weeks, with the gift budget of its tier; on site for the
        tiers greeted in person, by phone for the others. ``partner_ids``:
        only these customers."""
        today = today or self.env.company._planning_today()
        if today.month != 12:
            return self.browse()
        date_planned = min(today + timedelta(days=14), today.replace(day=31))
        created = self._insert_customer_batches(
            f"""
            SELECT p.id, NULL::int, %(name)s, 'needs_survey', %(date_planned)s::date,
                   p.user_id,
                   CASE WHEN t.care_channel IN ('phone', 'onsite')
                        THEN 'onsite' ELSE 'phone' END,
                   NULL::int, %(key)s,
                   {self._company_scope_sql()}, 'planned', NULL::date, NULL::int
              FROM res_partner p
              LEFT JOIN res_users u ON u.id = p.user_id
              LEFT JOIN customer_tier t ON t.id = p.customer_tier_id
             WHERE p.id = ANY(%(partner_ids)s)
            """,  # noqa: S608
            {
                "name": self.env._("New-Year gift and next year's needs"),
                "date_planned": date_planned,
                "key": f"needs_survey:{today.year}",
                "default_company": self.env.company.id,
            },
            partner_ids=partner_ids,
        )
        if created:
            # The gift budget of the customer's tier, in one statement.
            self.env.cr.execute(
                """
                UPDATE customer_followup f
                   SET gift_budget = t.gift_budget
                  FROM res_partner p
                  JOIN customer_tier t ON t.id = p.customer_tier_id
                 WHERE f.id = ANY(%s) AND p.id = f.partner_id
                """,
                [created.ids],
            )
            created.invalidate_recordset(["gift_budget"])
        return created

    @api.model
    def _generate_retention_followups(
        self, today=None, chunk_size=None, partner_ids=None
    ):
        """A customer whose current value over the trailing 12 months fell by
        more than the company's retention threshold against the 12 months
        before gets a retention visit (挽留): at most one per quarter, and none
        while one is planned. Customers are taken in chunks, each chunk in a
        fixed number of queries. ``partner_ids``: only these customers."""
        today = today or self.env.company._planning_today()
        chunk_size = chunk_size or DEFAULT_BATCH_SIZE
        Partner = self.env["res.partner"]
        year_ago = today - relativedelta(years=1)
        two_years_ago = today - relativedelta(years=2)
        quarter = (today.month - 1) // 3 + 1
        created = self.browse()
        last_id = 0
        self.env.flush_all()
        cr = self.env.cr
        while True:
            cr.execute(
                f"""
                SELECT p.id, c.id, c.followup_retention_drop
                  FROM res_partner p
                  LEFT JOIN res_users u ON u.id = p.user_id
                  JOIN res_company c ON c.id = {self._company_scope_sql()}
                 WHERE {Partner._planning_scope_sql()} AND p.id > %(last_id)s
                   AND (%(all_customers)s OR p.id = ANY(%(partner_ids)s))
                 ORDER BY p.id
                 LIMIT %(limit)s
                """,  # noqa: S608
                {
                    "last_id": last_id,
                    "all_customers": partner_ids is None,
                    "partner_ids": list(partner_ids or []),
                    "limit": chunk_size,
                    "default_company": self.env.company.id,
                },
            )
            rows = cr.fetchall()
            if not rows:
                break
            last_id = rows[-1][0]
            ids = [row[0] for row in rows]
            trailing = Partner._planning_current_values(ids, year_ago, today)
            previous = Partner._planning_current_values(ids, two_years_ago, year_ago)
            losing, companies = [], []
            for partner_id, company_id, drop in rows:
                before = previous.get(partner_id, 0.0)
                now = trailing.get(partner_id, 0.0)
                if before > 0 and 100.0 * (before - now) / before > (drop or 0.0):
                    losing.append(partner_id)
                    companies.append(company_id)
            if losing:
                created |= self._insert_followups(
                    """
                    SELECT p.id, NULL::int, NULL, 'retention', %(today)s::date,
                           p.user_id, 'onsite', NULL::int, %(key)s, v.company_id,
                           'planned', NULL::date, NULL::int
                      FROM unnest(%(ids)s::int[], %(companies)s::int[])
                           AS v(partner_id, company_id)
                      JOIN res_partner p ON p.id = v.partner_id
                     WHERE NOT EXISTS (
                           SELECT 1 FROM customer_followup f
                            WHERE f.partner_id = p.id AND f.kind = 'retention'
                              AND f.state = 'planned')
                    """,
                    {
                        "today": today,
                        "key": f"retention:{today.year}-Q{quarter}",
                        "ids": losing,
                        "companies": companies,
                    },
                )
            if len(rows) < chunk_size:
                break
        return created

    @api.model
    def _generate_care_batch(self, partner_ids, pass_date=None):
        """The work of one batch of the daily care pass, whoever runs it (the
        scheduled action inline, or a queue_job job): the birthday and holiday
        greetings, the December needs survey and the retention visits of the
        customers ``partner_ids``. Every step is set-based and skips what
        exists (unique indexes), so a batch run again adds nothing. Returns
        the visits created."""
        today = pass_date or self.env.company._planning_today()
        created = self._generate_birthday_followups(today, partner_ids=partner_ids)
        created |= self.env["customer.care.holiday"]._generate_followups(
            today, partner_ids=partner_ids
        )
        created |= self._generate_needs_survey_followups(today, partner_ids=partner_ids)
        created |= self._generate_retention_followups(
            today, chunk_size=max(len(partner_ids), 1), partner_ids=partner_ids
        )
        return created

    @api.model
    def _generate_care_range(self, after_id, upto_id, pass_date=None):
        """A queue_job job of the daily care pass: the batch of the customers
        whose id is in ``(after_id, upto_id]``."""
        partner_ids = self.env["res.partner"]._planning_customer_ids(
            after_id, None, upto_id=upto_id
        )
        return len(self._generate_care_batch(partner_ids, pass_date))

    @api.model
    def _cron_generate_care_followups(self, batch_size=None):
        """Daily: birthday and holiday greetings, the December needs survey and
        retention visits, batch after batch of customers
        (``_generate_care_batch``). While a queue_job runner serves the
        database (``customer.planning.job._use_queue_job``), the rest of
        today's pass is enqueued, one job a batch, on the channel
        root.customer_planning, and the jobs enqueued are counted. Otherwise
        every batch runs here, in this transaction: interrupted, the job
        leaves nothing, and run again it adds nothing; the visits created
        are returned."""
        batch_size = batch_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_customer_planning.followup_batch_size", DEFAULT_BATCH_SIZE)
        )
        Job = self.env["customer.planning.job"]
        if Job._use_queue_job():
            ranges = Job._enqueue_todays_pass(
                CARE_JOB, batch_size, "customer.followup", "_generate_care_range"
            )
            self.env["ir.cron"]._notify_progress(done=len(ranges), remaining=0)
            return len(ranges)
        today = self.env.company._planning_today()
        Partner = self.env["res.partner"]
        created = self.browse()
        after_id = 0
        while True:
            partner_ids = Partner._planning_customer_ids(after_id, batch_size)
            created |= self._generate_care_batch(partner_ids, today)
            if len(partner_ids) < batch_size:
                break
            after_id = partner_ids[-1]
        self.env["ir.cron"]._notify_progress(done=len(created), remaining=0)
        return created

    # ------------------------------------------------------------
    # MISSED VISITS
    # ------------------------------------------------------------

    @api.model
    def _cron_mark_missed(self, batch_size=None):
        """Visits still planned more than the company's grace period after
        their planned date become missed; one batch per call (progress API).
        The days are each company's (``res.company._planning_today``)."""
        batch_size = batch_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_customer_planning.followup_batch_size", DEFAULT_BATCH_SIZE)
        )
        todays = {
            company: company._planning_today()
            for company in self.env["res.company"].sudo().search([])
        }
        params = {
            "company_ids": [company.id for company in todays],
            "todays": list(todays.values()),
        }
        self.env.flush_all()
        late = """
              FROM customer_followup f
              JOIN res_company c ON c.id = f.company_id
              JOIN unnest(%(company_ids)s::int[], %(todays)s::date[])
                   AS t(company_id, today) ON t.company_id = f.company_id
             WHERE f.state = 'planned'
               AND f.date_planned + COALESCE(c.followup_missed_days, 0) < t.today
        """
        self.env.cr.execute(
            f"SELECT f.id {late} ORDER BY f.id LIMIT %(limit)s",  # noqa: S608
            dict(params, limit=batch_size),
        )
        missed = self.browse([row[0] for row in self.env.cr.fetchall()])
        for company, visits in missed.grouped("company_id").items():
            visits.with_context(tracking_disable=True).write(
                {"state": "missed", "date_closed": todays[company]}
            )
        remaining = 0
        if len(missed) == batch_size:
            self.env.cr.execute(f"SELECT COUNT(*) {late}", params)  # noqa: S608
            remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=len(missed), remaining=remaining)
        return missed

    @api.model
    def _get_missed_count_by_owner(self, date_from=None, date_to=None):
        """``{user_id: number of missed visits}``, closed within the dates when
        given: missed visits count against their owner."""
        domain = [("state", "=", "missed")]
        if date_from:
            domain.append(("date_closed", ">=", date_from))
        if date_to:
            domain.append(("date_closed", "<=", date_to))
        return {
            user.id: count
            for user, count in self._read_group(domain, ["user_id"], ["__count"])
        }

    # ------------------------------------------------------------
    # WEEKLY SERVICE REPORT
    # ------------------------------------------------------------

    @api.model
    def _cron_send_weekly_report(self):
        """Every Friday at 18:00 (company time), when the weekly reports are
        due: the managers get a to-do for each report not submitted
        (customer.service.weekly.report), then each service manager gets the
        roll-up mail: the figures they may see, and who has not submitted."""
        Weekly = self.env["customer.service.weekly.report"]
        Weekly._cron_tell_managers()
        template = self.env.ref(
            "crm_customer_planning.mail_template_weekly_service_report",
            raise_if_not_found=False,
        )
        group = self.env.ref(
            "crm_customer_planning.group_customer_service_manager",
            raise_if_not_found=False,
        )
        if not template or not group:
            return self.env["mail.mail"]
        managers = group.users.filtered(
            lambda user: user.active and user.email and not user.share
        )
        report = self.env["report.crm_customer_planning.weekly_service_report"]
        now = fields.Datetime.now()
        drafts = Weekly.search(
            [
                ("state", "=", "draft"),
                ("date_deadline", "<=", now),
                ("date_deadline", ">", now - timedelta(days=7)),
            ],
            order="user_id",
        )
        mails = self.env["mail.mail"]
        for manager in managers:
            data = (
                report.with_user(manager)
                .with_context(allowed_company_ids=manager.company_ids.ids)
                ._get_weekly_report_data()
            )
            data["not_submitted"] = drafts.filtered(
                lambda draft, m=manager: draft.company_id in m.company_ids
            ).user_id.mapped("name")
            mail_id = template.with_context(followup_report=data).send_mail(
                manager.id, email_layout_xmlid="mail.mail_notification_light"
            )
            mails |= self.env["mail.mail"].browse(mail_id)
        self.env["ir.cron"]._notify_progress(done=len(mails), remaining=0)
        return mails
