"""Line shapes: what one line of a dump looks like on its own, before its neighbours count.

:mod:`toolkit.load.kinds` names each line's kind from these shapes and from the lines
around it. Every test here is about shape, not about a site's exact strings, and every
ambiguous shape yields to :func:`reads_as_sentence`: a line that reads as a sentence is
story text unless its shape says otherwise beyond doubt (a lone time, a bare URL, a date).

Examples
--------
>>> reads_as_sentence("The transport secretary told MPs that the consultation had closed.")
True
>>> reads_as_sentence("PM confirms 'return hubs' plan")
False
>>> furniture_shape("10:42"), furniture_shape("KEY POINTS"), furniture_shape("https://x.org/a")
('time', 'subhead', 'link')
>>> furniture_shape("By Jane Smith, political correspondent")
'byline'
>>> furniture_shape("By Tuesday the council had agreed to the plan.") is None
True
>>> bullet_text("• Fares rise by 4.6% in March"), bullet_text("-1 degree overnight")
('Fares rise by 4.6% in March', None)
"""

from __future__ import annotations

import re

__all__ = [
    "bullet_text",
    "furniture_shape",
    "is_duration",
    "is_read_more_label",
    "is_title_case",
    "label_removed",
    "reads_as_sentence",
]

# Longer than any real notice, title, tag or byline: a long line is body text whatever it says.
MAX_FURNITURE_CHARS = 300

_WORDS = re.compile(r"\S+")
# A final full stop or exclamation mark, perhaps inside closing quotes or brackets.
_STATEMENT_END = re.compile(r"[.!…]['\"’”)\]]*\s*$")
_QUESTION_END = re.compile(r"\?['\"’”)\]]*\s*$")
_SENTENCE_START = re.compile(r"\s*['\"‘“(]?[A-Z0-9]")
# Finite verbs a sentence is hardly without: auxiliaries, modals, the commonest verbs of
# news writing, and past tenses and participles by their ending.
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|being|am|has|have|had|do|does|did|will|would|can|could|"
    r"shall|should|may|might|must|says?|said|told|tells?|makes?|made|takes?|took|gives?|"
    r"gave|goes|went|gets?|got|comes?|came|finds?|found|thinks?|thought|knows?|knew|sees?|"
    r"saw|wants?|needs?|added|warned|left|put|set|kept|began|won|lost|met|paid|sent|held|"
    r"ran|spent|became|brought|closes?|opens?|rises?|falls?|fell|rose)\b"
    r"|\b[a-z]{2,}(?:ed|n't)\b",
    re.IGNORECASE,
)

