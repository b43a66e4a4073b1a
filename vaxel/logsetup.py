"""Logging for all three services, configured in one place: JSON lines (or plain text)
carrying the call UUID of the call being handled, when there is one.

The call UUID lives in a context variable: each call runs in its own greenlet (the
controller) and greenlets have their own context, so one call's UUID never leaks into
another's lines.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import sys

call_uuid: contextvars.ContextVar[str] = contextvars.ContextVar("vaxel_call_uuid", default="")

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def bind_call(uuid: str) -> None:
    """From now on (in this greenlet or thread) log lines carry `call_uuid`."""
    call_uuid.set(uuid or "")


class CallUuidFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "call_uuid", ""):
            record.call_uuid = call_uuid.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, call_uuid, extras."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(
                timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "msg": record.getMessage(),
        }
        if getattr(record, "call_uuid", ""):
            line["call_uuid"] = record.call_uuid
        line.update({k: v for k, v in vars(record).items()
                     if k not in _STANDARD and k != "call_uuid" and not k.startswith("_")})
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(call_uuid)s]: %(message)s"


def configure(level: str = "INFO", fmt: str = "json", stream=None) -> logging.Handler:
    """Replace the root logger's handlers with one that writes `fmt` ("json" or "text")."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(CallUuidFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler
