"""The document FreeSWITCH would build from freeswitch-conf/, and look-ups in it (for
tests/test_freeswitch_conf.py and tests/security/test_freeswitch_acl.py).

No FreeSWITCH needed: `preprocess` below follows switch_xml.c's pre-processor (1.10) closely
enough for our files — line by line, `<include>`/`<?` lines dropped, include globs relative
to the including file, set/exec-set/env-set, and double-dollar variables substituted as
text (unknown ones become empty).
"""
from __future__ import annotations

import glob
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

CONF = Path(__file__).resolve().parent.parent / "freeswitch-conf"
ENV = {
    "VAXEL_ESL_PASSWORD": "esl-Test-7f3kq9xw",
    "VAXEL_XMLCURL_PASSWORD": "curl-Test-p2m8v4zr",
    "VAXEL_TRUNK_ADDRESSES": "192.0.2.10, 198.51.100.0/24",
}
_TAG = re.compile(r'<X-PRE-PROCESS\s+cmd="([^"]*)"\s+data="([^"]*)"\s*/>', re.IGNORECASE)
_VAR = re.compile(r"\$\$\{([^}]*)\}")


def preprocess(path: Path, variables: dict[str, str]) -> str:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        line = _VAR.sub(lambda m: variables.get(m.group(1), ""), line)
        if "<include>" in line or "</include>" in line or "<?" in line:
            continue
        tag = _TAG.search(line)
        if not tag:
            out.append(line)
            continue
        cmd, data = tag.group(1).lower(), tag.group(2)
        name, _, value = data.partition("=")
        if cmd == "set":
            variables[name.strip()] = value.strip()
        elif cmd == "exec-set":
            result = subprocess.run(value, shell=True, capture_output=True, text=True, timeout=10)
            variables[name.strip()] = result.stdout.rstrip(" \n")
        elif cmd == "env-set" and value.startswith("$") and value[1:] in os.environ:
            variables[name] = os.environ[value[1:]]
        elif cmd == "include":
            for included in sorted(glob.glob(str(path.parent / data))):
                out.append(preprocess(Path(included), variables))
    return "".join(out)


def build(conf_dir: Path) -> tuple[ET.Element, dict[str, str]]:
    variables: dict[str, str] = {"local_ip_v4": "192.0.2.2", "sounds_dir": "/snd",
                                 "temp_dir": "/tmp", "log_dir": "/log"}
    return ET.fromstring(preprocess(conf_dir / "freeswitch.xml", variables)), variables


def config(root: ET.Element, name: str) -> ET.Element:
    found = root.find(f"./section[@name='configuration']/configuration[@name='{name}.conf']")
    assert found is not None, f"{name}.conf is missing"
    return found


def params(element: ET.Element) -> dict[str, str]:
    return {p.get("name"): p.get("value") for p in element.iter("param")}


def acl_list(root: ET.Element, name: str) -> ET.Element:
    found = config(root, "acl").find(f"./network-lists/list[@name='{name}']")
    assert found is not None, f"ACL {name} is not defined"
    return found


def profile(root: ET.Element, name: str) -> dict[str, str]:
    found = config(root, "sofia").find(f"./profiles/profile[@name='{name}']")
    assert found is not None
    return params(found.find("settings"))
