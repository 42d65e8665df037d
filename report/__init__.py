from . import customer_coverage_report
from . import customer_complaint_report
