"""The switchboard's standard prompts: a recording per company if uploaded, else spoken text."""
from __future__ import annotations

from .commands import Prompt

# Spoken when a company has not recorded its own; keyed by prompt name.
DEFAULT_TEXTS = {
    "unavailable": "The person you are calling is not available. Goodbye.",
    "invalid_extension": "That extension does not exist. Goodbye.",
    "closed": "We are closed right now. Please call again during our opening hours. Goodbye.",
    "invalid_option": "That is not a valid choice.",
    "no_input": "We did not hear your choice.",
    "service_unavailable": "Sorry, this service is not available right now. Goodbye.",
    "try_later": "We cannot take your call right now. Please try again later. Goodbye.",
}


def standard_prompt(company_id: int, name: str) -> Prompt:
    """A company's recording lives at prompts/<company id>/<name>.wav under the sounds folder."""
    return Prompt(file=f"prompts/{company_id}/{name}.wav",
                  text=DEFAULT_TEXTS.get(name, name.replace("_", " ")))
