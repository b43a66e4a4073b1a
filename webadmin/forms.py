"""Reading submitted form fields into typed values; malformed input raises InvalidInput."""
from __future__ import annotations

import datetime as dt
import enum
from typing import TypeVar

from werkzeug.datastructures import MultiDict

from vaxel.errors import InvalidInput

E = TypeVar("E", bound=enum.Enum)


def text(form: MultiDict, name: str) -> str:
    return (form.get(name) or "").strip()


def optional(form: MultiDict, name: str) -> str | None:
    return text(form, name) or None


def required(form: MultiDict, name: str, label: str) -> str:
    value = text(form, name)
    if not value:
        raise InvalidInput(f"{label} is required.", field=name)
    return value


def checkbox(form: MultiDict, name: str) -> bool:
    return form.get(name) in ("on", "1", "true", "yes")


def choice(form: MultiDict, name: str, enum_cls: type[E]) -> E:
    try:
        return enum_cls(text(form, name))
    except ValueError as exc:
        raise InvalidInput(f"Choose a valid {name.replace('_', ' ')}.", field=name) from exc


def whole_number(form: MultiDict, name: str, low: int, high: int) -> int:
    raw = text(form, name)
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidInput(f"{name.replace('_', ' ').capitalize()} must be {low}–{high}.",
                           field=name)
    return int(raw)


def optional_id(form: MultiDict, name: str) -> int | None:
    raw = text(form, name)
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidInput(f"Choose a valid {name.replace('_', ' ')}.", field=name)
    return int(raw)


def optional_date(form: MultiDict, name: str) -> dt.date | None:
    raw = text(form, name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidInput("Write the date as YYYY-MM-DD.", field=name) from exc


def optional_time(form: MultiDict, name: str) -> dt.time | None:
    raw = text(form, name)
    if not raw:
        return None
    try:
        return dt.time.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidInput("Write the time as HH:MM.", field=name) from exc


def optional_local_datetime(form: MultiDict, name: str, tz: dt.tzinfo) -> dt.datetime | None:
    """A datetime-local field (wall-clock time in `tz`) as an aware instant."""
    raw = text(form, name)
    if not raw:
        return None
    try:
        return dt.datetime.fromisoformat(raw).replace(tzinfo=tz)
    except ValueError as exc:
        raise InvalidInput("Write the time as YYYY-MM-DD HH:MM.", field=name) from exc
