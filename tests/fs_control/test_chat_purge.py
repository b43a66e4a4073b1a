"""The controller's chat feature: its periodic job purges what is past 24 months, files
and rows, from the store the app writes attachments to."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from fs_control.features import Deps, Features
from fs_control.features.chat import plugin
from fs_control.registry import FEATURES
from tests.chat.conftest import make_office
from vaxel.chat import messages, services
from vaxel.chat.models import ChatMessage
from vaxel.config import Settings
from vaxel.storage import Store

PNG = b"\x89PNG\r\n\x1a\n" + bytes(16)


def test_the_purge_job_runs_in_the_controller_and_removes_only_old_messages(committed_db,
                                                                           tmp_path):
    assert plugin in FEATURES
    settings = Settings.from_env({"VAXEL_VOICEMAIL_DIR": str(tmp_path)})
    features = Features()
    plugin.register(features, Deps(settings, committed_db, None, None, None, None))
    [job] = [p for p in features.periodic if p.name == "purge_chat"]
    store = Store(tmp_path)
    with committed_db.begin() as session:
        office = make_office(session, "Purge")
        direct = services.start_direct(session, office.anna, office.bo.user_id).id
        sent = {body: messages.send(session, office.anna, store, direct, str(uuid.uuid4()),
                                    body, messages.Upload("p.png", PNG))[0]
                for body in ("old", "recent")}
        sent["old"].created_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=800)
        files = {body: m.attachment_path for body, m in sent.items()}
    assert job.run() == 1
    assert job.run() == 0
    with committed_db() as session:
        assert session.scalars(select(ChatMessage.body)).all() == ["recent"]
    assert not store.path(files["old"]).exists() and store.path(files["recent"]).exists()
