"""The portal fixtures (two tenants, ops, a test client sending CSRF tokens)."""
from tests.webadmin.conftest import app, portal, world  # noqa: F401
