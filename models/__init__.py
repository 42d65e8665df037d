"""The models, one module a file named after its model. A sibling file that extends a
model (a nightly job, a concern of a large record) is imported right after the record's
own file; ``planning_rules`` (plain functions, no model) comes first."""

from . import planning_rules
from . import customer_planning_input_mixin
from . import crm_lead
from . import crm_lead_competitor
from . import crm_lead_contact
from . import crm_lead_qualification
from . import crm_lost_reason
from . import crm_qualification_criterion
from . import crm_stage
from . import customer_action_item
from . import customer_care_holiday
from . import customer_complaint
from . import customer_complaint_deadline
from . import customer_complaint_escalation
from . import customer_complaint_intake
from . import customer_complaint_merge
from . import customer_complaint_public_submission
from . import customer_complaint_rating
from . import customer_complaint_fault
from . import customer_complaint_handover
from . import customer_complaint_handover_planning
from . import customer_complaint_category
from . import customer_complaint_sla
from . import customer_complaint_stage
from . import customer_followup
from . import customer_followup_planning
from . import customer_followup_rule
from . import customer_followup_rule_planning
from . import customer_planning_job
from . import customer_purchasing_role
from . import customer_tier
from . import customer_tier_history
from . import mail_activity
from . import mail_activity_plan_template
from . import res_company
from . import res_company_supervision
from . import res_config_settings
from . import res_partner
from . import res_partner_planning
from . import res_lang
from . import resource_calendar
from . import spreadsheet_dashboard
