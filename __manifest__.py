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
    "depends": ["crm", "contacts", "mail"],
    "data": [
        "security/crm_customer_planning_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_customer_planning_security.xml",
        "data/customer_tier_data.xml",
        "data/ir_cron_data.xml",
        "wizards/customer_tier_override_views.xml",
        "views/customer_tier_views.xml",
        "views/customer_tier_history_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "report/customer_coverage_report_views.xml",
        "views/crm_customer_planning_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/crm_lead_demo.xml",
    ],
    "application": True,
    "installable": True,
}
