"""Direct quotations and their speakers, robust to news paragraphing.

textacy's :func:`textacy.extract.triples.direct_quotations` pairs quote marks in order and
raises ``ValueError`` when a text has an odd number of them. News does that all the time:
a quote that runs over several paragraphs opens each paragraph with “ and closes only at
the end of the last one, and single quotes (‘return hubs’) and apostrophes (hubs’) count
as quote marks too. So :mod:`toolkit.measures.quote_marks` pairs *double* quote marks,
following the news convention, and this module attributes each quotation with textacy's
own rules: a reporting verb (``textacy.constants.REPORTING_VERBS``, and "call":
:func:`toolkit.measures.quote_marks.reporting_verbs`) outside any quotation, in a
sentence touching the quotation, whose active subject is the speaker (``expand_noun`` /
``expand_verb``).
If the whole text happens to be balanced, textacy's function gives the same quotations.

Attribution is the only measure that reads the dependency parse, so the parse need not
cover the whole story: given a Doc without one, :func:`direct_quotations` parses only the
sentences around each quotation, reusing the token vectors the pipeline already computed.
That is the same parse as a full one (tested: 99.97% of tokens have the same head and
label; the rest sit at a window's edge), for a fraction of the parser's cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.symbols import VERB, nsubj
from spacy.tokens import Doc, Span, Token
from textacy.extract.triples import expand_noun, expand_verb

from toolkit.errors import InputError
from toolkit.measures import quote_marks, term_spans
from toolkit.measures.quote_marks import Chain

__all__ = [
    "Quotation",
    "direct_quotations",
    "is_named_speaker",
    "quotations_in",
]

# Which entities a pronoun speaker may stand for (see :func:`_resolve`).
_REFERENTS = {"he": ("PERSON",), "she": ("PERSON",), "they": ("ORG", "NORP"), "it": ("ORG",)}
_MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord"})
_TITLE_WORDS = frozenset({"mr", "mrs", "ms", "miss", "sir", "lord", "dame", "lady", "dr", "prof"})
_FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady"})
# A speaker the text only describes ("the report", "researchers") does not say who spoke,
# and the same words in two stories are two sources. The nearest mention of the same noun
# that names the body behind it does: "a WWF report", "Oxfam's study", "a spokesman for
# the FDA", "scientists at Stanford University" (see :func:`_maker`).
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
_MAKER_LABELS = frozenset({"ORG", "FAC"})
_MAKER_PREPS = frozenset({"by", "for", "from", "at", "of"})
# "they" and "it" look back this many sentences at most (and no further than the start
# of the paragraph before the quotation's).
_WINDOW_SENTENCES = 3


@dataclass(frozen=True)
class Quotation:
    """One direct quotation: ``speaker`` and ``cue`` are ``None`` when unattributed.

    ``speaker_pronoun`` is the pronoun the text gives as the speaker ("they said"), kept
    whether or not :func:`_resolve` could name whom it stands for; ``speaker`` is never a
    pronoun.
    """

    speaker: str | None
    cue: str | None
    text: str
    start_char: int
    end_char: int
    paragraph_no: int
    speaker_pronoun: str | None = None


def _speaker_words(subject: Token, tokens: list[Token]) -> list[Token]:
    """The words that name a speaker: the named entity or noun phrase the subject heads,
    which reads better than textacy's bare head plus compounds ("prime minister", not
    "minister")."""
    if subject.pos_ == "PRON":
        return [subject]
    doc = subject.doc
    for ent in doc.ents:
        if ent.start <= subject.i < ent.end:
            return _entity_tokens(ent)
    for chunk in doc.noun_chunks:
        if chunk.root == subject:
            words = [
                t for t in chunk if t.dep_ not in ("det", "poss", "case") and not t.is_punct
            ]  # "Sanders's wife" -> "wife", not "'s wife"
            if words:
                return list(doc[words[0].i : words[-1].i + 1])
    return sorted(tokens, key=lambda t: t.i)


def _person(tokens: list[Token]) -> list[Token]:
    """A person's name without the title or office before it: "Ms Alexander" ->
    "Alexander" (whom :func:`_full_name` then names in full), "Councillor Mohammed
    Rafique" -> "Mohammed Rafique"; other words as they are."""
    if not tokens or not any(t.ent_type_ == "PERSON" for t in tokens):
        return tokens
    doc, first = tokens[0].doc, tokens[0].i
    start = term_spans.name_start(doc, first, tokens[-1].i + 1)
    return [t for t in tokens if t.i >= start] or tokens


