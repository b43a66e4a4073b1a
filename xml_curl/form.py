"""The form-encoded body mod_xml_curl posts, read lazily.

A dialplan request carries ~200 fields and we read about ten: splitting the body is cheap,
percent-decoding every value is not, so values are decoded only when asked for.
"""
from __future__ import annotations

from typing import Iterator, Mapping
from urllib.parse import unquote_plus


class FreeSwitchForm(Mapping[str, str]):
    def __init__(self, body: bytes):
        self._raw: dict[str, str] = {}
        for field in body.decode("ascii", errors="replace").split("&"):
            key, _, value = field.partition("=")
            if "%" in key or "+" in key:  # FreeSWITCH's keys are plain names; be exact anyway
                key = unquote_plus(key)
            # The first occurrence wins, as with Werkzeug's request.form.get.
            self._raw.setdefault(key, value)

    def __getitem__(self, key: str) -> str:
        return unquote_plus(self._raw[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def read_form(body: bytes) -> Mapping[str, str]:
    return FreeSwitchForm(body)
