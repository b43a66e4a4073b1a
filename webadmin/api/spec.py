"""The OpenAPI document: written by hand in openapi.yaml, served as JSON."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml
from flask import jsonify

from . import route

SPEC_FILE = Path(__file__).with_name("openapi.yaml")


@functools.cache
def openapi_document() -> dict:
    return yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))


@route("/openapi.json", None)
def openapi():
    return jsonify(openapi_document())