def _appositive_name(subject: Token) -> list[Token] | None:
    """The person a described speaker is said to be: "Its transport spokesman, David
    Renard, said" -> David Renard; "The MP for Durham, Mary Foy, said" -> Mary Foy (the
    parser hangs the name on "Durham")."""
    objects = [
        obj
        for prep in subject.children
        if prep.dep_ == "prep"
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]
    # "MP for Hexham and Tynedale, Gareth Lowe": on the last of a list of places (not
    # "a spokesman for Mr Khan and his wife, Sarah Khan", who is not the speaker).
    places = [
        c
        for obj in objects
        for c in obj.children
        if c.dep_ == "conj" and c.ent_type_ in ("GPE", "LOC")
    ]
    described = [subject, *objects, *places]
    for child in (c for head in described for c in head.children):
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            for ent in subject.doc.ents:
                if ent.start <= child.i < ent.end:
                    return _entity_tokens(ent)
    return None


def _speaker_name(words: list[Token], doc: Doc) -> str:
    """``words`` as text; a description's first word in lower case when only the start
    of a sentence gave it a capital ("Researchers said" -> "researchers"), that is when
    ``doc`` never capitalises it mid-sentence (as it would "Tories")."""
    first, last = words[0].i, words[-1].i
    contiguous = last - first + 1 == len(words)
    text = words[0].doc[first : last + 1].text if contiguous else " ".join(t.text for t in words)
    head = words[0].text
    if (
        _is_description(words)
        and words[0].is_sent_start
        and head[1:].islower()
        and not any(t.text == head and not t.is_sent_start for t in doc)
    ):
        return text[:1].lower() + text[1:]
    return text


def _touching(sents: list[Span], chain: list[tuple[int, int]]) -> list[Span]:
    """The sentences that hold a quotation's first or last mark or sit right beside it."""
    first, last = chain[0][0], chain[-1][1]
    return [
        s
        for s in sents
        if (s.start < first and s.end >= first - 1) or (s.start <= last + 1 and s.end > last)
    ]


def _attribute(
    window: Doc, offset: int, chain: list[tuple[int, int]], inside: set[int]
) -> tuple[Token, list[Token], list[Token]] | None:
    """Speaker, speaker tokens and cue of ``chain``, looked for in a parsed ``window``.

    ``window`` is the Doc itself (``offset`` 0) or the parsed sentences around the chain
    that start at token ``offset`` of the Doc; ``chain`` and ``inside`` index the Doc.
    """
    first, last = chain[0][0], chain[-1][1]
    verbs = quote_marks.reporting_verbs(window.lang_)
    cues = sorted(
        (
            t
            for s in _touching(list(window.sents), [(a - offset, b - offset) for a, b in chain])
            for t in s
            if t.pos == VERB
            and t.lemma_ in verbs
            and t.i + offset not in inside
            and (t.lemma_ != "call" or _calls_it(t, first - offset))
        ),
        key=lambda t: min(abs(t.i + offset - first), abs(t.i + offset - last)),
    )
    for cue in cues:
        subjects = [
            child for child in cue.children
            if child.i + offset not in inside
            and (child.dep == nsubj or child.dep_ in ("nsubj", "nsubjpass"))
        ]  # fmt: skip
        if subjects:
            # The parser may split a hyphenated noun into several subjects ("study co -
            # author"); a name among them is the speaker, else the last word, the head.
            named = [t for t in subjects if t.ent_type_]
            subject = named[0] if named else subjects[-1]
            return subject, expand_noun(subject), expand_verb(cue)
    return None


