from . import customer_coverage_report
