"""An empty price list says so instead of showing silent zero invoices (issue 15, item 12)."""
from __future__ import annotations

from vaxel.actor import Actor
from vaxel.billing.services import set_price


def test_an_empty_price_list_is_explained_on_the_invoice_and_the_price_list(portal, world, db):
    portal.login(world.a.admin_email)
    preview = portal.get(f"/companies/{world.a.company}/billing/preview").text
    assert 'id="no-prices"' in preview and "Your operator sets the prices." in preview
    portal.post("/logout")
    portal.login(world.ops_email)
    assert "/ops/prices/" in portal.get(f"/companies/{world.a.company}/billing/preview").text
    assert 'id="no-prices"' in portal.get("/ops/prices/").text

    set_price(db, "*", "licence:fixed", 9900, Actor.system("test"))
    db.flush()
    assert 'id="no-prices"' not in portal.get(f"/companies/{world.a.company}/billing/preview").text
    assert 'id="no-prices"' not in portal.get("/ops/prices/").text
