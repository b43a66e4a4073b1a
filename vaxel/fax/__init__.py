"""Fax mailbox: received faxes become PDFs e-mailed to the service's addresses."""
