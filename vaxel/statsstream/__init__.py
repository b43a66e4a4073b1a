"""Queue statistics pushed to a BI tool (Power BI streaming datasets) and exported as CSV."""
