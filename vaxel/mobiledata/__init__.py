"""Mobile data packages per user, their usage, and top-ups within a company-paid limit."""