def _calls_it(verb: Token, quote: int) -> bool:
    """ "called it “a huge boost”": "call" reports words only where the quotation opens
    right after its object, not in "allowed me to call a lawyer." """
    return any(c.dep_ == "dobj" and c.right_edge.i + 1 == quote for c in verb.children)


def _is_subject(window: Doc, offset: int, chain: Chain) -> bool:
    """Whether the quoted words are the subject of their clause: "“quantitative easing”
    would continue" names a thing; "it was “a huge boost”" says something of one."""
    (a, b), *_ = chain
    words = [window[i - offset] for i in range(a + 1, b) if 0 <= i - offset < len(window)]
    inside = {t.i for t in words}
    heads = [t for t in words if t.head.i not in inside]
    return any(t.dep_ in ("nsubj", "nsubjpass") for t in heads)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted token ranges with overlapping ones merged."""
    merged: list[list[int]] = []
    for a, b in sorted(set(spans)):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _resolve(
    doc: Doc, pronoun: str, before: int, inside: set[int], *, adjacent: bool = True
) -> str | None:
    """The entity a pronoun speaker stands for, where a simple rule is reliable; else None.

    Only entities before the pronoun (token ``before``) and outside any quotation count:

    - "he" / "she": the one person named in the pronoun's paragraph, or if it names
      none, in the window, if exactly one is (counted by surname, so "Clare Short" and
      "Ms Short" are one), leaving out a person whose title
      says the other sex (Mr, Sir, Lord against Mrs, Ms, Miss, Dame, Lady) and a one-word
      "person" the story never names in full or with a title (often a team or a firm);
    - "they": the one organisation or group (spaCy ``ORG``, or a plural ``NORP`` such as
      "the Tories") named in the window, if exactly one is, and only when the reporting
      verb follows the pronoun (``adjacent``: "they said", "it has warned");
    - "it": likewise, the one organisation (``ORG``: a company, party or body);
    - any other pronoun ("we", "I", "you"): nobody.

    The window is the paragraph of the pronoun and the one before, but no more than
    :data:`_WINDOW_SENTENCES` sentences back (a text without paragraph breaks, such as
    a one-line story, would otherwise reach back to its start).
    Measured on 100 BBC quotations: ``tests/data/bbc_pronoun_speakers.csv``.
    """
    labels = _REFERENTS.get(pronoun)
    if labels is None:
        return None
    ents = [
        e for e in doc.ents
        if e.label_ in labels and e.end <= before and not inside.intersection(range(e.start, e.end))
        and (e.label_ != "NORP" or e[-1].tag_ in ("NNPS", "NNS"))  # "the Tories", not "Italian"
    ]  # fmt: skip
    start = _window_start(doc, before)
    if pronoun in ("he", "she"):
        full = _full_names(doc)
        people = [e for e in ents if _sex_fits(e, pronoun) and _surname(e) in full]
        # The pronoun's own paragraph first: a person it names outweighs the one before.
        paragraph = max(s for s in quote_marks.paragraph_starts(doc) if s <= before)
        for lo in dict.fromkeys((max(paragraph, start), start)):
            names = {_surname(e): e for e in people if e.start >= lo}
            if names:
                return _entity_name(next(iter(names.values()))) if len(names) == 1 else None
        return None
    if not adjacent:
        return None
    names = {_entity_name(e).casefold(): _entity_name(e) for e in ents if e.start >= start}
    return next(iter(names.values())) if len(names) == 1 else None


def _is_description(tokens: Sequence[Token]) -> bool:
    """A speaker with no name in it, no word of an entity nor a proper noun: "the
    report", "researchers", "a spokesman"."""
    return not any(t.ent_type_ in _NAME_LABELS or t.pos_ == "PROPN" for t in tokens)


