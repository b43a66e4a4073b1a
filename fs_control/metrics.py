"""The controller's Prometheus metrics, in one registry of their own (served by health.py)."""
from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry()

CALLS_HANDLED = Counter("vaxel_controller_calls", "Calls handed to the controller",
                        registry=REGISTRY)
CALLS_ENDED = Counter("vaxel_controller_calls_ended", "Finished calls seen (HANGUP_COMPLETE)",
                      registry=REGISTRY)
LIVE_CALLS = Gauge("vaxel_live_calls", "Channels FreeSWITCH has up, as the controller sees them",
                   registry=REGISTRY)
ESL_CONNECTED = Gauge("vaxel_esl_connected", "1 while the inbound Event Socket is up",
                      registry=REGISTRY)
ESL_RECONNECTS = Counter("vaxel_esl_reconnects", "Inbound Event Socket (re)connections",
                         registry=REGISTRY)
EVENT_LAG = Histogram("vaxel_event_lag_seconds",
                      "From FreeSWITCH's Event-Date-Timestamp to a handler seeing the event",
                      buckets=(0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30), registry=REGISTRY)
QUEUE_SIZE = Gauge("vaxel_event_queue_size", "Events waiting per subscriber",
                   ["handler"], registry=REGISTRY)
EVENTS_DROPPED = Gauge("vaxel_events_dropped", "Events dropped by a full subscriber queue",
                       ["handler"], registry=REGISTRY)
BANS = Counter("vaxel_bans", "Source addresses banned", ["reason"], registry=REGISTRY)
BANNED_NOW = Gauge("vaxel_banned_sources", "Addresses in the not_banned ACL's deny nodes",
                   registry=REGISTRY)
CDR_RECONCILED = Counter("vaxel_cdr_reconciled", "Spooled JSON CDRs written to the call log",
                         registry=REGISTRY)
CDR_SPOOL = Gauge("vaxel_cdr_spool_files", "JSON CDR files waiting in the spool",
                  registry=REGISTRY)
