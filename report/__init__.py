from . import crm_competitor_report
from . import customer_allocation_report
from . import customer_complaint_report
from . import customer_coverage_report
from . import report_account_plan
from . import report_service_supervision
from . import report_weekly_service