def _maker(doc: Doc, head: int, inside: set[int]) -> str | None:
    """A described speaker (its head noun is token ``head``) named after the nearest
    mention of the same noun, this one included, that names the organisation behind it:
    the mention is part of its name ("the ministry" after "the Finance Ministry"), or the
    organisation comes right before it or after by, for, from, at or of ("the report"
    after "a WWF report" or "a report by the WWF" -> "WWF report"). None if no mention
    does."""
    lemma, noun = doc[head].lemma_.lower(), doc[head].text.lower()
    makers = [e for e in doc.ents if e.label_ in _MAKER_LABELS]
    starts = {e.start: e for e in makers}
    for i in range(head, -1, -1):
        if doc[i].lemma_.lower() != lemma or i in inside:
            continue
        named = next((e for e in makers if e.start <= i < e.end), None)
        if named is not None:
            return _entity_name(named)
        maker = _maker_before(doc, i) or _maker_after(doc, i, starts)
        if maker:
            return f"{maker} {noun}"
    return None


def _maker_before(doc: Doc, i: int) -> str | None:
    """The organisation that modifies token ``i``: "the US Senate report", "Oxfam's
    report"."""
    end = i - 1 if i and doc[i - 1].tag_ == "POS" else i
    start = end
    while start and doc[start - 1].ent_type_ in _MAKER_LABELS:
        start -= 1
    if start < end and doc[start].lower_ == "the":
        start += 1
    return doc[start:end].text if start < end else None


def _maker_after(doc: Doc, i: int, starts: dict[int, Span]) -> str | None:
    """The organisation (``starts``: by first token) after token ``i`` and a preposition:
    "a spokesman for the FDA", "scientists at Stanford University"; the second of two ("a
    spokesman for Manchester's Trafford Centre")."""
    if i + 1 >= len(doc) or doc[i + 1].lower_ not in _MAKER_PREPS:
        return None
    ent = starts.get(i + 2) or (starts.get(i + 3) if doc[i + 2 : i + 3].text == "the" else None)
    if ent is not None:
        # Not "Manchester" for "Manchester's Trafford Centre" (the 's in the entity or not).
        if doc[ent.end - 1].tag_ == "POS":
            ent = starts.get(ent.end)
        elif ent.end < len(doc) and doc[ent.end].tag_ == "POS":
            ent = starts.get(ent.end + 1)
    return _entity_name(ent) if ent is not None else None


def _full_name(doc: Doc, speaker: str) -> str:
    """A surname alone as the story names the person in full ("Obama" -> "Barack
    Obama"), when exactly one full name in the story ends with it; else as it is. Two
    people of one surname in one story stay apart, and one person counts once. Unlike
    keyterms' :func:`toolkit.measures.term_spans.short_names`, the surname's own entity
    label does not matter: a speaker is a person by speaking ("Ferguson said", which
    spaCy may call an organisation)."""
    if " " in speaker or not speaker[:1].isupper():
        return speaker
    surname = " " + speaker.casefold()  # "Garcia-Moreno" is three tokens
    names = {
        name
        for e in doc.ents
        if e.label_ == "PERSON"
        and (name := _speaker_name(_person(_entity_tokens(e)), doc)).casefold().endswith(surname)
    }  # "Heidi Alexander", not "Ms Alexander" too
    if not names:
        # spaCy may label the full name a body ("Quinn Ellery" ... "Ellery said"): the one
        # name in capitals, of two words or more, that ends with the surname.
        names = {
            e.text
            for e in doc.ents
            if e.label_ in _NAME_LABELS - {"GPE", "LOC", "NORP"}
            and 1 < len(e) <= 4
            and all(t.is_alpha and t.text[:1].isupper() for t in e)
            and (" " + e.text.casefold()).endswith(surname)
        }
    return names.pop() if len(names) == 1 else speaker


def _surname(person: Span) -> str:
    return person[-1].lower_ if person[-1].tag_ != "POS" or len(person) == 1 else person[-2].lower_


