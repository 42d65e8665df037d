# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import FollowupCase


@tagged("post_install", "-at_install")
class TestCustomerCare(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.major = cls._tiered_customer("Care Major", cls.tier_major, cls.salesman)
        cls.named = cls._tiered_customer("Care Named", cls.tier_named, cls.salesman_2)
        cls.non_named = cls._tiered_customer(
            "Care Non-named", cls.tier_non_named, cls.salesman
        )
        cls.all_customers = cls.major | cls.named | cls.non_named
        cls.boss = Partner.create(
            {
                "name": "Boss Zhao",
                "parent_id": cls.major.id,
                "type": "contact",
                "email": "zhao@example.com",
                "birthday": date(1975, 5, 12),
                "is_important_contact": True,
            }
        )
        cls.clerk = Partner.create(
            {
                "name": "Clerk Sun",
                "parent_id": cls.major.id,
                "type": "contact",
                "birthday": date(1990, 5, 12),
            }
        )
        cls.small_boss = Partner.create(
            {
                "name": "Boss of a small customer",
                "parent_id": cls.non_named.id,
                "type": "contact",
                "birthday": date(1970, 5, 12),
                "is_important_contact": True,
            }
        )
        cls.later_boss = Partner.create(
            {
                "name": "Boss Qian",
                "parent_id": cls.named.id,
                "type": "contact",
                "birthday": date(1968, 5, 30),
                "is_important_contact": True,
            }
        )
        cls.company.write(
            {"followup_birthday_mode": "visit", "followup_care_lead_days": 3}
        )

    def _care_visits(self, kind):
        return self.Followup.search(
            [("partner_id", "in", self.all_customers.ids), ("kind", "=", kind)]
        )

    # Birthdays

    def test_birthday_visit_for_the_owner(self):
        with freeze_time("2026-05-08"):
            self.Followup._generate_birthday_followups()
        self.assertFalse(self._care_visits("birthday"), "4 days ahead: too early")
        with freeze_time("2026-05-09"):
            self.Followup._generate_birthday_followups()
            self.Followup._generate_birthday_followups()  # re-run: no duplicate
        visit = self._care_visits("birthday")
        self.assertEqual(len(visit), 1, "only the important contact of a key account")
        self.assertEqual(visit.contact_id, self.boss)
        self.assertEqual(visit.partner_id, self.major)
        self.assertEqual(visit.user_id, self.salesman)
        self.assertEqual(visit.date_planned, date(2026, 5, 12))
        self.assertEqual(visit.state, "planned")
        # Done before the day: the next runs of that year greet no one twice.
        visit.with_user(self.salesman).action_done()
        for day in ("2026-05-10", "2026-05-12"):
            with freeze_time(day):
                self.Followup._generate_birthday_followups()
        self.assertEqual(len(self._care_visits("birthday")), 1)
        # Next year, again.
        with freeze_time("2027-05-10"):
            self.Followup._generate_birthday_followups()
        self.assertEqual(len(self._care_visits("birthday")), 2)

    def test_birthday_mail(self):
        self.company.followup_birthday_mode = "mail"
        with freeze_time("2026-05-11"):
            self.Followup._generate_birthday_followups()
        self.assertFalse(self._care_visits("birthday"), "a mail goes on the day")
        with freeze_time("2026-05-12"):
            self.Followup._generate_birthday_followups()
            self.Followup._generate_birthday_followups()
        visit = self._care_visits("birthday")
        self.assertEqual(len(visit), 1)
        self.assertEqual(
            (visit.state, visit.channel, visit.contact_id), ("done", "email", self.boss)
        )
        mails = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.boss.ids), ("subject", "ilike", "birthday")]
        )
        self.assertEqual(len(mails), 1)
        self.assertIn("Boss Zhao", mails.body_html)

    def test_born_on_29_february(self):
        self.boss.birthday = date(1980, 2, 29)
        self.company.followup_care_lead_days = 0
        with freeze_time("2027-02-28"):
            self.Followup._generate_birthday_followups()
        self.assertEqual(self._care_visits("birthday").date_planned, date(2027, 2, 28))

    def test_bad_care_settings(self):
        with self.assertRaises(ValidationError):
            self.company.followup_care_lead_days = -1
        with self.assertRaises(ValidationError):
            self.company.followup_retention_drop = 0
        with self.assertRaises(ValidationError):
            self.env["customer.care.holiday"].with_user(self.service_manager).create(
                {"name": "Bad", "date": date(2026, 1, 1), "lead_days": -2}
            )

    # Festivals (节日祝福), for every customer

    def test_festival_dates_computed_for_any_year(self):
        """The shipped Chinese festivals fall on their day of any year, the
        lunar ones included: nothing is typed in per year."""
        ref = self.env.ref
        festivals = {
            key: ref(f"crm_customer_planning.care_holiday_{key}")
            for key in (
                "new_year",
                "spring_festival",
                "lantern",
                "dragon_boat",
                "mid_autumn",
                "national_day",
            )
        }
        expected = {
            2027: {
                "new_year": date(2027, 1, 1),
                "spring_festival": date(2027, 2, 6),
                "lantern": date(2027, 2, 20),
                "dragon_boat": date(2027, 6, 9),
                "mid_autumn": date(2027, 9, 15),
                "national_day": date(2027, 10, 1),
            },
            2030: {
                "new_year": date(2030, 1, 1),
                "spring_festival": date(2030, 2, 3),
                "lantern": date(2030, 2, 17),
                "dragon_boat": date(2030, 6, 5),
                "mid_autumn": date(2030, 9, 12),
                "national_day": date(2030, 10, 1),
            },
        }
        for year, days in expected.items():
            for key, day in days.items():
                with self.subTest(year=year, festival=key):
                    self.assertEqual(festivals[key]._get_date(year), day)
                    self.assertFalse(festivals[key].date, "no date typed in")
        with freeze_time("2027-09-16 02:00:00"):
            festivals["mid_autumn"].invalidate_recordset(["next_date"])
            self.assertEqual(festivals["mid_autumn"].next_date, date(2028, 10, 3))

    def test_festival_greetings_for_every_customer(self):
        Holiday = self.env["customer.care.holiday"]
        with freeze_time("2027-09-07 02:00:00"):
            Holiday._generate_followups()
        self.assertFalse(self._care_visits("holiday"), "8 days ahead: too early")
        with freeze_time("2027-09-08 02:00:00"):
            Holiday._generate_followups()
        with freeze_time("2027-09-15 02:00:00"):
            Holiday._generate_followups()  # re-run: no duplicate
        visits = self._care_visits("holiday")
        self.assertEqual(visits.partner_id, self.all_customers)
        self.assertEqual(len(visits), 3)
        self.assertEqual(set(visits.mapped("date_planned")), {date(2027, 9, 15)})
        self.assertEqual(set(visits.mapped("name")), {"Mid-Autumn Festival"})
        # The channel fits the tier: a personal call for Major, a message for
        # the rest; each by the customer's owner.
        channels = {visit.partner_id: visit.channel for visit in visits}
        self.assertEqual(
            channels,
            {self.major: "phone", self.named: "message", self.non_named: "message"},
        )
        self.assertEqual(
            visits.filtered(lambda v: v.partner_id == self.named).user_id,
            self.salesman_2,
        )
        # New Year's Day of the next year, its lead time ahead.
        with freeze_time("2027-12-25 02:00:00"):
            Holiday._generate_followups()
        new_year = self._care_visits("holiday") - visits
        self.assertEqual(new_year.partner_id, self.all_customers)
        self.assertEqual(set(new_year.mapped("date_planned")), {date(2028, 1, 1)})

    def test_holiday_kept_by_the_service_manager(self):
        # The service manager keeps the holidays; a salesperson may not.
        Holiday = self.env["customer.care.holiday"]
        as_manager = Holiday.with_user(self.service_manager)
        as_manager.create(
            {"name": "Company Day", "date": date(2026, 9, 7), "lead_days": 3}
        )
        with self.assertRaises(AccessError):
            Holiday.with_user(self.salesman).create(
                {"name": "Own Festival", "date": date(2026, 9, 6)}
            )
        as_manager.create(
            {
                "name": "Archived Day",
                "date": date(2026, 9, 6),
                "lead_days": 7,
                "active": False,
            }
        )
        with self.assertRaises(ValidationError):
            as_manager.create({"name": "No date", "festival": "fixed"})
        with freeze_time("2026-09-03 02:00:00"):
            Holiday._generate_followups()
        self.assertFalse(self._care_visits("holiday"))
        with freeze_time("2026-09-04 02:00:00"):
            Holiday._generate_followups()
        visits = self._care_visits("holiday")
        self.assertEqual(visits.partner_id, self.all_customers)
        self.assertEqual(set(visits.mapped("name")), {"Company Day"})
        self.assertEqual(set(visits.mapped("date_planned")), {date(2026, 9, 7)})

    def test_birthdays_only_for_care_tiers(self):
        self.tier_major.customer_care = False
        with freeze_time("2026-05-10"):
            self.Followup._generate_birthday_followups()
        self.assertFalse(self._care_visits("birthday"))

    # December: the New-Year gift and next year's needs (次年需求计划)

    def test_december_needs_survey_and_gift(self):
        self.tier_major.gift_budget = 2000.0
        self.tier_non_named.gift_budget = 300.0
        with freeze_time("2026-11-30"):
            self.Followup._generate_needs_survey_followups()
        self.assertFalse(self._care_visits("needs_survey"))
        with freeze_time("2026-12-01"):
            self.Followup._generate_needs_survey_followups()
        visits = self._care_visits("needs_survey")
        self.assertEqual(visits.partner_id, self.all_customers, "new and old alike")
        self.assertEqual(set(visits.mapped("date_planned")), {date(2026, 12, 15)})
        budgets = {visit.partner_id: visit.gift_budget for visit in visits}
        self.assertEqual(
            budgets,
            {
                self.major: 2000.0,
                self.named: self.tier_named.gift_budget,
                self.non_named: 300.0,
            },
        )
        channels = {visit.partner_id: visit.channel for visit in visits}
        self.assertEqual(
            channels,
            {self.major: "onsite", self.named: "phone", self.non_named: "phone"},
        )
        for visit in visits:  # each by its owner
            visit.with_user(visit.user_id).action_done()
        with freeze_time("2026-12-20"):
            self.Followup._generate_needs_survey_followups()
        self.assertEqual(len(self._care_visits("needs_survey")), 3, "once a year")
        with freeze_time("2027-12-02"):
            self.Followup._generate_needs_survey_followups()
        self.assertEqual(len(self._care_visits("needs_survey")), 6)

    def test_care_scheduled_action(self):
        self.env["customer.care.holiday"].create(
            {"name": "Company Day", "date": date(2026, 12, 3), "lead_days": 5}
        )
        self.boss.birthday = date(1975, 12, 2)
        cron = self.env.ref("crm_customer_planning.ir_cron_generate_care_followups")
        with freeze_time("2026-12-01"):
            cron.method_direct_trigger()
        self.assertEqual(len(self._care_visits("needs_survey")), 3)
        self.assertEqual(len(self._care_visits("holiday")), 3)
        self.assertEqual(self._care_visits("birthday").contact_id, self.boss)

    # Retention (挽留)

    def test_retention_visit_when_value_falls(self):
        falling = self._create_customer("Falling", owner=self.salesman)
        self._create_won(falling, 500000, months_ago=18)
        self._create_won(falling, 100000, months_ago=3)  # -80%
        steady = self._create_customer("Steady", owner=self.salesman)
        self._create_won(steady, 500000, months_ago=18)
        self._create_won(steady, 400000, months_ago=3)  # -20%
        newcomer = self._create_customer("Newcomer", owner=self.salesman)
        self._create_won(newcomer, 100000, months_ago=2)
        customers = falling | steady | newcomer

        def retention():
            return self.Followup.search(
                [("partner_id", "in", customers.ids), ("kind", "=", "retention")]
            )

        self.company.followup_retention_drop = 30.0
        self.Followup._generate_retention_followups()
        self.assertEqual(retention().partner_id, falling)
        self.assertEqual(retention().user_id, self.salesman)
        self.assertEqual(retention().state, "planned")
        self.Followup._generate_retention_followups(chunk_size=1)
        self.assertEqual(len(retention()), 1, "no second retention visit")
        self.company.followup_retention_drop = 15.0
        self.Followup._generate_retention_followups(chunk_size=2)
        self.assertEqual(retention().partner_id, falling | steady)
