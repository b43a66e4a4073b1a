"""A company with a queue and its widget set up (key, one allowed site, the queue shown)."""
from __future__ import annotations

from tests.actors import SYSTEM
from tests.queues.fixtures import make_agents, make_company, make_queue
from vaxel.widget import services
from vaxel.widget.services import WidgetForm

SITE = "https://www.acme.example"


def widget_form(queue_ids=(), **changes) -> WidgetForm:
    values = dict(origins=SITE, queue_ids=tuple(queue_ids), colour_accent="#1d4ed8",
                  colour_text="#ffffff", title_sv="Kundtjänst", title_en="Customer service",
                  intro_sv="Vi hjälper dig.", intro_en="We are here to help.",
                  contact_phone="08-777 88 99", contact_email="hej@acme.example",
                  retention_days=30)
    values.update(changes)
    return WidgetForm(**values)


def make_widget(s, name="Acme", domain="acme.example", logged_in=True, **queue_settings):
    """(company, queue, settings): agents 2001/2002 in Support, the widget showing it."""
    company = make_company(s, name, domain)
    agents = make_agents(s, company, ("2001", "2002"))
    queue = make_queue(s, company, members=agents, logged_in=logged_in,
                       **{"callback_enabled": True, **queue_settings})
    settings = services.save(s, SYSTEM, company.id, widget_form([queue.service_id]))
    services.rotate_key(s, SYSTEM, company.id)
    s.flush()
    return company, queue, settings
