"""The dialogs: transient models that collect a choice and call a model method. The
business they call is in models/."""

from . import crm_lead_qualify
from . import crm_lead_stage_override
from . import customer_complaint_handover_reply
from . import customer_complaint_reassign
from . import customer_complaint_merge
from . import customer_complaint_return_visit
from . import customer_complaint_waive
from . import customer_tier_override
from . import mail_activity_schedule
