"""The website widget: hours, waits and call-me-back requests on a company's own site."""
