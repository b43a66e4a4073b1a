"""The company the controller's tests call into, as a pytest plugin (tests/conftest.py):
tests/fs_control and tests/security drive calls into the same Acme."""
import pytest

from tests.actors import SYSTEM
from vaxel.models import ServiceKind
from vaxel.people.services import add_sip_device, create_user
from vaxel.switchboard.ivr.services import create_menu, set_option
from vaxel.switchboard.services import create_service
from vaxel.tenancy.services import create_company


@pytest.fixture
def company(committed_db):
    """Acme with Daria (1001), Dennis (1002) and a two-option reception menu."""
    with committed_db.begin() as s:
        acme = create_company(s, SYSTEM, "Acme", "acme.example")
        users = {ext: create_user(s, SYSTEM, acme, name, ext)
                 for name, ext in (("Daria", "1001"), ("Dennis", "1002"))}
        for user in users.values():
            add_sip_device(s, SYSTEM, acme, user)
        reception = create_service(s, SYSTEM, acme, ServiceKind.IVR, "Reception", extension="4600")
        menu = create_menu(s, SYSTEM, reception, "Main", entry=True,
                           greeting_text="Welcome to Acme", max_retries=1,
                           default_destination="user:1002")
        set_option(s, SYSTEM, menu, "2", "user:1001")
        return {"id": acme.id, "reception": reception.id, "daria": users["1001"].id}
