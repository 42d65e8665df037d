from . import customer_coverage_report
from . import crm_competitor_report
