"""Billing, mobile data and dialplan snippet screens: what they change and show."""
from sqlalchemy import select

from vaxel.billing.models import CostAssignment, CostCentre
from vaxel.dialplan_snippets.models import DialplanSnippet
from vaxel.mobiledata.models import DataTopUp

from .conftest import SNIPPET, flashes


def test_admin_moves_a_user_and_previews_the_invoice(portal, world, db):
    portal.login(world.ops_email)
    portal.post("/ops/prices/", {"plan": "*", "product": "licence:fixed", "amount": "99,50"})
    portal.post("/ops/prices/", {"plan": "*", "product": "service:queue", "amount": "49"})
    assert "99.50 SEK" in portal.get("/ops/prices/").text
    portal.post("/logout")
    portal.login(world.a.admin_email)
    base = f"/companies/{world.a.company}/billing"
    portal.post(f"{base}/licences".replace("billing/licences", "licences/")
                + f"{world.a.licence}/assign", {"user_id": str(world.a.user)})
    portal.post(f"{base}/assignments", {f"user-{world.a.user}": str(world.a.centre)})
    row = db.scalar(select(CostAssignment).where(CostAssignment.user_id == world.a.user))
    assert row.cost_centre_id == world.a.centre
    page = portal.get(f"{base}/preview").text
    assert "Alpha HQ" in page and "99.50 SEK" in page and "49.00 SEK" in page
    assert "148.50 SEK" in page


def test_cost_centres_and_invoice_places(portal, world, db):
    portal.login(world.a.admin_email)
    base = f"/companies/{world.a.company}/billing"
    portal.post(f"{base}/places", {"name": "Head office", "address": "Storgatan 1"})
    portal.post(f"{base}/centres", {"name": "Support", "code": "200"})
    assert "Support" in portal.get(f"{base}/").text
    response = portal.post(f"{base}/centres", {"name": "Support"}, follow_redirects=True)
    assert "There is already a cost centre called Support." in flashes(response.text)
    portal.post(f"{base}/centres/{world.a.centre}/delete", {"confirmed": "yes"})
    assert db.get(CostCentre, world.a.centre) is None


def test_top_ups_in_the_app_pass_to_the_private_card(portal, world, db):
    portal.login(world.a.admin_email)
    portal.post(f"/companies/{world.a.company}/mobiledata/users/{world.a.user}",
                {"package": "5gb", "top_up_limit": "1"})
    portal.post("/logout")
    portal.login(world.a.user_email)
    portal.post("/me/data/top-up")
    refused = portal.post("/me/data/top-up", follow_redirects=True)
    assert any("pay with a private card" in f for f in flashes(refused.text))
    assert 'name="private_card"' in portal.get("/me/data").text
    portal.post("/me/data/top-up", {"private_card": "on"})
    payers = [t.payer.value for t in db.scalars(select(DataTopUp).order_by(DataTopUp.id))]
    assert payers == ["company", "private_card"]


def test_an_unsafe_snippet_is_shown_again_with_its_problems(portal, world, db):
    portal.login(world.ops_email)
    bad = SNIPPET.replace("answer", "system")
    response = portal.post(f"/ops/snippets/{world.a.snippet}", {"body": bad})
    assert response.status_code == 422
    assert "never allowed" in response.text and "system" in response.text
    portal.post(f"/ops/snippets/{world.a.snippet}", {"body": SNIPPET.replace("answer", "hangup"),
                                                      "note": "hang up"})
    portal.post(f"/ops/snippets/{world.a.snippet}/rollback", {"version": "1"})
    snippet = db.get(DialplanSnippet, world.a.snippet)
    db.refresh(snippet)
    assert [v.version for v in snippet.versions] == [1, 2, 3]
    assert "answer" in snippet.current.body
    preview = portal.get(f"/ops/snippets/?number=100&context=default&company_id={world.a.company}")
    assert "Alpha test" in preview.text and "<code>answer</code>" in preview.text
    other = portal.get(f"/ops/snippets/?number=100&context=default&company_id={world.b.company}")
    assert "<code>answer</code>" in other.text  # Beta has its own test snippet
    assert "No snippet matches 555" in portal.get("/ops/snippets/?number=555").text
