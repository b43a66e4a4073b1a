"""Who sets the tests' rows up: the system, which reaches every company (as the demo and
the CLI do). Tests of who may do what build their own Actor."""
from __future__ import annotations

from vaxel.actor import Actor

SYSTEM = Actor.system()