def _full_names(doc: Doc) -> set[str]:
    """Surnames of the people the story names in full ("Ms Short", "Clare Short"): a
    one-word PERSON that never comes with a first name or a title is often a place, a
    team or a firm ("Yukos", "Welsh") that the tagger took for a person."""
    out = set()
    for e in doc.ents:
        if e.label_ != "PERSON":
            continue
        words = [t for t in e if t.tag_ != "POS" and not t.is_punct]
        titled = e.start > 0 and doc[e.start - 1].lower_.rstrip(".") in _TITLE_WORDS
        if len(words) >= 2 or titled:
            out.add(_surname(e))
    return out


def _sex_fits(person: Span, pronoun: str) -> bool:
    title = person.doc[person.start - 1].lower_ if person.start else ""
    other = _FEMALE_TITLES if pronoun == "he" else _MALE_TITLES
    return title not in other


def _entity_name(ent: Span) -> str:
    """The entity without a leading "the" or a trailing possessive: "the BBC's" -> "BBC"."""
    tokens = _entity_tokens(ent)
    return ent.doc[tokens[0].i : tokens[-1].i + 1].text


def _entity_tokens(ent: Span) -> list[Token]:
    """The words of :func:`_entity_name` (all of them if nothing else is left)."""
    tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct):
        tokens.pop()
    return tokens or list(ent)


def _window_start(doc: Doc, before: int) -> int:
    """First token of the window :func:`_resolve` searches for "they" and "it"."""
    starts = [s for s in quote_marks.paragraph_starts(doc) if s <= before]
    paragraph = starts[-2] if len(starts) > 1 else 0
    sents = [s.start for s in doc.sents if s.start <= before]
    sentence = sents[-1 - _WINDOW_SENTENCES] if len(sents) > _WINDOW_SENTENCES else 0
    return max(paragraph, sentence)


def direct_quotations(doc: Doc, *, nlp: Language | None = None) -> list[Quotation]:
    """Direct quotations in ``doc`` with speaker and reporting verb where one is found.

    Parameters
    ----------
    doc
        A Doc with tags, lemmas and entities whose paragraphs are joined by ``"\\n"``.
        Never raises on unbalanced quote marks.
    nlp
        The pipeline that made ``doc``; needed only when ``doc`` has no dependency parse,
        to parse the sentences around each quotation (see the module docstring).

    Returns
    -------
    list of Quotation
        In text order. A quotation spread over several paragraphs is one item whose text
        joins the parts with a space; ``paragraph_no`` (1-based) is where it starts.

    Raises
    ------
    toolkit.InputError
        ``doc`` has quotations, no parse, and ``nlp`` has no parser.

    Examples
    --------
    >>> from toolkit.nlp import load_nlp
    >>> doc = load_nlp()("“We would be open to discussing it,” the president said.")
    >>> direct_quotations(doc)[0].speaker
    'president'
    """
    return quotations_in([doc], nlp=nlp)[0]


def is_named_speaker(speaker: str | None) -> bool:
    """Whether a speaker that :func:`direct_quotations` found names someone ("Barack
    Obama", "WWF report") rather than only describing them ("researchers", "report"),
    which it writes in lower case. One description in two stories stands for two sources.

    Examples
    --------
    >>> [is_named_speaker(s) for s in ("Barack Obama", "WWF report", "researchers", None)]
    [True, True, False, False]
    """
    return isinstance(speaker, str) and speaker != speaker.lower()


