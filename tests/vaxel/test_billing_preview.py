"""The invoice preview with plain values: grouping per cost centre, plan prices, gaps."""
import datetime as dt

import pytest

from vaxel.billing.preview import Charge, Price, PriceList, next_period, preview_invoice

PRICES = PriceList({
    ("*", "licence:fixed"): Price(9900), ("*", "licence:mobile"): Price(19900),
    ("enterprise", "licence:fixed"): Price(7900), ("*", "number:local"): Price(2500),
})


def test_next_period_is_the_following_calendar_month():
    assert next_period(dt.date(2030, 1, 31)) == (dt.date(2030, 2, 1), dt.date(2030, 2, 28))
    assert next_period(dt.date(2030, 12, 1)) == (dt.date(2031, 1, 1), dt.date(2031, 1, 31))


def test_charges_are_grouped_per_cost_centre_and_product():
    charges = [Charge("licence:fixed", 1, "Anna"), Charge("licence:fixed", 1, "Bo"),
               Charge("licence:mobile", 2, "Cia"), Charge("number:local", None, "+468123")]
    preview = preview_invoice(charges, PRICES, "business", dt.date(2030, 5, 10))
    assert [c.cost_centre_id for c in preview.centres] == [None, 1, 2]
    sales = preview.centres[1]
    assert [(line.product, line.quantity, line.amount_minor, line.descriptions)
            for line in sales.lines] == [
        ("licence:fixed", 2, 19800, ("Anna", "Bo"))]
    assert preview.total_minor == 2500 + 19800 + 19900
    assert preview.period_start == dt.date(2030, 6, 1) and preview.currency == "SEK"


def test_a_plan_price_wins_over_the_price_for_every_plan():
    preview = preview_invoice([Charge("licence:fixed", None)], PRICES, "enterprise",
                              dt.date(2030, 1, 1))
    assert preview.total_minor == 7900


def test_products_without_a_price_are_listed_not_charged():
    preview = preview_invoice([Charge("addon:recording", 1), Charge("licence:fixed", 1)],
                              PRICES, "business", dt.date(2030, 1, 1))
    assert preview.unpriced == ("addon:recording",) and preview.total_minor == 9900


def test_an_empty_company_previews_an_empty_invoice():
    preview = preview_invoice([], PRICES, "free", dt.date(2030, 1, 1))
    assert preview.centres == () and preview.total_minor == 0


def test_mixed_currencies_are_refused():
    prices = PriceList({("*", "a"): Price(1, "SEK"), ("*", "b"): Price(1, "EUR")})
    with pytest.raises(ValueError):
        preview_invoice([Charge("a", None), Charge("b", None)], prices, "free", dt.date(2030, 1, 1))
