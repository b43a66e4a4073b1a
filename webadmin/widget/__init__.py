"""The website widget: its public door (/widget/v1) and its screen in the portal."""