_DURATION = re.compile(r"\s*(?:\d{1,2}:)?\d{1,2}:[0-5]\d\s*")
# A time of day on its own line, as live blogs print it: 10:42, 09.58, 10:42am, 10:42 BST.
_TIME = re.compile(
    r"\s*(?:(?:posted|updated)\s+(?:at\s+)?)?\d{1,2}[:.][0-5]\d(?::[0-5]\d)?\s*"
    r"(?:[ap]\.?m\.?|h|hrs)?\s*(?:BST|GMT|UTC|CET|CEST|EST|EDT|ET|PT|local(?: time)?)?\s*",
    re.IGNORECASE,
)
_URL = re.compile(r"\s*<?(?:https?://|www\.)\S+?>?\s*", re.IGNORECASE)
_READ_MORE = re.compile(
    r"\s*(?:read|see|watch|listen)\s+(?:more|also|next|the\s+full\s+story)"
    r"|\s*(?:also\s+read|related(?:\s+(?:stories|articles|links|reading))?|more\s+stories"
    r"|further\s+reading|recommended|you\s+may\s+also\s+like)",
    re.IGNORECASE,
)
_READ_MORE_LINE = re.compile("(?:" + _READ_MORE.pattern + r")\s*(?:[:|»›>\-–—]+\s*(?P<rest>.*)|)",
                             re.IGNORECASE)  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_CLOCK = r"\d{1,2}[:.][0-5]\d\s*(?:[ap]\.?m\.?)?"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)"
    rf",?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
)
_DATELINE = re.compile(
    rf"\s*(?:(?:first\s+)?(?:published|updated|last\s+updated|posted|modified)(?:\s+on)?\s*:?\s*)?"
    rf"(?:{_DATE})(?:\s*[,·|-]?\s*(?:at\s+)?{_CLOCK})?"
    r"(?:\s*,?\s*(?:BST|GMT|UTC|CET|CEST|EST|EDT|ET|PT|UK|US)\b)?\s*"
    rf"|\s*(?:published|updated|posted)\s*:?\s*(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?"
    rf"|hrs?|days?|weeks?)\s+ago\s*",
    re.IGNORECASE,
)
_DATELINE_LABEL = re.compile(
    r"\s*(?:(?:first\s+)?(?:published|updated|last\s+updated|posted|modified)(?:\s+on)?\s*:?\s*)?",
    re.IGNORECASE,
)
# "By Jane Smith", "By Jane Smith and John Doe, BBC News", "By Jane Smith @jsmith", and
# a wire's "By JANE DOE Associated Press", "By MARCUS HILL AP Sports Writer". The name is
# the shortest that leaves the rest a title or an agency.
_BYLINE = re.compile(
    r"\s*[Bb]y\s+(?P<name>(?:[A-Z][\w'’.-]*\s*){1,4}?(?:(?:and|&)\s+(?:[A-Z][\w'’.-]*\s*){1,4}?)?)"
    r"(?P<rest>(?:[,|–—-]\s*[^.!?]{0,80}|\s*@\w+"
    r"|(?:Associated\s+Press|AP|Reuters|AFP|PA|Press\s+Association|Bloomberg)"
    r"(?:\s+[A-Z][\w'’-]*){0,3})?)\s*",
)
# A wire story's closing credit, which ends with it: "Jane Doe in Omaha contributed to
# this report." (not "Food North East, which contributed to this report, said ...").
_CONTRIBUTED = re.compile(
    r".{0,150}\bcontributed\s+(?:to\s+this\s+(?:report|story|article)|reporting)"
    r"(?:\s+from\s+[^.,;]{1,40})?\.?\s*",
    re.IGNORECASE,
)
_SUBHEAD_MARKDOWN = re.compile(r"\s*#{1,4}\s+\S.{0,100}")
_PROMO = re.compile(
    r"\s*(?:follow|like|find|join)\s+(?:us|our|the\s+\w+\s+on)\b"
    r"|\s*(?:sign\s+up|subscribe|register)\b.{0,60}\b(?:newsletter|alerts|updates|email|podcast"
    r"|briefing|channel|our|free)\b"
    r"|\s*(?:download|get|install)\s+(?:the|our)\b.{0,40}\bapp\b"
    r"|\s*(?:listen|watch)\b.{0,60}\bon\s+(?:BBC\s+)?(?:Sounds|iPlayer|YouTube|Spotify|Apple)\b"
    r"|\s*(?:click|tap)\s+here\b|\s*share\s+(?:this|on)\b"
    r"|.{0,40}\b(?:follow|find)\s+us\s+on\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(r"[,;]\s*['\"’”]?\s*(?:\w+\s+){0,3}(?:said|says|told|added)\b", re.IGNORECASE)
_BULLET = re.compile(r"\s*[•·‣▪◦●■►▸✓*–-]\s+(?=\S)")
_SMALL_WORDS = frozenset(["of", "and", "the", "on", "in", "for", "at", "to", "a", "an", "&", "de", "la", "le", "von", "van"])
_TIME_WORDS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tonight", "tomorrow", "yesterday", "this", "that", "these", "those"]
)


def _n_words(line: str) -> int:
    return len(_WORDS.findall(line))


def reads_as_sentence(line: str) -> bool:
    """Whether ``line`` reads as a sentence of story text: six words or more, it starts
    like a sentence, ends with a full stop or exclamation mark (a question only from 12
    words, since headlines ask too), and has a verb or is long enough (10 words) that it
    must have one. Shorter lines ("Why farmers are angry.") may be headlines."""
    n = _n_words(line)
    if n < 6 or not _SENTENCE_START.match(line):
        return False
    if not (_STATEMENT_END.search(line) or (n >= 12 and _QUESTION_END.search(line))):
        return False
    return n >= 10 or bool(_VERB.search(line))


def is_duration(line: str) -> bool:
    """A video length or a time on its own: ``1:30``, ``12:03``, ``1:02:11``."""
    return _DURATION.fullmatch(line) is not None


def is_title_case(text: str) -> bool:
    """Every word capitalised (or a number, or a small joining word), as a topic is named;
    ``False`` for a phrase of time ("Tuesday's vote", "this").

    >>> is_title_case("Crime & Justice"), is_title_case("Tuesday's vote below")
    (True, False)
    """
    words = text.split()
    if not words or not words[0][:1].isupper() and not words[0][:1].isdigit():
        return False
    first = re.sub(r"['’]s$", "", words[0]).lower()
    if first in _TIME_WORDS:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in words)


