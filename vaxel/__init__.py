"""Växel's shared domain: models, routing rules and schedules.

Every service (xml_curl, fs_control, webadmin) imports this package; it imports none of them,
nor Flask, nor anything that speaks to FreeSWITCH.
"""
