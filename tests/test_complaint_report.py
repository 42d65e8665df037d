# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestComplaintReport(CustomerServiceCase):
    def _answer(self, complaint, moment):
        with freeze_time(moment):
            complaint.with_user(self.agent).message_post(
                body="Our answer.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def test_monthly_counts_rates_and_resolution_time(self):
        # March: two complaints and a suggestion; April: one complaint.
        on_time = self._create_complaint(subject="On time")
        late = self._create_complaint(subject="Late", partner_id=self.customer_2.id)
        suggestion = self._create_complaint(
            subject="Idea",
            complaint_type="suggestion",
            category_id=self.category_delivery.id,
        )
        april = self._create_complaint(
            subject="April", date_received=datetime(2026, 4, 6, 2, 0), force_new=True
        )
        self._answer(on_time, "2026-03-02 03:00:00")  # an hour after reception
        self._answer(late, "2026-03-04 02:00:00")  # after Tuesday 13:00
        with freeze_time("2026-03-03 02:00:00"):  # 24 hours after reception
            self._set_state(on_time, "resolved")
        with freeze_time("2026-03-05 02:00:00"):  # 72 hours
            self._set_state(late, "resolved")
        self.env.flush_all()

        Report = self.env["customer.complaint.report"]
        domain = [("complaint_id", "in", (on_time | late | suggestion | april).ids)]
        by_month = {
            month: count
            for month, count in Report._read_group(
                domain, ["date_received:month"], ["complaint_count:sum"]
            )
        }
        self.assertEqual(
            sorted(by_month.values()), [1, 3], "three in March, one in April"
        )
        by_type = dict(
            Report._read_group(domain, ["complaint_type"], ["complaint_count:sum"])
        )
        self.assertEqual(by_type, {"complaint": 3, "suggestion": 1})
        by_team = dict(Report._read_group(domain, ["team_id"], ["complaint_count:sum"]))
        self.assertEqual(by_team, {self.team_quality: 3, self.team_logistics: 1})
        [[rate, hours, replied]] = Report._read_group(
            domain,
            [],
            ["reply_on_time_rate:avg", "resolution_hours:avg", "replied_count:sum"],
        )
        self.assertEqual(replied, 2)
        self.assertAlmostEqual(rate, 50.0, msg="unanswered ones do not count")
        self.assertAlmostEqual(hours, 48.0, msg="resolved ones only")
        by_category = Report._read_group(
            domain,
            ["category_id"],
            ["complaint_count:sum"],
            order="complaint_count:sum desc",
        )
        self.assertEqual(by_category[0], (self.category_quality, 3))
