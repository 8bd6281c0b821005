"""Longer user-facing texts of the desktop app, kept in one place for review and translation.

Tone: calm and plain. Nothing here says what a person "is"; the app records indicators only.

These are evaluated at import, before the interface language is chosen: each is the English
source text marked with ``N_`` for extraction, and every place that shows one calls
``tr(wording.X)`` at the moment it sets the widget's text.
"""

from screening_tools.i18n import N_

APP_TITLE = N_("Frontline Screening")

CREATE_INTRO = N_(
    "Everything you record is kept in an encrypted vault on this computer only. "
    "Choose a passphrase to open it. A few unrelated words that you will remember work well."
)
CREATE_NAME_HINT = N_(
    "Shown with what you record, so a colleague knows who made each entry. You can use a role, "
    "such as “Outreach worker”."
)

RECOVERY_INTRO = N_(
    "If you forget your passphrase, this recovery key is the only way back into the vault. "
    "It is shown once and cannot be shown again."
)
RECOVERY_ADVICE = N_(
    "Write it on paper and keep it somewhere safe and separate from this computer, or give it "
    "to the person your organisation has chosen to hold it. Do not save it in a file on this "
    "computer or send it by message."
)
RECOVERY_CONFIRM = N_("I have stored the recovery key somewhere safe")

UNLOCK_INTRO = N_("The vault is locked. Enter your passphrase to continue.")
FORGOT_INTRO = N_(
    "Enter the recovery key you were given when the vault was created, then choose a new "
    "passphrase. The old passphrase will stop working."
)

CASES_INTRO = N_("Cases are listed by reference only. Open a case to see its screenings and notes.")
CASES_EMPTY = N_("No cases yet. Choose “New case” to start.")

NEW_CASE_INTRO = N_(
    "A new case gets a neutral reference automatically. You do not need to record a name "
    "or contact details to use the checklist."
)
SENSITIVE_OPTIONAL = N_("optional — sensitive, stored encrypted, never required")

CASE_NAME_HIDDEN = N_("Name hidden")
CASE_NO_NAME = N_("No name or contact recorded.")
NOTES_EMPTY = N_("No notes yet.")
SCREENINGS_EMPTY = N_("No screening started yet.")

GUIDANCE_EMPTY = N_("Select an item in the checklist to see why it is asked and how to ask.")
PERSON_TEXT_LABEL = N_("You might ask (open question)")
DRAFT_WORDING = N_("Draft wording — needs review")
REVIEWED_WORDING = N_("Reviewed wording")

SUMMARY_INTRO = N_(
    "This is what was recorded in this checklist. It is not a finding about the person: "
    "indicators neither prove nor disprove anything on their own."
)
SUMMARY_NONE = N_("No item was recorded as observed or disclosed.")

# -- the screening wizard -------------------------------------------------------------------

STEP_TITLES = {
    "safety_check": N_("Before you start"),
    "confidentiality": N_("Purpose and confidentiality"),
    "interpreter": N_("Interpreter"),
    "notes_agreement": N_("Agreement to notes"),
    "items": N_("Questions and observations"),
    "summary": N_("Summary"),
    "next_steps": N_("Next steps"),
    "immediate_needs": N_("Immediate needs and support"),
}
NO_INTERVIEW_STEP = N_("No interview this time")

PAUSED_NOTICE = N_(
    "The session is paused and saved. Open it from the case to carry on where you left."
)

AGE_CHOICES = (
    ("adult", N_("Adult (18 or over)")),
    ("child", N_("Under 18")),
    ("unknown", N_("Age unknown")),
    ("disputed", N_("Age disputed")),
)
CHILD_ROUTE = N_(
    "Child route: safeguarding comes first and the child-protection procedure applies. "
    "A child's consent is not needed to protect them."
)
ADULT_ROUTE = N_("Adult route.")
START_HELP = N_("Choose a checklist, then start. The session begins with a short safety check.")

SAFETY_INTRO = N_(
    "Answer these three before asking anything. If any answer means “not now”, no questions "
    "are asked in this session: you will go to the person's immediate needs and support instead."
)
SAFETY_PREPARATION = N_("Getting ready")

SCRIPT_INTRO = N_(
    "Before any question, tell the person why you are talking, what you can and cannot do, and "
    "when something must be passed on. Use your own words if that is more natural, but cover "
    "every part. The right-hand column is the wording to read to the person."
)
SCRIPT_WORKER_COLUMN = N_("What to cover")
SCRIPT_DELIVERED = N_("I have explained this")

INTERPRETER_INTRO = N_(
    "If you and the person do not share a language well, use an independent professional "
    "interpreter. A family member, friend, or anyone who came with the person cannot interpret."
)

INTERPRETER_CHECKS = N_("If someone interprets, check")

NOTES_AGREEMENT_INTRO = N_(
    "Ask whether you may write down some of what the person tells you. Either answer is fine: "
    "if they say no, you can still record what you observe and minimal facts."
)
NOTES_AGREEMENT_QUESTION = N_("Did the person agree to notes being taken?")

ITEMS_HELP = N_(
    "Answers are saved as you go. Any item can stay “Not assessed” or be skipped. "
    "Select an item to see its guidance."
)
OBSERVATION_HELP = N_(
    "No interview takes place in this session, but you can still record what you observed."
)

NOTES_HEADING = N_("Notes for this session")
OBSERVATION_NOTE = N_("What you observed, and minimal facts")
DISCLOSURE_NOTE = N_("What the person said")
DISCLOSURE_CLOSED_NO_AGREEMENT = N_(
    "The person did not agree to notes, so what they say is not written down in this session. "
    "You can still record what you observed and minimal facts."
)
DISCLOSURE_CLOSED_NO_INTERVIEW = N_(
    "No interview took place in this session, so there is nothing the person said to write "
    "down. You can still record what you observed."
)
DISCLOSURE_CLOSED_NOT_YET = N_(
    "Notes of what the person says open once the limits of confidentiality were explained and "
    "the person agreed to notes."
)

MUST_PASS_ON = N_("This must be passed on")
MUST_PASS_ON_TASK = N_("A safeguarding task was added to the case, so it is not forgotten.")

IMMEDIATE_NEEDS_INTRO = N_("No questions are asked in this session. The reasons recorded were:")
IMMEDIATE_NEEDS_SUPPORT = N_("Support now")
OBSERVATIONS_TOGGLE = N_("Record signs you observed (optional)")

SUMMARY_SKIPPED = N_("Skipped in this session")

NEXT_STEPS_INTRO = N_(
    "What could happen next. Record what the person needs now and anything that matters for a "
    "referral; all of it is optional. A referral needs the person's informed consent, unless a "
    "child may be involved or someone is at risk of serious harm."
)

PERSON_CARD_HINT = N_("Press Esc to close")
SHOW_TO_PERSON = N_("Show to person")

TASKS_HEADING = N_("Must be passed on")
TASKS_EMPTY = N_("Nothing to pass on at the moment.")
TARGET_NOT_STARTED = N_("The referral target clock starts with the first recorded concern.")
TARGET_OVERDUE = N_(
    "The target time has passed. It is a target, not a deadline: refer as soon as it is right "
    "for the person."
)

REFERENCE_NOTE = N_(
    "Reference only: this explains terms; it is not a checklist for deciding anything."
)
