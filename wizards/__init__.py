from . import crm_lead_qualify
from . import crm_lead_stage_override
from . import customer_tier_override
from . import mail_activity_schedule
