"""The `not_banned` ACL in freeswitch-conf: allow by default, deny what the controller banned."""
from __future__ import annotations

import shutil

from scripts.render_freeswitch_conf import render
from scripts.freeswitch_run import committed_files_only
from tests.freeswitch_conf import CONF, ENV, acl_list, build, profile
from vaxel.security.acl import ACL_NAME, FILE_NAME, banned_acl_file


def _tree(tmp_path, banned=None):
    conf = tmp_path / "conf"
    shutil.copytree(CONF, conf, ignore=committed_files_only)
    render(ENV, conf)
    if banned is not None:
        (conf / FILE_NAME).write_text(banned_acl_file(banned))
    return build(conf)[0]


def test_without_the_file_nobody_is_banned(tmp_path):
    acl = acl_list(_tree(tmp_path), ACL_NAME)
    assert acl.get("default") == "allow" and list(acl.iter("node")) == []


def test_the_controllers_file_becomes_deny_nodes(tmp_path):
    acl = acl_list(_tree(tmp_path, ["127.0.0.2", "2001:db8::7"]), ACL_NAME)
    assert [(n.get("type"), n.get("cidr")) for n in acl.iter("node")] == [
        ("deny", "127.0.0.2/32"), ("deny", "2001:db8::7/128")]


def test_no_profile_uses_the_list_as_a_bypass(tmp_path):
    # On an authenticating profile, passing apply-register-acl/apply-inbound-acl skips
    # the password check: the ban list must only ever be a user's auth-acl.
    root = _tree(tmp_path)
    for name in ("internal", "external"):
        settings = profile(root, name)
        assert ACL_NAME not in (settings.get("apply-register-acl"), settings.get("apply-inbound-acl"))
    assert "apply-register-acl" not in profile(root, "internal")
