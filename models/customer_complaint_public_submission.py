# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The public complaint form's flood guard (``/service/complaint``): one row a
matter filed without an account, by client address and e-mail, counted over the
last hour; the limits are system parameters (readme/CONFIGURE.md). Nobody reads
these rows but the form itself (sudo); old ones are vacuumed daily."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

PARAM_PREFIX = "crm_customer_planning.public_complaint_"
# (parameter, default): submissions an hour per client address, per e-mail;
# files a submission, and the size of each file in kilobytes.
PUBLIC_FORM_LIMITS = {
    "limit_ip": 5,
    "limit_email": 3,
    "max_files": 5,
    "max_file_kb": 10240,
}
WINDOW = timedelta(hours=1)
KEEP = timedelta(days=7)


class CustomerComplaintPublicSubmission(models.Model):
    _name = "customer.complaint.public.submission"
    _description = "Public Complaint Form Submission"
    _order = "id desc"

    ip_address = fields.Char(required=True, index=True)
    email = fields.Char(index="btree_not_null")
    complaint_id = fields.Many2one("customer.complaint", ondelete="set null")
    company_id = fields.Many2one("res.company", required=True)

    @api.model
    def _get_limit(self, name):
        """A limit of the public form: its system parameter, else the default;
        a value that is not a positive whole number falls back to the default."""
        default = PUBLIC_FORM_LIMITS[name]
        raw = self.env["ir.config_parameter"].sudo().get_param(PARAM_PREFIX + name)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            return default
        return value if value > 0 else default

    @api.model
    def _check_flood(self, ip_address, email):
        """Refuse a submission over the hourly limits of its address or
        e-mail (two counts on indexed columns)."""
        since = fields.Datetime.now() - WINDOW
        ip_count = self.sudo().search_count(
            [("ip_address", "=", ip_address), ("create_date", ">=", since)]
        )
        if ip_count >= self._get_limit("limit_ip"):
            raise UserError(
                self.env._(
                    "Too many requests were sent from your connection in the last "
                    "hour. Please try again later or call us."
                )
            )
        if email:
            email_count = self.sudo().search_count(
                [("email", "=ilike", email), ("create_date", ">=", since)]
            )
            if email_count >= self._get_limit("limit_email"):
                raise UserError(
                    self.env._(
                        "Too many requests were sent with the e-mail %(email)s in "
                        "the last hour. Please try again later or call us.",
                        email=email,
                    )
                )

    @api.model
    def _check_files(self, files):
        """``files``: ``[(name, content bytes)]``; refuse too many or too large."""
        max_files = self._get_limit("max_files")
        if len(files) > max_files:
            raise UserError(
                self.env._(
                    "Attach at most %(count)s files.",
                    count=max_files,
                )
            )
        max_kb = self._get_limit("max_file_kb")
        for name, content in files:
            if len(content) > max_kb * 1024:
                raise UserError(
                    self.env._(
                        "The file %(name)s is too large: at most %(size)s KB a file.",
                        name=name,
                        size=max_kb,
                    )
                )

    @api.autovacuum
    def _gc_public_submissions(self):
        """Forget submissions older than a week (the flood window is an hour)."""
        self.sudo().search(
            [("create_date", "<", fields.Datetime.now() - KEEP)]
        ).unlink()
