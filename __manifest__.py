# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Customer Planning",
    "summary": "Tier customers by current and potential value, plan coverage, "
    "share of wallet and 80/20 resource allocation (客户规划与服务)",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "Customer Planning contributors",
    "website": "https://github.com/customer-planning/crm_customer_planning",
    "maintainers": ["customer-planning"],
    "development_status": "Alpha",
    # PyPI packages the addon imports beyond Odoo's own requirements (also in
    # requirements.txt): whool writes them into the wheel's Requires-Dist.
    "external_dependencies": {"python": ["holidays"]},
    "depends": [
        "crm",
        "contacts",
        "mail",
        "portal",
        "rating",
        "resource",
        "spreadsheet_dashboard",
        # OCA's job queue (PyPI: odoo-addon-queue_job): the nightly passes run as
        # its jobs; Odoo loads it server-wide for its job runner (scripts/prepare.sh).
        "queue_job",
    ],
    "data": [
        "security/crm_customer_planning_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_customer_planning_security.xml",
        "security/customer_complaint_security.xml",
<<<<<<< HEAD
        "security/customer_account_plan_security.xml",
=======
        "security/customer_service_report_security.xml",
>>>>>>> i17-reports
        "data/customer_tier_data.xml",
        "data/crm_qualification_criterion_data.xml",
        "data/crm_lost_reason_data.xml",
        "data/customer_purchasing_role_data.xml",
        "data/mail_activity_plan_data.xml",
        "data/customer_followup_rule_data.xml",
        "data/customer_care_holiday_data.xml",
        "data/mail_template_data.xml",
        "data/mail_template_rating_data.xml",
        "data/customer_complaint_data.xml",
        "data/customer_complaint_handover_data.xml",
        "data/ir_cron_data.xml",
        "data/queue_job_data.xml",
        "wizards/customer_tier_override_views.xml",
        "wizards/crm_lead_qualify_views.xml",
        "wizards/crm_lead_stage_override_views.xml",
        "wizards/customer_complaint_reassign_views.xml",
        "wizards/customer_complaint_merge_views.xml",
        "wizards/customer_complaint_return_visit_views.xml",
        "wizards/customer_complaint_waive_views.xml",
        "wizards/customer_complaint_handover_reply_views.xml",
        "views/customer_tier_views.xml",
        "views/customer_tier_history_views.xml",
        "views/crm_qualification_criterion_views.xml",
        "views/customer_purchasing_role_views.xml",
        "views/customer_action_item_views.xml",
        "views/customer_account_plan_views.xml",
        "views/crm_lead_views.xml",
        "views/crm_stage_views.xml",
        "views/crm_lost_reason_views.xml",
        "views/mail_activity_plan_views.xml",
        "views/mail_activity_views.xml",
        "views/customer_followup_views.xml",
        "views/customer_followup_rule_views.xml",
        "views/customer_care_holiday_views.xml",
        "views/customer_planning_job_views.xml",
        "views/customer_complaint_views.xml",
        "views/customer_complaint_rating_views.xml",
        "views/customer_complaint_handover_views.xml",
        "views/customer_complaint_category_views.xml",
        "views/customer_complaint_stage_views.xml",
        "views/customer_complaint_sla_views.xml",
        "views/customer_complaint_target_views.xml",
        "views/customer_complaint_portal_templates.xml",
        "views/customer_complaint_rating_templates.xml",
        "views/customer_complaint_public_templates.xml",
        "views/customer_service_weekly_report_views.xml",
        "views/customer_service_supervision_report_views.xml",
        "views/res_partner_views.xml",
        "views/resource_calendar_views.xml",
        "views/res_config_settings_views.xml",
        "report/customer_coverage_report_views.xml",
        "report/crm_competitor_report_views.xml",
        "report/customer_complaint_report_views.xml",
        "report/customer_allocation_report_views.xml",
        "report/customer_allocation_month_report_views.xml",
        "report/customer_resource_report_views.xml",
        "report/customer_target_report_views.xml",
        "report/customer_volume_report_views.xml",
        "report/report_account_plan.xml",
<<<<<<< HEAD
        "report/report_account_plan_record.xml",
=======
        "report/report_service_supervision_templates.xml",
>>>>>>> i17-reports
        "views/crm_customer_planning_menus.xml",
        # The dashboard names menus: Odoo checks they exist when tests are enabled.
        "data/spreadsheet_dashboard_data.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/crm_lead_demo.xml",
        "demo/crm_qualification_demo.xml",
        "demo/crm_lead_screening_demo.xml",
        "demo/crm_lead_buying_organisation_demo.xml",
        "demo/customer_followup_demo.xml",
        "demo/customer_complaint_demo.xml",
        "demo/customer_complaint_rating_demo.xml",
        "demo/customer_complaint_handover_demo.xml",
        "demo/customer_followup_week_demo.xml",
<<<<<<< HEAD
<<<<<<< HEAD
        "demo/customer_account_plan_demo.xml",
=======
        "demo/customer_service_report_demo.xml",
>>>>>>> i17-reports
=======
        "demo/customer_allocation_demo.xml",
        # Last: the demo's people and customers speak Chinese once it is loaded.
        "demo/res_lang_demo.xml",
>>>>>>> i19-dayone
    ],
    "assets": {
        "web.assets_tests": [
            "crm_customer_planning/static/tests/tours/**/*",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "application": True,
    "installable": True,
}
