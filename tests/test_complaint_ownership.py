# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestComplaintOwnership(CustomerServiceCase):
    def test_creator_owns_and_follows(self):
        complaint = self._create_complaint(contact_id=self.customer_contact.id)
        self.assertEqual(complaint.first_responsible_id, self.agent)
        self.assertFalse(complaint.handler_id, "the handler is a separate person")
        self.assertRegex(complaint.name, r"^CMP/\d{4}/\d{5}$")
        self.assertEqual(complaint.commercial_partner_id, self.customer)
        self.assertEqual(complaint.team_id, self.team_quality)
        self.assertEqual(complaint.stage_id, self.stages["new"])
        followers = complaint.message_partner_ids
        self.assertIn(self.agent.partner_id, followers)
        self.assertIn(self.customer_contact, followers, "the customer gets the answers")

    def test_agent_cannot_change_owner(self):
        complaint = self._create_complaint()
        as_agent = complaint.with_user(self.agent)
        with self.assertRaises(AccessError):
            as_agent.write({"first_responsible_id": self.agent_teammate.id})
        with self.assertRaises(AccessError):
            as_agent._change_first_responsible(self.agent_teammate, "On holiday")
        with self.assertRaises(AccessError):
            as_agent.action_open_reassign()
        self.assertEqual(complaint.first_responsible_id, self.agent)
        # The handler doing the work is someone else; the owner stays.
        as_agent.handler_id = self.agent_teammate
        self.assertEqual(complaint.first_responsible_id, self.agent)
        self.assertIn(self.agent_teammate.partner_id, complaint.message_partner_ids)

    def test_manager_changes_owner_with_reason(self):
        complaint = self._create_complaint()
        as_manager = complaint.with_user(self.service_manager)
        with self.assertRaises(UserError):
            as_manager.write({"first_responsible_id": self.agent_teammate.id})
        with self.assertRaises(UserError):
            as_manager._change_first_responsible(self.agent_teammate, "   ")
        self.assertEqual(complaint.first_responsible_id, self.agent)

        wizard = (
            self.env["customer.complaint.reassign"]
            .with_user(self.service_manager)
            .create(
                {
                    "complaint_id": complaint.id,
                    "new_owner_id": self.agent_teammate.id,
                    "reason": "Agent Liu moves to the key accounts team",
                }
            )
        )
        wizard.action_apply()
        self.assertEqual(complaint.first_responsible_id, self.agent_teammate)
        log = complaint.message_ids[0]
        self.assertIn("Agent Liu moves to the key accounts team", log.body)
        self.assertIn("Agent Ma", log.body)
        self.assertIn(self.agent_teammate.partner_id, log.partner_ids)
        self.assertIn(self.agent_teammate.partner_id, complaint.message_partner_ids)

    def test_owner_told_of_each_stage(self):
        complaint = self._create_complaint(handler_id=self.agent_teammate.id)
        self.env.cr.precommit.run()  # created in an earlier transaction
        stage_subtype = self.env.ref("crm_customer_planning.mt_complaint_stage")
        for state in ("acknowledged", "in_progress", "resolved"):
            self._set_state(complaint, state, user=self.agent_teammate)
            self.env.cr.precommit.run()  # tracking messages are posted at commit
        notifications = self.env["mail.notification"].search(
            [
                ("mail_message_id.model", "=", "customer.complaint"),
                ("mail_message_id.res_id", "=", complaint.id),
                ("mail_message_id.subtype_id", "=", stage_subtype.id),
            ]
        )
        self.assertEqual(
            len(
                notifications.filtered(
                    lambda n: n.res_partner_id == self.agent.partner_id
                )
            ),
            3,
            "the owner is told of each step",
        )
        self.assertFalse(
            notifications.filtered(lambda n: n.res_partner_id == self.customer),
            "stage changes are internal: the customer sees the stage on the portal",
        )

    def test_owner_of_intake_without_creator(self):
        """Mail, the portal and jobs receive complaints as no employee: the
        category team's leader owns them, else the customer's salesperson."""
        complaint = self._create_complaint(user=self.env.ref("base.user_root"))
        self.assertEqual(complaint.first_responsible_id, self.service_manager)
        self.assertIn(
            self.service_manager.partner_id, complaint.message_ids[0].partner_ids
        )
        other = self._create_complaint(
            user=self.env.ref("base.user_root"),
            category_id=self.category_delivery.id,
        )
        self.assertEqual(other.first_responsible_id, self.salesman)