def quotations_in(docs: Sequence[Doc], *, nlp: Language | None = None) -> list[list[Quotation]]:
    """:func:`direct_quotations` of each Doc, parsing all their quotations' sentences at once.

    One parser call for the windows of many Docs runs in full batches, which is what makes
    parsing only around quotations cheaper than parsing everything.
    """
    chains = [quote_marks.quotation_chains(doc, partial=True) for doc in docs]
    kept = [k for k, _ in chains]
    windows: list[list[tuple[int, Doc]]] = [[(0, doc)] * len(k) for doc, k in zip(docs, kept)]
    todo = [i for i, doc in enumerate(docs) if kept[i] and not doc.has_annotation("DEP")]
    if todo:
        # component_names: the caller may have disabled the parser for the main pass.
        if nlp is None or "parser" not in nlp.component_names:
            raise InputError(
                "direct_quotations() needs a parsed Doc or nlp= a pipeline with a parser, "
                f"got {'no nlp' if nlp is None else f'a pipeline of {nlp.component_names}'}"
            )
        spans = {i: _spans(docs[i], kept[i]) for i in todo}
        merged = [(i, a, b) for i in todo for a, b in _merge(spans[i])]
        parsed = nlp.get_pipe("parser").pipe(docs[i][a:b].as_doc() for i, a, b in merged)
        by_doc: dict[int, list[tuple[int, Doc]]] = {}
        for (i, a, _), window in zip(merged, parsed):
            by_doc.setdefault(i, []).append((a, window))
        for i in todo:
            windows[i] = [
                next((o, w) for o, w in by_doc[i] if o <= a < o + len(w)) for a, _ in spans[i]
            ]
    return [_quotations(doc, k, inside, w) for doc, (k, inside), w in zip(docs, chains, windows)]


def _spans(doc: Doc, kept: list[tuple[Chain, list[Span], bool]]) -> list[tuple[int, int]]:
    """Per chain, the token range of the sentences its attribution looks at."""
    sents = list(doc.sents)
    spans = []
    for chain, _, _ in kept:
        around = _touching(sents, chain) or [doc[chain[0][0] : chain[-1][1] + 1]]
        spans.append((around[0].start, around[-1].end))
    return spans


def _quotations(
    doc: Doc,
    kept: list[tuple[Chain, list[Span], bool]],
    inside: set[int],
    windows: list[tuple[int, Doc]],
) -> list[Quotation]:
    paragraph_starts = quote_marks.paragraph_starts(doc)
    found: list[Quotation] = []
    for (chain, parts, partial), (offset, window) in zip(kept, windows):
        attribution = _attribute(window, offset, chain, inside)
        if partial and (attribution is None or _is_subject(window, offset, chain)):
            continue  # no one says it, or it names what the sentence is about
        speaker = cue = pronoun = None
        if attribution is not None:
            subject, speaker_tokens, cue_tokens = attribution
            words = _person(_speaker_words(subject, speaker_tokens))
            if _is_description(words) or subject.ent_type_ != "PERSON":
                # "Its spokesman, David Renard, said"; "Newcastle United's head coach
                # Eddie Howe has said"; "Labour MP for Durham, Mary Foy, said": the
                # person named beside the office speaks.
                words = _appositive_name(subject) or words
            speaker = _speaker_name(words, doc)
            if subject.pos_ == "PRON" or (
                subject.is_stop and subject.ent_type_ not in _NAME_LABELS
            ):
                # "which said", "one said", "some argue": pronouns in all but name
                pronoun = subject.lower_
                first_cue = min(t.i for t in cue_tokens)
                speaker = _resolve(
                    doc, pronoun, subject.i + offset, inside,
                    adjacent=0 < first_cue - subject.i <= 2,
                )  # fmt: skip
            elif _is_description(words):
                speaker = _maker(doc, subject.i + offset, inside) or speaker
            if speaker is not None:
                speaker = _full_name(doc, speaker)
            cue = " ".join(t.text for t in sorted(cue_tokens, key=lambda t: t.i))
        found.append(
            Quotation(
                speaker=speaker,
                cue=cue,
                text=" ".join(p.text.strip() for p in parts),
                start_char=parts[0].start_char,
                end_char=parts[-1].end_char,
                paragraph_no=sum(1 for s in paragraph_starts if s <= chain[0][0]),
                speaker_pronoun=pronoun,
            )
        )
    return found
