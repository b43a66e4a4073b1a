"""A refused form comes back as it was typed, with the reason beside the field at fault
(webadmin.refusals), never a redirect over an empty form."""
from __future__ import annotations

import re

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from vaxel.models import Company, IvrMenu, Plan, SwitchboardService
from webadmin.refill import Refusal, refill

from .conftest import field_error, flashes, value_of


def _from(portal, url: str, data: dict):
    """POST `data` as the form on the page at `url` would (the browser names the page)."""
    return portal.post(url, data, headers={"Referer": f"http://localhost{url}"})


def test_a_bad_sip_domain_keeps_the_new_company_form_but_not_the_password(portal, world, db):
    portal.login(world.ops_email)
    form = {"name": "Gamma AB", "sip_domain": "not a domain", "country": "SE", "plan": "enterprise",
            "admin_name": "Gun", "admin_extension": "1000", "admin_email": "gun@gamma.example",
            "admin_password": "a long enough secret"}
    response = _from(portal, "/ops/companies/new", form)
    assert response.status_code == 422
    assert field_error(response.text, "sip_domain") == "'not a domain' is not a valid SIP domain."
    assert value_of(response.text, "name") == "Gamma AB"
    assert value_of(response.text, "admin_email") == "gun@gamma.example"
    assert "a long enough secret" not in response.text
    assert re.search(r'<option value="enterprise" selected', response.text)
    assert db.scalar(select(func.count()).select_from(Company).where(Company.name == "Gamma AB")) == 0


def test_a_refused_ivr_key_keeps_the_key_and_the_typed_number(portal, world):
    portal.login(world.a.admin_email)
    page = f"/companies/{world.a.company}/ivr/{world.a.ivr}"
    response = portal.post(f"{page}/menus/{world.a.menu}/options",
                           {"digit": "5", "destination": "external", "external": "12",
                            "label": "Support"}, headers={"Referer": f"http://localhost{page}"})
    assert response.status_code == 422
    form = re.search(r'<form[^>]*action="[^"]*/options"[^>]*>.*?</form>', response.text, re.S).group(0)
    assert "'12' is not a possible phone number." in flashes(form)
    assert '<option selected>5</option>' in form or re.search(r'<option[^>]*value="5"[^>]* selected', form)
    assert value_of(form, "label") == "Support" and value_of(form, "external") == "12"


def test_a_service_over_the_plan_limit_keeps_its_name(portal, world, db):
    db.get(Company, world.a.company).plan = Plan.FREE
    db.flush()
    portal.login(world.a.admin_email)
    page = f"/companies/{world.a.company}/services/"
    response = _from(portal, page, {"kind": "queue", "name": "Support line", "extension": "4700"})
    assert response.status_code == 409
    assert value_of(response.text, "name") == "Support line"
    assert value_of(response.text, "extension") == "4700"
    assert flashes(response.text)
    assert db.scalar(select(func.count()).select_from(SwitchboardService).where(
        SwitchboardService.name == "Support line")) == 0


def test_a_forged_referer_never_draws_another_companys_page(portal, world):
    """The page drawn again must pass the same guard as the POST: same blueprint, same company."""
    portal.login(world.a.admin_email)
    response = portal.post(f"/companies/{world.a.company}/services/", {"kind": "bogus", "name": "X"},
                           headers={"Referer": f"http://localhost/companies/{world.b.company}/services/"})
    assert response.status_code == 303
    assert "Beta" not in portal.get(response.headers["Location"]).text.split("<main>")[1].split("</p>")[0]


def test_a_refused_menu_name_is_shown_in_the_form_it_came_from(portal, world, db):
    portal.login(world.a.admin_email)
    page = f"/companies/{world.a.company}/ivr/{world.a.ivr}"
    response = portal.post(f"{page}/menus/{world.a.menu}", {"name": "", "timeout_seconds": "99"},
                           headers={"Referer": f"http://localhost{page}"})
    assert response.status_code == 422
    assert field_error(response.text, "name") == "Name is required."
    assert db.scalar(select(IvrMenu.timeout_seconds).where(IvrMenu.id == world.a.menu)) != 99


def test_refill_fills_only_the_refused_form_and_leaves_secrets_out():
    page = ('<main><form method="post" action="/a"><input name="name" value="old">'
            '<input type="password" name="pw"><input type="checkbox" name="on" checked>'
            '<select name="s"><option value="1" selected>1</option><option value="2">2</option></select>'
            '<textarea name="t">x</textarea></form>'
            '<form method="post" action="/b"><input name="name" value="other"></form></main>')
    form = MultiDict({"name": "new <b>", "pw": "secret", "s": "2", "t": "typed"})
    html = refill(page, Refusal("/a", form, "Too short.", "name"), "/page")
    first, second = html.split("</form>")[:2]
    assert 'value="new &lt;b&gt;"' in first and "secret" not in html
    assert '<option value="2" selected>' in first and '<option value="1">' in first
    assert 'name="on"' in first and "checked" not in first
    assert ">typed</textarea>" in first
    assert 'aria-invalid="true"' in first and 'class="field-error" role="alert">Too short.<' in first
    assert 'value="other"' in second


def test_refill_tells_the_reason_at_the_top_when_the_form_is_not_on_the_page():
    html = refill("<main><p>x</p></main>", Refusal("/gone", MultiDict(), "No.", None), "/page")
    assert html.startswith('<main><p class="flash error" role="alert">No.</p>')


def test_forwarding_to_a_colleague_who_does_not_exist_is_refused_with_the_input_kept(
        portal, world, db):
    from vaxel.models import PresenceProfile
    portal.login(world.a.user_email)
    page = f"/me/profiles/{world.a.profile}"
    response = _from(portal, page, {"forward_kind": "user", "forward_target": "9999",
                                    "forward_after_seconds": "15"})
    assert response.status_code == 422
    assert field_error(response.text, "forward_target") == "No colleague has extension 9999."
    assert value_of(response.text, "forward_target") == "9999"
    assert '<option value="user" selected' in response.text
    assert db.get(PresenceProfile, world.a.profile).forward_target != "9999"


def test_colleagues_can_be_picked_by_name(portal, world):
    portal.login(world.a.user_email)
    page = portal.get(f"/me/profiles/{world.a.profile}").text
    assert 'list="colleagues"' in page
    assert '<option value="1000">Alpha Admin (1000)</option>' in page
    response = portal.post(f"/me/profiles/{world.a.profile}",
                           {"forward_kind": "user", "forward_target": "1000",
                            "forward_after_seconds": "15"})
    assert response.status_code == 303
