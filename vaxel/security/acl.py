"""The FreeSWITCH ACL file holding banned addresses (pure: text in, text out).

FreeSWITCH's list `not_banned` (freeswitch-conf/autoload_configs/acl.conf.xml) is
`default="allow"` and includes `banned.local.xml`: one `deny` node per banned address.
Every directory user carries `auth-acl=not_banned`, so a digest check (REGISTER, INVITE)
from a banned address is refused with 403 even with the right password.
"""
from __future__ import annotations

import ipaddress
from typing import Iterable

ACL_NAME = "not_banned"
FILE_NAME = "banned.local.xml"


def banned_acl_file(sources: Iterable[str]) -> str:
    """The file's text: the pre-processor drops the <include> lines, keeping the nodes."""
    lines = ["<include>",
             "  <!-- Rendered by the Växel controller from the sip_ban table. Do not edit. -->"]
    for source in sorted(set(sources)):
        address = ipaddress.ip_address(source)  # raises on anything else: nothing unchecked
        lines.append('  <node type="deny" cidr="%s/%d"/>' % (address, address.max_prefixlen))
    lines.append("</include>")
    return "\n".join(lines) + "\n"
