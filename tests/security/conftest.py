"""The xml_curl fixtures (the capture's company, the app on the test's transaction)."""
from tests.xml_curl.conftest import app, app_sessions, client, world  # noqa: F401
