"""The next period's invoice, previewed per cost centre. Pure: charges and prices in,
an invoice preview out; no database.

A charge is one product for one month (a licence, a number, a service, an add-on…) put
on a cost centre (None: the company as a whole). Products without a price are listed
apart rather than charged at zero, so a gap in the price list is visible.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping

from .products import ALL_PLANS


@dataclass(frozen=True)
class Charge:
    product: str
    cost_centre_id: int | None
    description: str = ""
    quantity: int = 1


@dataclass(frozen=True)
class Price:
    amount_minor: int
    currency: str = "SEK"


@dataclass(frozen=True)
class PriceList:
    """Prices keyed by (plan, product); plan "*" applies to every plan without its own."""

    prices: Mapping[tuple[str, str], Price]

    def price(self, plan: str, product: str) -> Price | None:
        return self.prices.get((plan, product)) or self.prices.get((ALL_PLANS, product))


@dataclass(frozen=True)
class InvoiceLine:
    product: str
    quantity: int
    unit_minor: int
    descriptions: tuple[str, ...]

    @property
    def amount_minor(self) -> int:
        return self.quantity * self.unit_minor


@dataclass(frozen=True)
class CentreInvoice:
    cost_centre_id: int | None
    lines: tuple[InvoiceLine, ...]

    @property
    def total_minor(self) -> int:
        return sum(line.amount_minor for line in self.lines)


@dataclass(frozen=True)
class InvoicePreview:
    period_start: dt.date
    period_end: dt.date  # inclusive
    currency: str
    centres: tuple[CentreInvoice, ...]
    unpriced: tuple[str, ...]  # products charged but missing from the price list

    @property
    def total_minor(self) -> int:
        return sum(c.total_minor for c in self.centres)


def next_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month after `today`'s: the period the next invoice covers."""
    start = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def preview_invoice(charges: Iterable[Charge], prices: PriceList, plan: str,
                    today: dt.date) -> InvoicePreview:
    """Group the charges per cost centre and product, priced for `plan`."""
    grouped: dict[int | None, dict[str, list[Charge]]] = defaultdict(lambda: defaultdict(list))
    unpriced: set[str] = set()
    currencies: set[str] = set()
    for charge in charges:
        price = prices.price(plan, charge.product)
        if price is None:
            unpriced.add(charge.product)
            continue
        currencies.add(price.currency)
        grouped[charge.cost_centre_id][charge.product].append(charge)
    if len(currencies) > 1:
        raise ValueError(f"the price list mixes currencies: {sorted(currencies)}")
    centres = tuple(_centre(cc, grouped[cc], prices, plan)
                    for cc in sorted(grouped, key=lambda c: (c is not None, c or 0)))
    return InvoicePreview(*next_period(today), (currencies or {"SEK"}).pop(), centres,
                          tuple(sorted(unpriced)))


def _centre(cost_centre_id: int | None, by_product: dict[str, list[Charge]],
            prices: PriceList, plan: str) -> CentreInvoice:
    lines = tuple(
        InvoiceLine(product, sum(c.quantity for c in charges),
                    prices.price(plan, product).amount_minor,
                    tuple(c.description for c in charges if c.description))
        for product, charges in sorted(by_product.items()))
    return CentreInvoice(cost_centre_id, lines)
