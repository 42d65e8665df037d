from . import customer_care_holiday
from . import customer_followup
from . import customer_followup_rule
from . import customer_tier
from . import customer_tier_history
from . import res_company
from . import res_config_settings
from . import res_partner
