"""Short user-facing texts the core produces (prompts and labels), in one place.

The values are the English source texts, marked with ``N_`` for the gettext catalogue; the GUI
shows them through ``tr()``. Keep them calm and plain; never state a determination about anyone.
"""

from __future__ import annotations

from screening_tools.i18n import N_

# Keyed by the safeguarding flag codes (content.models.Flag values; a StrEnum key matches).
SAFEGUARDING_PROMPTS: dict[str, str] = {
    "self_harm": N_(
        "This must be passed on: a risk of self-harm is one of the limits of "
        "confidentiality. Follow your organisation's safeguarding procedure now, and tell the "
        "person what you will do and why."
    ),
    "serious_harm": N_(
        "This must be passed on: a risk of serious harm is one of the limits of "
        "confidentiality. Follow your organisation's safeguarding procedure now."
    ),
    "child_protection": N_(
        "This must be passed on: a child-protection concern goes to the "
        "child-protection service under your organisation's procedure."
    ),
    "pregnancy": N_(
        "This must be passed on: a pregnancy raises a child-protection consideration "
        "for the unborn child. Follow your child-protection procedure."
    ),
}

ADULT_INSTRUMENT_FOR_CHILD = N_(
    "This checklist is written for adults, and this person is under 18 or their age is unknown "
    "or disputed, so the child route applies. Use the child indicators instead; safeguarding "
    "comes first."
)

DEFAULT_REFERRAL_TARGET_HOURS = 48