def is_read_more_label(line: str) -> bool:
    """A "Read more" label with nothing after it: the headline of the link follows."""
    m = _READ_MORE_LINE.fullmatch(line)
    return m is not None and not (m["rest"] or "").strip()


def _is_subhead(line: str) -> bool:
    if _SUBHEAD_MARKDOWN.fullmatch(line):
        return True
    # upper() leaves a line with no lower-case letter as it is: a C-speed test that spares
    # nearly every line the letter count below.
    if line.upper() != line or _n_words(line) > 10:
        return False
    if sum(c.isalpha() for c in line) < 3:
        return False
    # A shouted sentence with a full stop is still a sentence; a subhead may ask or announce.
    return not _STATEMENT_END.search(line) or line.rstrip().endswith("...")


def furniture_shape(line: str) -> str | None:
    """The furniture ``line`` is shaped like on its own, or ``None`` for story text.

    One of ``"time"`` (a duration or a time of day: which one depends on the line
    before), ``"link"``, ``"read_more"``, ``"dateline"``, ``"byline"``, ``"credit"``,
    ``"promo"``, ``"subhead"``. Video notices, tags and captions are told apart in
    :mod:`toolkit.load.kinds`, which knows the lines around.
    """
    if len(line) > MAX_FURNITURE_CHARS or not line.strip():
        return None
    if _DURATION.fullmatch(line) or _TIME.fullmatch(line):
        return "time"
    if _URL.fullmatch(line):
        return "link"
    if _READ_MORE_LINE.fullmatch(line) and _n_words(line) <= 25:
        return "read_more"
    if _DATELINE.fullmatch(line):
        return "dateline"
    m = _BYLINE.fullmatch(line)
    if m and not reads_as_sentence(line) and not _VERB.search(m["name"]):
        return "byline"
    if _CONTRIBUTED.fullmatch(line) and _n_words(line) <= 30:
        return "credit"
    if _PROMO.match(line) and _n_words(line) <= 25 and not _REPORTED.search(line):
        return "promo"
    if _is_subhead(line):
        return "subhead"
    return None


# A wire story's dateline opening its first paragraph: "WASHINGTON (AP) — ", "LONDON
# (Reuters) - ", "ST. LOUIS (AP) — ": where and from whom, not what happened.
_WIRE_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]*(?:\s+[A-Z][A-Z.'’-]*){0,3}(?:,\s+[A-Z][\w.]*)?\s+"
    r"\((?:AP|Reuters|AFP|UPI|PA|Bloomberg)\)\s*[—–-]+\s*"
)


def wire_dateline_removed(line: str) -> str:
    """``line`` without a wire dateline at its start.

    >>> wire_dateline_removed("DALLAS (AP) — Quinn Ellery threw two touchdown passes.")
    'Quinn Ellery threw two touchdown passes.'
    """
    m = _WIRE_DATELINE.match(line)
    return line[m.end() :] if m else line


def bullet_text(line: str) -> str | None:
    """``line`` without its list marker, or ``None`` when it has none."""
    m = _BULLET.match(line)
    if m is None or len(line) > 5000:
        return None
    return line[m.end() :]


def label_removed(kind: str, line: str) -> str:
    """What a furniture line says without its label: a link's headline without "Read
    more:", a byline's names without "By", a date without "Published", a subhead without
    Markdown's ``#``.

    >>> label_removed("read_more", "Read more: Rail fares to rise")
    'Rail fares to rise'
    >>> label_removed("dateline", "Published: 11 September 2026")
    '11 September 2026'
    """
    line = line.strip()
    if kind == "read_more" and (m := _READ_MORE_LINE.fullmatch(line)):
        return (m["rest"] or "").strip()
    if kind == "byline" and line[:3].lower() == "by ":
        return line[3:].strip()
    if kind == "dateline":
        return line[_DATELINE_LABEL.match(line).end() :].strip()
    if kind == "subhead":
        return line.lstrip("#").strip()
    if kind == "link":
        return line.strip("<>")
    return line
