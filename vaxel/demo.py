"""A demo company with the colleagues from the brochure's admin screenshot."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from .actor import Actor
from .models import DeviceKind, LicenceKind, Plan, Role, ServiceKind
from .numbers.services import add_number
from .queues.services import add_member, configure_queue
from .people.licences import assign_licence, buy_licence
from .people.services import add_mobile_twin, add_sip_device, create_user
from .switchboard.ivr.services import create_menu, set_option
from .switchboard.services import create_service
from .tenancy.services import create_company

# Who the audit log says set the demo up.
DEMO = Actor.system("demo")
# (name, mobile number or None); extensions are given in order from 1000.
COLLEAGUES = (
    ("Alex Nguyen", None),
    ("Daria Jank", "070 164 77254"),
    ("Dennis Hughes", None),
    ("Emma Millet", "070 166 17016"),
    ("Ethan Hopkins", None),
    ("James Stewart", None),
    ("Leona Soares", None),
    ("Maurilio Rizzo", None),
    ("Mimi Ostergaard", None),
    ("Masha Tulin", "070 107 15474"),
    ("Nicole Schmidt", "070 164 77425"),
)


@dataclass
class DemoCompany:
    domain: str
    # extension → SIP password, shown once so a newcomer can register a softphone.
    passwords: dict[str, str] = field(default_factory=dict)


def load_demo(session: Session, domain: str = "demo.vaxel.local",
              passwords: dict[str, str] | None = None) -> DemoCompany:
    """Create the demo company. `passwords` fixes chosen extensions' SIP passwords (tests)."""
    passwords = passwords or {}
    company = create_company(
        session, DEMO, "Växel Demo AB", domain, country="SE", plan=Plan.BUSINESS,
        main_number="+46 8 123 456 00",
    )
    demo = DemoCompany(domain=company.sip_domain)
    users = []
    for index, (name, mobile) in enumerate(COLLEAGUES):
        extension = str(1000 + index)
        user = create_user(
            session, DEMO, company, name, extension,
            email=name.lower().replace(" ", ".") + "@example.com",
            role=Role.ADMIN if index == 0 else Role.USER, mobile_number=mobile,
        )
        new = add_sip_device(session, DEMO, company, user, DeviceKind.SOFTPHONE,
                             password=passwords.get(extension))
        demo.passwords[extension] = new.password
        licence = buy_licence(session, DEMO, company,
                              LicenceKind.MOBILE if mobile else LicenceKind.FIXED)
        assign_licence(session, DEMO, licence, user)
        if mobile:
            add_mobile_twin(session, DEMO, company, user, mobile)
        add_number(session, DEMO, company, f"+46 8 123 456 {10 + index:02d}", user=user)
        users.append(user)
    _switchboard(session, company, users)
    session.flush()
    return demo


def _switchboard(session: Session, company, users) -> None:
    """The company number answers with a menu: 1 (or no choice) the sales queue, where
    Daria, Dennis and Emma answer once logged in; 2 Alex's desk; 9 the menu again; and any
    colleague's extension can be dialled directly."""
    sales = create_service(session, DEMO, company, ServiceKind.QUEUE, "Sales", extension="4601")
    queue = configure_queue(session, DEMO, sales)
    for user in users[1:4]:
        add_member(session, DEMO, queue, user)
    reception = create_service(session, DEMO, company, ServiceKind.IVR, "Reception",
                               extension="4600")
    menu = create_menu(
        session, DEMO, reception, "Welcome", entry=True, direct_dial_digits=4,
        greeting_text=("Welcome to Växel Demo. For sales, press 1. To speak to Alex, press 2. "
                       "Or dial your colleague's extension."),
        default_destination=f"service:{sales.id}")
    set_option(session, DEMO, menu, "1", f"service:{sales.id}", "Sales")
    set_option(session, DEMO, menu, "2", "user:1000", "Alex Nguyen")
    set_option(session, DEMO, menu, "9", "repeat", "Hear this again")
    add_number(session, DEMO, company, "+46 8 123 456 00", service=reception)
