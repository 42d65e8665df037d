"""The reports: SQL-view analyses (``*_report.py``) and report builders
(``report_*.py``), each the report's own model. The jobs that mail reports are in
models/."""

from . import crm_competitor_report
from . import customer_allocation_report
from . import customer_allocation_month_report
from . import customer_complaint_report
from . import customer_coverage_report
from . import customer_resource_report
from . import customer_target_report
from . import customer_volume_report
from . import report_account_plan
from . import report_account_plan_record
from . import report_service_supervision
from . import report_weekly_service
