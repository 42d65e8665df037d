# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A service manager merges complaints that are one matter (一单制) into the one
kept: messages, files, activities, return visits, hand-overs and followers move;
the others are cancelled with a note. Refused across companies and customers,
into itself, on closed or cancelled ones, and to anyone but a service manager."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestComplaintMerge(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kept = cls._create_complaint(subject="Spindle overheats")
        cls.duplicate = cls._create_complaint(
            force_new=True,
            subject="Spindle too hot",
            contact_id=cls.customer_contact.id,
        )

    def _merge(self, sources, target, reason="Same spindle, same matter", user=None):
        wizard = (
            self.env["customer.complaint.merge"]
            .with_user(user or self.service_manager)
            .create(
                {
                    "target_id": target.id,
                    "complaint_ids": [Command.set((sources | target).ids)],
                    "reason": reason,
                }
            )
        )
        return wizard.action_merge()

    def test_merge_moves_everything_and_cancels(self):
        duplicate = self.duplicate
        duplicate.message_post(body="Customer called again", message_type="comment")
        attachment = self.env["ir.attachment"].create(
            {
                "name": "photo.jpg",
                "raw": b"JPEG",
                "res_model": "customer.complaint",
                "res_id": duplicate.id,
            }
        )
        activity = duplicate.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.agent.id, summary="Call back"
        )
        visit = self.env["customer.followup"]._create_complaint_followup(
            self.customer,
            date(2036, 1, 5),
            user=self.agent,
            complaint_id=duplicate.id,
        )
        handover = (
            self.env["customer.complaint.handover"]
            .with_user(self.agent)
            .create(
                {
                    "complaint_id": duplicate.id,
                    "receiver_id": self.agent_other.id,
                    "request": "Check the bearing batch.",
                    "deadline": datetime(2036, 1, 1, 2, 0),
                }
            )
        )
        follower = self.env["res.partner"].create({"name": "Engineer Tang"})
        duplicate.message_subscribe(partner_ids=follower.ids)

        action = self._merge(duplicate, self.kept)

        self.assertEqual(action["res_id"], self.kept.id)
        self.assertEqual(duplicate.state, "cancelled")
        self.assertEqual(duplicate.merged_into_id, self.kept)
        self.assertEqual(self.kept.state, "new")
        self.assertIn(
            "Customer called again",
            self.kept.message_ids.mapped(lambda m: m.body.striptags()),
        )
        self.assertEqual(attachment.res_id, self.kept.id)
        self.assertEqual(activity.res_id, self.kept.id)
        self.assertEqual(visit.complaint_id, self.kept)
        self.assertEqual(visit.state, "planned")
        self.assertEqual(handover.complaint_id, self.kept)
        self.assertIn(follower, self.kept.message_partner_ids)
        note = duplicate.message_ids[:1]
        self.assertIn(
            f"Merged into {self.kept.display_name} by Service Manager Gao. "
            "Reason: Same spindle, same matter",
            note.body.striptags(),
        )
        self.assertIn(f'data-oe-id="{self.kept.id}"', str(note.body))
        self.assertIn(
            f"{duplicate.display_name} merged into this complaint",
            self.kept.message_ids[:1].body.striptags(),
        )

    def test_reason_is_escaped(self):
        self._merge(self.duplicate, self.kept, reason="<b>same</b>")
        body = str(self.duplicate.message_ids[0].body)
        self.assertIn("&lt;b&gt;same&lt;/b&gt;", body)

    def test_refusals(self):
        other_customer = self._create_complaint(
            partner_id=self.customer_2.id, subject="Pallets"
        )
        closed = self._create_complaint(force_new=True, subject="Old matter")
        self._set_state(closed, "cancelled")
        cases = [
            (self.duplicate, self.kept, "", "Give a reason"),
            (self.kept, self.kept, "Same", "cannot be merged into itself"),
            (closed, self.kept, "Same", "Closed or cancelled complaints"),
            (self.duplicate, closed, "Same", "Closed or cancelled complaints"),
            (other_customer, self.kept, "Same", "about another customer"),
        ]
        for sources, target, reason, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(UserError, message),
            ):
                sources.with_user(self.service_manager)._merge_into(target, reason)
        self.assertEqual(self.duplicate.state, "new")
        self.assertFalse(self.duplicate.merged_into_id)

    def test_refused_across_companies(self):
        company_2 = self.env["res.company"].create({"name": "Shenzhen Branch"})
        self.service_manager.company_ids |= company_2
        branch_customer = self.env["res.partner"].create(
            {"name": "Huadong Shenzhen", "is_company": True}
        )
        branch = (
            self.env["customer.complaint"]
            .with_company(company_2)
            .create(
                {
                    "subject": "Spindle overheats (branch)",
                    "partner_id": branch_customer.id,
                    "category_id": self.category_quality.id,
                    "company_id": company_2.id,
                    "team_id": False,
                    "first_responsible_id": self.service_manager.id,
                }
            )
        )
        both = branch.with_user(self.service_manager).with_context(
            allowed_company_ids=(self.company | company_2).ids
        )
        with self.assertRaisesRegex(UserError, "another company"):
            both._merge_into(self.kept.with_env(both.env), "Same")
        self.assertEqual(branch.state, "new")

    def test_non_managers_refused(self):
        for user in (self.agent, self.salesman):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.duplicate.with_user(user)._merge_into(self.kept, "Same")
        with self.assertRaises(AccessError):
            self.env["customer.complaint.merge"].with_user(self.agent).create(
                {
                    "target_id": self.kept.id,
                    "complaint_ids": [Command.set(self.kept.ids)],
                    "reason": "Same",
                }
            )
        self.assertEqual(self.duplicate.state, "new")

    def test_wizard_defaults_from_the_list(self):
        wizard = (
            self.env["customer.complaint.merge"]
            .with_user(self.service_manager)
            .with_context(
                active_model="customer.complaint",
                active_ids=(self.duplicate | self.kept).ids,
            )
            .create({"reason": "Same"})
        )
        self.assertEqual(wizard.target_id, self.kept)
        self.assertEqual(wizard.complaint_ids, self.kept | self.duplicate)
