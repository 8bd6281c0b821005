"""Passphrase strength: an estimate from zxcvbn, and the floor a new passphrase must clear.

zxcvbn (Dropbox's estimator) models dictionary words, names, keyboard patterns and dates, which
a hand-written length-and-symbols rule does not: "Password1!" passes such rules and is weak.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_LENGTH = 10
MIN_SCORE = 3  # zxcvbn 0..4; 3 = "safely unguessable: moderate protection from offline attack"

_LABELS = ("Very weak", "Weak", "Fair", "Strong", "Very strong")


@dataclass(frozen=True)
class PassphraseStrength:
    score: int  # 0..4
    label: str
    acceptable: bool
    advice: str


def assess(passphrase: str) -> PassphraseStrength:
    if not passphrase:
        return PassphraseStrength(0, _LABELS[0], False, "Enter a passphrase.")
    # zxcvbn refuses input over 72 characters; a passphrase that long is strong anyway, and the
    # first 72 characters are what it can judge.
    from zxcvbn import zxcvbn  # 25 ms to import: only when a passphrase is judged

    result = zxcvbn(passphrase[:72])
    score = int(result["score"])
    feedback = result.get("feedback", {})
    hints = [str(feedback.get("warning") or "")] + [str(s) for s in feedback.get("suggestions", [])]
    advice = " ".join(h for h in hints if h)
    if len(passphrase) < MIN_LENGTH:
        return PassphraseStrength(
            min(score, 1),
            _LABELS[min(score, 1)],
            False,
            f"Use at least {MIN_LENGTH} characters; several unrelated words work well.",
        )
    acceptable = score >= MIN_SCORE
    if not acceptable and not advice:
        advice = "Add another word or two that are not a common phrase."
    return PassphraseStrength(score, _LABELS[score], acceptable, advice)
