"""The mod_xml_curl service: FreeSWITCH asks over HTTP for users and dialplans; we answer
from PostgreSQL. This package owns that protocol and nothing else."""
