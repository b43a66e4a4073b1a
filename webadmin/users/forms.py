"""Reading the user and presence-profile forms."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from vaxel.models import ForwardKind
from vaxel.people.services import ProfileFields, UserFields

from .. import forms


def user_fields(form: MultiDict) -> UserFields:
    return UserFields(
        name=forms.required(form, "name", "Name"),
        email=forms.optional(form, "email"),
        extension=forms.required(form, "extension", "Extension"),
        mobile_number=forms.optional(form, "mobile_number"),
        outbound_caller_id=forms.optional(form, "outbound_caller_id"),
        recording_enabled=forms.checkbox(form, "recording_enabled"),
        is_admin=forms.checkbox(form, "is_admin"),
    )


def profile_fields(form: MultiDict) -> ProfileFields:
    return ProfileFields(
        accept_direct=forms.checkbox(form, "accept_direct"),
        accept_queue=forms.checkbox(form, "accept_queue"),
        forward_kind=forms.choice(form, "forward_kind", ForwardKind),
        forward_target=forms.optional(form, "forward_target"),
        forward_after_seconds=forms.whole_number(form, "forward_after_seconds", 0, 300),
        caller_id_number=forms.optional(form, "caller_id_number"),
    )
