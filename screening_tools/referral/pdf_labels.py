"""Every label and heading of the PDF parts, one dict per language.

English is the source. The Arabic set is complete but a draft (machine-assisted, not yet
reviewed by a translator): `LABEL_STATUS` says so, and the i18n work adds languages by adding a
dict here with the same keys (`missing_keys` tells which are missing).

Values of the model's coded fields (consent decision, interpreter type, age group, ...) are
labels too, under "<field>.<code>" keys. Category and basis labels in English come from the
model (`CATEGORY_LABELS`, `BASIS_LABELS`), so they are written once.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime

from screening_tools.consent import CATEGORY_LABELS, DataCategory
from screening_tools.referral.model import BASIS_LABELS, NOT_A_DETERMINATION, BasisKind

# Marks Babel (and pasted text) put in: LRM, RLM, ALM, embeddings/overrides, isolates. Lines
# are reordered explicitly when drawn, so these only get in the way.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")

LABEL_STATUS: dict[str, str] = {"en": "source", "ar": "draft"}

_EN: dict[str, str] = {
    "meta.title": "Referral packet",
    "title.referral": "Referral",
    "title.monitoring": "Monitoring notification",
    "kicker": "Referral packet",
    "packet": "Packet",
    "created": "Created",
    "reference": "Reference",
    "confidential": "Confidential: share only as the basis below allows",
    "page_of": "Page {page} of {pages}",
    "statement.heading": "About the indicators",
    "statement.heading_end": "Please note",
    "exception.banner": "Shared without consent — exception",
    "exception.justification": "Written justification",
    "exception.signed_off_by": "Signed off by",
    "exception.signed_off_at": "Signed off on",
    "party.from": "From",
    "party.to": "To",
    "sec.route": "Route and basis",
    "route": "Route",
    "jurisdiction": "Jurisdiction",
    "basis": "Basis",
    "basis_record": "Basis record",
    "child_views": "The child's views",
    "sec.person": "The person",
    "person.name": "Name",
    "person.contact": "How to reach them",
    "person.age_group": "Age group",
    "person.language": "Language",
    "person.interpreter": "Interpreter",
    "sec.indicators": "Indicators recorded",
    "indicators.intro": "Signs noticed by the referrer or described by the person, with the "
    "date each was recorded.",
    "col.indicator": "Indicator",
    "col.how": "How it was noted",
    "col.recorded": "Recorded",
    "state.observed": "Observed by the referrer",
    "state.disclosed": "Described by the person",
    "sec.exploitation": "Types of exploitation indicated",
    "sec.needs": "Immediate needs and actions",
    "sec.security": "Security concerns",
    "sec.services": "Services needed",
    "sec.disclosure": "Summary of what the person said",
    "sec.notes": "Referrer's notes",
    "none_recorded": "None recorded.",
    "sec.consent": "Consent record",
    "consent.decision": "Decision",
    "consent.given_by": "Given by",
    "consent.giver_role": "Role of the person giving consent",
    "consent.obtained_by": "Obtained by",
    "consent.obtained_at": "Obtained on",
    "consent.method": "How consent was given",
    "consent.language": "Language used",
    "consent.interpreter": "Interpreter",
    "consent.witness": "Witness",
    "consent.confidentiality": "Limits of confidentiality explained first",
    "consent.categories": "Data categories agreed",
    "consent.recipients": "Recipients agreed",
    "consent.purposes": "Purposes agreed",
    "consent.police": "Sharing with police or immigration",
    "consent.expires": "Valid until",
    "consent.how_to_withdraw": "How to withdraw",
    "sec.shared": "Data shared and with whom",
    "shared.categories": "Categories of data in this packet",
    "shared.with": "Shared with",
    "shared.not_listed": "Categories not listed here were not shared and are not in this packet.",
    "yes": "Yes",
    "no": "No",
    "none": "None",
    "no_expiry": "No end date",
    "decision.given": "Given",
    "decision.declined": "Declined",
    "given_by.person": "The person",
    "given_by.guardian": "A guardian",
    "given_by.representative": "A representative",
    "method.verbal": "Verbal",
    "method.written": "Written",
    "interpreter.not_needed": "Not needed",
    "interpreter.professional_in_person": "Professional interpreter, in person",
    "interpreter.professional_phone": "Professional interpreter, by phone",
    "interpreter.professional_video": "Professional interpreter, by video",
    "interpreter.family_member": "Family member",
    "interpreter.friend": "Friend",
    "interpreter.companion": "Companion",
    "interpreter.unknown_person": "Person of unknown role",
    "age.adult": "Adult",
    "age.child": "Child (under 18)",
    "age.unknown": "Age not known",
    "age.disputed": "Age disputed",
    "purpose.support_referral": "Referral for support",
    "purpose.child_protection": "Child protection",
    "purpose.monitoring": "Monitoring",
    "purpose.safeguarding": "Safeguarding",
    # The person's copy: plain, short, kind.
    "copy.title": "Your copy: information that was shared",
    "copy.intro": "This page is for you to keep. It shows what information was shared, who "
    "received it and when.",
    "copy.what": "What was shared",
    "copy.no_identifiers": "Your name and contact details were not shared.",
    "copy.who": "Who received it",
    "copy.when": "When",
    "copy.reference": "Your reference",
    "copy.contact": "Who to contact",
    "copy.change_heading": "If you change your mind",
    "copy.withdraw_intro": "You can withdraw your consent at any time. After that, nothing more "
    "will be shared under it.",
    "copy.withdraw_fallback": "You can do this by contacting {referrer}.",
    "copy.questions_heading": "If you have questions",
    "copy.questions.monitoring_only": "This notification only counts that someone may need "
    "help. No decision about you will be made from it. If you have questions, or would like "
    "support later, you can contact {referrer}.",
    "copy.questions.child_protection": "This was shared to help keep you safe. Your views were "
    "written down and shared too. If you have questions or worries, you can talk to {referrer} "
    "at any time.",
    "copy.questions.safeguarding_exception": "This was shared without your agreement because "
    "there was a serious risk of harm. You can ask {referrer} why, and what happens next.",
    "copy.questions.consent": "If you have questions, you can contact {referrer}.",
    "copy.statement_heading": "Please know",
    "statement": NOT_A_DETERMINATION,
}
_EN.update({f"category.{c.value}": label for c, label in CATEGORY_LABELS.items()})
_EN.update({f"basis.{k.value}": label for k, label in BASIS_LABELS.items()})

_AR: dict[str, str] = {
    "meta.title": "ملف إحالة",
    "title.referral": "إحالة",
    "title.monitoring": "إشعار لأغراض الرصد",
    "kicker": "ملف إحالة",
    "packet": "الملف",
    "created": "تاريخ الإنشاء",
    "reference": "الرقم المرجعي",
    "confidential": "سري: لا يُشارَك إلا في حدود الأساس المذكور أدناه",
    "page_of": "الصفحة {page} من {pages}",
    "statement.heading": "بشأن المؤشرات",
    "statement.heading_end": "يُرجى الانتباه",
    "exception.banner": "تمت المشاركة دون موافقة — استثناء",
    "exception.justification": "المبرر المكتوب",
    "exception.signed_off_by": "اعتمده",
    "exception.signed_off_at": "تاريخ الاعتماد",
    "party.from": "من",
    "party.to": "إلى",
    "sec.route": "مسار الإحالة وأساسها",
    "route": "المسار",
    "jurisdiction": "نطاق الاختصاص",
    "basis": "الأساس",
    "basis_record": "سجل الأساس",
    "child_views": "آراء الطفل",
    "sec.person": "الشخص المعني",
    "person.name": "الاسم",
    "person.contact": "طريقة التواصل",
    "person.age_group": "الفئة العمرية",
    "person.language": "اللغة",
    "person.interpreter": "المترجم",
    "sec.indicators": "المؤشرات المسجَّلة",
    "indicators.intro": "علامات لاحظها الشخص المُحيل أو ذكرها الشخص المعني، مع تاريخ تسجيل كل منها.",
    "col.indicator": "المؤشر",
    "col.how": "كيف سُجِّل",
    "col.recorded": "تاريخ التسجيل",
    "state.observed": "لاحظه المُحيل",
    "state.disclosed": "ذكره الشخص",
    "sec.exploitation": "أنواع الاستغلال المشار إليها",
    "sec.needs": "الاحتياجات العاجلة والإجراءات",
    "sec.security": "المخاوف الأمنية",
    "sec.services": "الخدمات المطلوبة",
    "sec.disclosure": "ملخص ما قاله الشخص",
    "sec.notes": "ملاحظات المُحيل",
    "none_recorded": "لم يُسجَّل شيء.",
    "sec.consent": "سجل الموافقة",
    "consent.decision": "القرار",
    "consent.given_by": "مقدِّم الموافقة",
    "consent.giver_role": "صفة مقدِّم الموافقة",
    "consent.obtained_by": "حصل عليها",
    "consent.obtained_at": "تاريخ الحصول عليها",
    "consent.method": "طريقة الموافقة",
    "consent.language": "اللغة المستخدمة",
    "consent.interpreter": "المترجم",
    "consent.witness": "الشاهد",
    "consent.confidentiality": "شُرحت حدود السرية أولاً",
    "consent.categories": "فئات البيانات الموافَق عليها",
    "consent.recipients": "الجهات المستقبِلة الموافَق عليها",
    "consent.purposes": "الأغراض الموافَق عليها",
    "consent.police": "المشاركة مع الشرطة أو سلطات الهجرة",
    "consent.expires": "صالحة حتى",
    "consent.how_to_withdraw": "طريقة سحب الموافقة",
    "sec.shared": "البيانات المُشارَكة ومع من",
    "shared.categories": "فئات البيانات في هذا الملف",
    "shared.with": "الجهة المستقبِلة",
    "shared.not_listed": "الفئات غير المذكورة هنا لم تتم مشاركتها وليست في هذا الملف.",
    "yes": "نعم",
    "no": "لا",
    "none": "لا يوجد",
    "no_expiry": "بلا تاريخ انتهاء",
    "decision.given": "مُنحت",
    "decision.declined": "رُفضت",
    "given_by.person": "الشخص نفسه",
    "given_by.guardian": "ولي الأمر",
    "given_by.representative": "ممثِّل عن الشخص",
    "method.verbal": "شفهية",
    "method.written": "كتابية",
    "interpreter.not_needed": "لا حاجة إلى مترجم",
    "interpreter.professional_in_person": "مترجم محترف، حضورياً",
    "interpreter.professional_phone": "مترجم محترف، عبر الهاتف",
    "interpreter.professional_video": "مترجم محترف، عبر الفيديو",
    "interpreter.family_member": "فرد من العائلة",
    "interpreter.friend": "صديق",
    "interpreter.companion": "مرافق",
    "interpreter.unknown_person": "شخص غير معروف الصفة",
    "age.adult": "بالغ",
    "age.child": "طفل (دون 18 عاماً)",
    "age.unknown": "العمر غير معروف",
    "age.disputed": "العمر موضع خلاف",
    "purpose.support_referral": "الإحالة للحصول على الدعم",
    "purpose.child_protection": "حماية الطفل",
    "purpose.monitoring": "الرصد",
    "purpose.safeguarding": "الحماية من الأذى",
    "copy.title": "نسختك: المعلومات التي تمت مشاركتها",
    "copy.intro": "هذه الصفحة لك لتحتفظ بها. وهي توضح المعلومات التي تمت مشاركتها، ومن "
    "تلقّاها، ومتى.",
    "copy.what": "ما الذي تمت مشاركته",
    "copy.no_identifiers": "لم تتم مشاركة اسمك ولا بيانات التواصل معك.",
    "copy.who": "من تلقّاها",
    "copy.when": "متى",
    "copy.reference": "رقمك المرجعي",
    "copy.contact": "جهة التواصل",
    "copy.change_heading": "إذا غيّرت رأيك",
    "copy.withdraw_intro": "يمكنك سحب موافقتك في أي وقت. وبعد ذلك لن تتم مشاركة أي شيء آخر "
    "بناءً عليها.",
    "copy.withdraw_fallback": "يمكنك ذلك بالتواصل مع {referrer}.",
    "copy.questions_heading": "إذا كانت لديك أسئلة",
    "copy.questions.monitoring_only": "هذا الإشعار يُستخدم فقط لإحصاء أن شخصاً قد يحتاج إلى "
    "المساعدة. ولن يُتخذ أي قرار بشأنك بناءً عليه. إذا كانت لديك أسئلة، أو رغبت في الحصول على "
    "دعم لاحقاً، يمكنك التواصل مع {referrer}.",
    "copy.questions.child_protection": "تمت مشاركة هذه المعلومات للمساعدة على حمايتك. وقد "
    "دُوِّنت آراؤك وأُرسلت أيضاً. إذا كانت لديك أسئلة أو مخاوف، يمكنك التحدث إلى {referrer} في "
    "أي وقت.",
    "copy.questions.safeguarding_exception": "تمت مشاركة هذه المعلومات دون موافقتك لوجود خطر "
    "جسيم بالأذى. يمكنك أن تسأل {referrer} عن السبب وعمّا سيحدث بعد ذلك.",
    "copy.questions.consent": "إذا كانت لديك أسئلة، يمكنك التواصل مع {referrer}.",
    "copy.statement_heading": "من المهم أن تعرف",
    "statement": "المؤشرات المسجَّلة هنا علامات لاحظها الشخص المُحيل أو ذكرها الشخص المعني. "
    "وهي ليست قراراً: فهي لا تُثبت الاتجار بالبشر أو الاستغلال ولا تنفيه. والسلطة المختصة "
    "وحدها هي التي يمكنها اتخاذ قرار رسمي.",
    "category.identity": "الاسم",
    "category.contact": "بيانات التواصل",
    "category.demographics": "الفئة العمرية واللغة",
    "category.indicators": "المؤشرات المسجَّلة وأنواع الاستغلال",
    "category.disclosure_summary": "ملخص ما قاله الشخص",
    "category.notes": "ملاحظات العامل الميداني",
    "category.needs": "الاحتياجات العاجلة والخدمات المطلوبة",
    "category.security_concerns": "المخاوف الأمنية",
    "category.health": "المؤشرات المتعلقة بالصحة",
    "category.immigration_status": "وضع الهجرة",
    "basis.consent": "تمت المشاركة بموافقة الشخص",
    "basis.monitoring_only": "إشعار لأغراض الرصد فقط: لم يوافق الشخص على الإحالة؛ لا يتضمن أي "
    "بيانات تعريفية مباشرة ولا يُتوقع اتخاذ قرار بشأن تحديد الهوية",
    "basis.child_protection": "إحالة لحماية الطفل: لا تلزم موافقة الطفل؛ وآراء الطفل مسجَّلة",
    "basis.safeguarding_exception": "تمت المشاركة دون موافقة — استثناء (خطر جسيم بالأذى)، مع "
    "مبرر مكتوب واعتماد من المشرف",
}

LABELS: dict[str, dict[str, str]] = {"en": _EN, "ar": _AR}
FALLBACK_LANGUAGE = "en"


PDF_CONTEXT = "pdf:"


def source_labels() -> dict[str, str]:
    """The English labels, keyed; extracted into the interface catalogue as ``pdf:<key>``."""
    return dict(_EN)


def missing_keys(language: str) -> set[str]:
    """Keys the English source has and this language has no translation for."""
    labels = labels_for(language)
    return {key for key, text in _EN.items() if labels[key] == text and language != "en"}


def labels_for(language: str) -> dict[str, str]:
    """The language's labels: the reviewed-in-place Arabic set, else the gettext catalogue
    (context ``pdf:<key>``), with English for any key not translated yet."""
    from screening_tools.i18n import Translator

    code = language.replace("_", "-").split("-")[0].lower()
    translator = Translator(code) if code in _known_locales() else Translator("en")
    labels = {key: translator.pgettext(PDF_CONTEXT + key, text) for key, text in _EN.items()}
    labels.update(LABELS.get(code, {}))
    return labels


def _known_locales() -> set[str]:
    from screening_tools.i18n import locales

    return set(locales())


def category_label(labels: dict[str, str], category: DataCategory) -> str:
    return labels[f"category.{category.value}"]


def basis_label(labels: dict[str, str], kind: BasisKind, given: str) -> str:
    """The packet's basis label, translated when it is the model's standard English one."""
    if given == BASIS_LABELS.get(kind):
        return labels[f"basis.{kind.value}"]
    return given


def statement_text(labels: dict[str, str], given: str) -> str:
    """The packet's statement, translated when it is the model's standard English one."""
    return labels["statement"] if given == NOT_A_DETERMINATION else given


def code_label(labels: dict[str, str], field: str, code: str) -> str:
    """A coded value's label ("interpreter.professional_phone"), or the code made readable."""
    return labels.get(f"{field}.{code}", code.replace("_", " "))


def language_name(code: str | None, in_language: str) -> str | None:
    """A language code ("ro") as its name in the document's language ("Romanian")."""
    if not code:
        return None
    try:
        names = Locale.parse(in_language.replace("-", "_")).languages
    except (UnknownLocaleError, ValueError):
        return code
    return str(names.get(code, code))


def format_when(moment: datetime, language: str, *, long: bool = True) -> str:
    """Date and time in UTC for the language, with the zone shown, without seconds.

    Babel's patterns for the locale ("20 نوفمبر 2026، 2:30 م UTC"); bidi marks Babel puts in
    Arabic dates are removed (lines are reordered when drawn). An unknown code falls back to en.
    """
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(FALLBACK_LANGUAGE)
    date_pattern = locale.date_formats["long" if long else "medium"].pattern
    time_pattern = locale.time_formats["short"].pattern + " z"
    pattern = locale.datetime_formats["medium"].replace("{1}", date_pattern)
    pattern = pattern.replace("{0}", time_pattern)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    text = format_datetime(moment, pattern, tzinfo=UTC, locale=locale)
    return BIDI_CONTROLS.sub("", text).replace("\u202f", "\u00a0")
