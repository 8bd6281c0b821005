"""Longer user-facing texts of the desktop app, kept in one place for review and translation.

Tone: calm and plain. Nothing here says what a person "is"; the app records indicators only.
"""

APP_TITLE = "Frontline Screening"

CREATE_INTRO = (
    "Everything you record is kept in an encrypted vault on this computer only. "
    "Choose a passphrase to open it. A few unrelated words that you will remember work well."
)
CREATE_NAME_HINT = (
    "Shown with what you record, so a colleague knows who made each entry. You can use a role, "
    "such as “Outreach worker”."
)

RECOVERY_INTRO = (
    "If you forget your passphrase, this recovery key is the only way back into the vault. "
    "It is shown once and cannot be shown again."
)
RECOVERY_ADVICE = (
    "Write it on paper and keep it somewhere safe and separate from this computer, or give it "
    "to the person your organisation has chosen to hold it. Do not save it in a file on this "
    "computer or send it by message."
)
RECOVERY_CONFIRM = "I have stored the recovery key somewhere safe"

UNLOCK_INTRO = "The vault is locked. Enter your passphrase to continue."
FORGOT_INTRO = (
    "Enter the recovery key you were given when the vault was created, then choose a new "
    "passphrase. The old passphrase will stop working."
)

CASES_INTRO = "Cases are listed by reference only. Open a case to see its screenings and notes."
CASES_EMPTY = "No cases yet. Choose “New case” to start."

NEW_CASE_INTRO = (
    "A new case gets a neutral reference automatically. You do not need to record a name "
    "or contact details to use the checklist."
)
SENSITIVE_OPTIONAL = "optional — sensitive, stored encrypted, never required"

CASE_NAME_HIDDEN = "Name hidden"
CASE_NO_NAME = "No name or contact recorded."
NOTES_EMPTY = "No notes yet."
SCREENINGS_EMPTY = "No checklist started yet."

CHECKLIST_HELP = (
    "Answers are saved as you go. Any item can stay “Not assessed”. "
    "Select an item to see its guidance."
)
GUIDANCE_EMPTY = "Select an item in the checklist to see why it is asked and how to ask."
PERSON_TEXT_LABEL = "You might ask (open question)"
DRAFT_WORDING = "Draft wording — needs review"
REVIEWED_WORDING = "Reviewed wording"

SUMMARY_INTRO = (
    "This is what was recorded in this checklist. It is not a finding about the person: "
    "indicators neither prove nor disprove anything on their own."
)
SUMMARY_NONE = "No item was recorded as observed or disclosed."
