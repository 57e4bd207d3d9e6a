"""The returns centre: return requests, clocks, receipt by scan, grading, dispositions."""
