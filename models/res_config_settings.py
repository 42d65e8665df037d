# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The settings screen (res.config.settings): the method's company settings as related
fields, and the recompute's batch size (a system parameter). The company settings and
their checks are in res_company.py."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Labelled apart from account's ``currency_id`` (same related value).
    company_currency_id = fields.Many2one(
        "res.currency",
        "Company Currency",
        related="company_id.currency_id",
        readonly=True,
    )
    planning_high_current_value = fields.Monetary(
        related="company_id.planning_high_current_value",
        currency_field="company_currency_id",
        readonly=False,
    )
    planning_high_potential_value = fields.Monetary(
        related="company_id.planning_high_potential_value",
        currency_field="company_currency_id",
        readonly=False,
    )
    planning_recompute_batch_size = fields.Integer(
        "Recompute Batch Size",
        config_parameter="crm_customer_planning.recompute_batch_size",
        default=10000,
        help="Customers recomputed per transaction by the scheduled action.",
    )
    planning_pass_runner = fields.Selection(
        [
            ("auto", "Job queue while its runner is up, else scheduled action"),
            ("queue_job", "Job queue"),
            ("cron", "Scheduled action"),
        ],
        "Nightly Passes Run By",
        config_parameter="crm_customer_planning.pass_runner",
        default="auto",
        help="Who runs the batches of the nightly recompute and return visit "
        "planning: jobs of the job queue (queue_job), which every Odoo server of "
        "the database shares, or the scheduled action itself, batch after batch.",
    )

    # Return visits and customer care
    followup_missed_days = fields.Integer(
        related="company_id.followup_missed_days", readonly=False
    )
    followup_birthday_mode = fields.Selection(
        related="company_id.followup_birthday_mode", readonly=False
    )
    followup_birthday_template_id = fields.Many2one(
        related="company_id.followup_birthday_template_id", readonly=False
    )
    followup_care_lead_days = fields.Integer(
        related="company_id.followup_care_lead_days", readonly=False
    )
    followup_first_visit_lead_days = fields.Integer(
        related="company_id.followup_first_visit_lead_days", readonly=False
    )
    followup_retention_drop = fields.Float(
        related="company_id.followup_retention_drop", readonly=False
    )
    complaint_general_manager_id = fields.Many2one(
        related="company_id.complaint_general_manager_id", readonly=False
    )
    # The company's working calendar: complaint deadlines count its hours, and
    # its time zone is the company's (res.company._get_planning_tz). Without
    # the Employees app, Odoo shows it nowhere else.
    planning_calendar_id = fields.Many2one(
        related="company_id.resource_calendar_id",
        string="Working Hours",
        readonly=False,
    )
    planning_calendar_tz = fields.Selection(
        related="company_id.resource_calendar_id.tz",
        string="Time Zone",
        readonly=False,
    )
    qualification_pass_mark = fields.Float(
        related="company_id.qualification_pass_mark", readonly=False
    )
    qualification_full_deal_size = fields.Monetary(
        related="company_id.qualification_full_deal_size",
        currency_field="company_currency_id",
        readonly=False,
    )
    qualification_light_real = fields.Boolean(
        related="company_id.qualification_light_real", readonly=False
    )
    qualification_light_compete = fields.Boolean(
        related="company_id.qualification_light_compete", readonly=False
    )
    qualification_light_win = fields.Boolean(
        related="company_id.qualification_light_win", readonly=False
    )
    qualification_light_worth = fields.Boolean(
        related="company_id.qualification_light_worth", readonly=False
    )
    qualification_forecast_caps = fields.Boolean(
        related="company_id.qualification_forecast_caps", readonly=False
    )
    qualification_cap_real = fields.Float(
        related="company_id.qualification_cap_real", readonly=False
    )
    qualification_cap_compete = fields.Float(
        related="company_id.qualification_cap_compete", readonly=False
    )
    qualification_cap_win = fields.Float(
        related="company_id.qualification_cap_win", readonly=False
    )
    qualification_cap_worth = fields.Float(
        related="company_id.qualification_cap_worth", readonly=False
    )
    # Resource allocation (二八原则)
    allocation_top_share = fields.Float(
        related="company_id.allocation_top_share", readonly=False
    )
    allocation_target_share = fields.Float(
        related="company_id.allocation_target_share", readonly=False
    )
    allocation_drift_tolerance = fields.Float(
        related="company_id.allocation_drift_tolerance", readonly=False
    )
