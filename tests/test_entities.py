"""Entity counts per story (toolkit.measures.entities)."""

from __future__ import annotations

import pytest
from spacy.tokens import Span
from spacy.util import filter_spans

from toolkit.measures.entities import LABELS, entity_counts
from toolkit.measures.keyterms import extract_keyterms


@pytest.fixture(scope="module")
def nlp():
    from toolkit.nlp import load_nlp

    return load_nlp()


def test_one_country_is_one_entity_however_it_is_written(nlp):
    # A chart sums entities over stories: "US", "U.S." and "the United States" are one bar.
    doc = nlp(
        "The US said on Monday it would act. Officials in the U.S. agreed. "
        "The United States has sent aid, and Britain will too."
    )
    places = {(e["text"], e["label"]): e["count"] for e in entity_counts(doc)}
    assert places[("United States", "GPE")] == 3
    assert ("United Kingdom", "GPE") in places
    assert not {"US", "U.S.", "Britain"} & {text for text, _ in places}


def test_counts_are_sorted_and_labels_are_known(nlp):
    doc = nlp("Kosovo said yes. Kosovo's president, Vjosa Osmani, spoke in Pristina.")
    found = entity_counts(doc)
    assert found[0] == {"text": "Kosovo", "label": "GPE", "count": 2}
    assert [e["count"] for e in found] == sorted((e["count"] for e in found), reverse=True)
    assert {e["label"] for e in found} <= set(LABELS)


def test_a_person_is_counted_under_their_full_name(nlp):
    # "Mr Corbyn" and "Corbyn" are the Jeremy Corbyn the story introduced.
    doc = nlp(
        "Jeremy Corbyn said the party would grow. Mr Corbyn spoke to Sky News on "
        "Sunday. Corbyn told reporters that members had joined."
    )
    people = {e["text"]: e["count"] for e in entity_counts(doc) if e["label"] == "PERSON"}
    assert people == {"Jeremy Corbyn": 3}


def test_a_name_opening_with_mr_is_a_person(nlp, seed_lines):
    # spaCy labels the seed's "Mr Farage" an organisation; only a person is a Mr.
    text = "\n".join(seed_lines["text"].iloc[50:52])
    assert "Mr Farage" in text
    assert ("Mr Farage", "ORG") in {(e.text, e.label_) for e in nlp(text).ents}
    people = {e["text"]: e["count"] for e in entity_counts(nlp(text)) if e["label"] == "PERSON"}
    assert people["Nigel Farage"] == 2


def test_a_surname_spacy_mislabels_still_counts_for_the_person(nlp):
    # spaCy calls the lone "Sultana" an organisation; beside Zarah Sultana it is her.
    doc = nlp(
        "Zarah Sultana said the party would grow on Sunday. Later, Sultana told "
        "reporters that members had joined. Sultana is an MP."
    )
    assert [(e.text, e.label_) for e in doc.ents if e.text == "Sultana"] == [("Sultana", "ORG")] * 2
    found = {(e["text"], e["label"]): e["count"] for e in entity_counts(doc)}
    assert found[("Zarah Sultana", "PERSON")] == 3
    assert not [text for text, _ in found if text == "Sultana"]


def test_a_place_that_is_also_a_surname_stays_a_place(nlp):
    doc = nlp(
        "Robert West, a psychologist, studies smoking. Relations between the West and "
        "Russia worsened, West said."
    )
    found = {(e["text"], e["label"]) for e in entity_counts(doc)}
    assert any(text == "West" and label != "PERSON" for text, label in found), found


def test_a_name_is_counted_as_written(nlp):
    # Not "Rhys - Davies" nor "Fishmongers ' Hall": the story's own spelling.
    doc = nlp("John Rhys-Davies spoke at Fishmongers' Hall on Monday. Fishmongers' Hall is old.")
    texts = {e["text"] for e in entity_counts(doc)}
    assert "John Rhys-Davies" in texts and "Fishmongers' Hall" in texts, texts


def test_a_time_zone_is_no_organisation(nlp):
    # Wikinews gives every time in UTC, which spaCy often calls an organisation.
    doc = nlp(
        "The quake struck at 09:12 UTC on Monday, the USGS said. Aftershocks followed at "
        "10:40 UTC. The USGS said damage was light."
    )
    assert ("UTC", "ORG") in {(e.text, e.label_) for e in doc.ents}
    assert [e["text"] for e in entity_counts(doc)] == ["USGS"]


def test_entities_alone_count_as_with_every_measure(nlp, seed_stories, tmp_path):
    # The counts read tags and lemmas (titles, possessives, surnames): asking for entities
    # alone must still run what they need, not merge every name into one.
    from toolkit import analyze

    alone = analyze(seed_stories, measures=["entities"], cache=tmp_path, progress=False)
    for text, found in zip(seed_stories["text"], alone["entities"]):
        assert found == entity_counts(nlp(text))


def test_an_office_before_a_persons_name_is_not_part_of_it(nlp):
    doc = nlp(
        "Councillor Mohammed Rafique closed the park. Archbishop Desmond Tutu visited "
        "Cape Town, and Judge Helen Price jailed the thief."
    )
    people = {e["text"] for e in entity_counts(doc) if e["label"] == "PERSON"}
    assert {"Mohammed Rafique", "Desmond Tutu", "Helen Price"} <= people, people
    assert not [p for p in people if p.split()[0] in ("Councillor", "Archbishop", "Judge")]


def _with_people(doc, *names):
    """``doc`` with spaCy's slip forced: every occurrence of ``names`` a PERSON."""
    from spacy.tokens import Span

    spans = [
        Span(doc, t.i, t.i + len(name.split()), label="PERSON")
        for name in names
        for t in doc
        if doc[t.i : t.i + len(name.split())].text == name
    ]
    doc.ents = spans
    return doc


def test_a_name_written_only_as_a_place_is_a_place_whatever_spacy_says(nlp):
    text = (
        "Refugees in the camp outside Calais applied for asylum. Aid workers at Calais "
        "warned that the camp near Porto Alegre was full too."
    )
    doc = _with_people(nlp(text), "Calais", "Porto Alegre")
    labels = {e["text"]: e["label"] for e in entity_counts(doc)}
    assert labels == {"Calais": "GPE", "Porto Alegre": "GPE"}


def test_a_person_after_in_or_at_stays_a_person(nlp):
    # A surname used alone, speech, a title, a number after the name: a person's marks.
    text = (
        "The brand found its star in Felix Baumgartner. Baumgartner jumped. The club found a "
        "leader in Ann Gill, and Gill said yes. They struck at Richard III and at Mr Smith."
    )
    doc = _with_people(nlp(text), "Felix Baumgartner", "Ann Gill", "Richard", "Smith")
    labels = {e["text"]: e["label"] for e in entity_counts(doc)}
    assert {labels[n] for n in ("Felix Baumgartner", "Ann Gill", "Richard", "Smith")} == {"PERSON"}


def test_a_building_named_with_a_possessive_is_one_name(nlp):
    # spaCy stops at "'s": "St Paul's" + "Cathedral"; but "Britain's Prime Minister" is no
    # building, and "Google's Android" no part of Google.
    doc = nlp(
        "Thousands gathered at St Paul's Cathedral on Sunday. The service at St Paul's "
        "Cathedral was long. Britain's Prime Minister spoke, and Google's Android grew."
    )
    found = {e["text"]: e["label"] for e in entity_counts(doc)}
    assert found["St Paul's Cathedral"] == "FAC", found
    assert not [t for t in found if "Minister" in t or "Google's" in t], found


def test_a_brand_written_with_its_s_keeps_it(nlp):
    # "McDonald's" is the firm's name; "Apple's profits" and "NASA's budget" are possessives.
    doc = nlp(
        "McDonald's sold fewer burgers. Sales at McDonald's fell, and McDonald's said it "
        "would cut prices. Apple's profits rose and Apple hired staff. NASA's budget grew, "
        "and NASA's rockets flew."
    )
    names = {e["text"] for e in entity_counts(doc)}
    assert "McDonald's" in names and "McDonald" not in names, names
    assert {"Apple", "NASA"} <= names and not {"Apple's", "NASA's"} & names, names


def test_storms_and_clubs_spacy_calls_people_are_events_and_organisations(nlp):
    doc = nlp(
        "Hurricane Humberto, a category 3 hurricane, was near Bermuda. Humberto was expected "
        "to pass north of Bermuda. Storm Ciara hit Wales, and Ciara brought floods. "
        "Manchester United beat Leeds, and Malcolm Glazer bid for Manchester United."
    )
    found = {e["text"]: (e["label"], e["count"]) for e in entity_counts(doc)}
    assert found["Hurricane Humberto"] == ("EVENT", 2) and found["Storm Ciara"] == ("EVENT", 2)
    assert "Humberto" not in found and found["Bermuda"][0] == "GPE", found
    assert found["Manchester United"] == ("ORG", 2) and found["Malcolm Glazer"][0] == "PERSON"


def test_what_a_body_is_before_its_name_is_no_part_of_it(nlp):
    # spaCy takes "Regulator Ofcom" at a sentence start for a person; "Network Rail" is a
    # name of its own.
    doc = nlp(
        "Regulator Ofcom said the rules would apply. Retailer Tesco cut prices, and "
        "Network Rail closed the line. Ofcom fined the site."
    )
    found = {e["text"]: e["label"] for e in entity_counts(doc)}
    assert found == {"Ofcom": "ORG", "Tesco": "ORG", "Network Rail": "ORG"}, found
    terms = [t for t, _ in extract_keyterms(doc)]
    assert "Ofcom" in terms and not [t for t in terms if "Regulator" in t], terms


def test_a_surname_spacy_calls_a_place_counts_for_the_person(nlp):
    # spaCy's small model reads "Tabata" alone as a place; the story has it speak, never
    # writes it as a place ("in Tabata"), and it ends the one full name the story gives.
    doc = nlp(
        "Then you attempt Dr Izumi Tabata’s training protocol, twenty seconds of effort.\n"
        "Tabata has seen it all before.\n“They were dead!” says Tabata."
    )
    assert ("Tabata", "GPE") in {(e.text, e.label_) for e in doc.ents}
    found = {e["text"]: (e["label"], e["count"]) for e in entity_counts(doc)}
    assert found == {"Izumi Tabata": ("PERSON", 3)}, found


@pytest.mark.parametrize(
    "text",
    [
        # No mention speaks: a city that shares a singer's name stays a city.
        "Whitney Houston died in February. Her family flew to Houston, and Houston mourned.",
        "Phoenix police said the road was shut. Joaquin Phoenix was not hurt.",
        # Written as a place, though it speaks.
        "Prince George of Cambridge was born. The Duke of Cambridge said he was proud.",
    ],
)
def test_a_place_that_ends_a_persons_name_stays_a_place_without_a_persons_marks(nlp, text):
    doc = nlp(text)
    places = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC") and len(e) == 1}
    assert places, [(e.text, e.label_) for e in doc.ents]
    found = {e["text"] for e in entity_counts(doc)}
    assert places <= found, found


def test_a_name_with_a_teams_coach_or_player_after_it_is_an_organisation(nlp):
    text = (
        "Caloundra beat Wynnum on Saturday. Caloundra half back Jarrod Kidston enjoyed the "
        "win, and Caloundra coach Geoff Ingram said the side had improved."
    )
    doc = _with_people(nlp(text), "Caloundra", "Jarrod Kidston", "Geoff Ingram")
    found = {e["text"]: e["label"] for e in entity_counts(doc)}
    assert found == {
        "Caloundra": "ORG", "Jarrod Kidston": "PERSON", "Geoff Ingram": "PERSON"
    }, found  # fmt: skip
    # A politician's assistant is no team's, and a name that speaks is a person's.
    text = "Obama assistant Valerie Jarrett spoke. Bolton manager Sam Allardyce said no."
    doc = _with_people(nlp(text), "Obama", "Valerie Jarrett", "Bolton", "Sam Allardyce")
    found = {e["text"]: e["label"] for e in entity_counts(doc)}
    assert (found["Obama"], found["Bolton"]) == ("PERSON", "ORG"), found
    text = "Obama coach Valerie Jarrett spoke. Obama said the plan was sound."
    doc = _with_people(nlp(text), "Obama", "Valerie Jarrett")
    assert {e["text"]: e["label"] for e in entity_counts(doc)}["Obama"] == "PERSON"


def test_a_person_opening_a_towns_hyphenated_name_is_the_town(nlp):
    # spaCy's small model reads "Stratford" as a person, in "Stratford-upon-Avon" too.
    text = (
        "Stratford-upon-Avon intends to celebrate the bard. Stratford remained important, "
        "argues Paul Edmondson. Newcastle-upon-Tyne disagrees."
    )
    doc = _with_people(nlp(text), "Stratford", "Paul Edmondson", "Tyne")
    found = {e["text"]: e["label"] for e in entity_counts(doc)}
    assert found == {"Stratford": "GPE", "Paul Edmondson": "PERSON", "Tyne": "GPE"}


def _labelled(doc, **labels):
    """``doc`` with its entities set by hand: each ``name=label`` (underscores for
    spaces) at every occurrence, as spaCy's small model may label them."""
    spans = []
    for name, label in labels.items():
        words = name.split("_")
        spans += [
            Span(doc, t.i, t.i + len(words), label=label)
            for t in doc
            if [x.text for x in doc[t.i : t.i + len(words)]] == words
        ]
    doc.ents = filter_spans(spans)  # "Alan White" before "Alan"
    return doc


def test_names_in_capitals_or_opening_with_county_are_no_people(nlp):
    # spaCy's small model takes these for people on real pages.
    text = (
        "Train operator LNER cancelled services in County Durham after 19:00 BST. "
        "COVID-19 cases rose near Loch Lomond, and the GB squad flew home."
    )
    doc = _labelled(
        nlp(text),
        LNER="PERSON",
        County_Durham="PERSON",
        BST="PERSON",
        Loch_Lomond="PERSON",
        GB="PERSON",
    )
    found = {e["text"]: e["label"] for e in entity_counts(doc)}
    assert found == {
        "LNER": "ORG", "County Durham": "GPE", "Loch Lomond": "LOC", "United Kingdom": "GPE"
    }, found  # fmt: skip
    # A headline in capitals says nothing about what a name is.
    doc = _labelled(nlp("FLOODS HIT SMITH FARM AS JOHN SMITH WATCHES"), JOHN_SMITH="PERSON")
    assert entity_counts(doc) == [{"text": "JOHN SMITH", "label": "PERSON", "count": 1}]


def test_a_code_with_digits_is_no_person(nlp):
    doc = _labelled(
        nlp("COVID-19 spread fast. Doctors said COVID-19 was new."), **{"COVID-19": "PERSON"}
    )
    assert len(doc.ents) == 2 and entity_counts(doc) == []


def test_a_town_named_for_its_club_is_the_club(nlp):
    # spaCy stops at the town in "Newcastle United's", and calls the town alone a place.
    text = (
        "Newcastle United's head coach Eddie Howe was angry. Newcastle lost 2-1 to Aston "
        "Villa. Middlesbrough manager Michael Carrick said Middlesbrough deserved the points. "
        "England coach Andy Robinson watched."
    )
    doc = _labelled(
        nlp(text),
        Newcastle="GPE",
        Eddie_Howe="PERSON",
        Middlesbrough="GPE",
        Michael_Carrick="PERSON",
        England="GPE",
        Andy_Robinson="PERSON",
    )
    found = {e["text"]: (e["label"], e["count"]) for e in entity_counts(doc)}
    assert found["Newcastle United"] == ("ORG", 2), found
    assert found["Middlesbrough"] == ("ORG", 2), found
    assert "Newcastle" not in found
    assert found["England"] == ("GPE", 1), found  # a national team keeps its country's name
    # The town written as a place stays a place.
    text = "Fans gathered in Newcastle. Newcastle United's coach Eddie Howe thanked them."
    doc = _labelled(nlp(text), Newcastle="GPE", Eddie_Howe="PERSON")
    found = {e["text"]: e["label"] for e in entity_counts(doc)}
    assert found["Newcastle"] == "GPE" and found["Newcastle United"] == "ORG", found


def test_a_department_naming_an_office_is_no_organisation(nlp):
    text = "She would raise it with the Health Secretary. Council leader Karen Whitfield agreed."
    doc = _labelled(nlp(text), Health="ORG", Council="ORG", Karen_Whitfield="PERSON")
    assert [e["text"] for e in entity_counts(doc)] == ["Karen Whitfield"]


def test_a_first_name_alone_counts_for_the_one_person_it_opens(nlp):
    text = (
        'The club appointed Alan White as manager. Chairman David Johnston said: "Alan '
        'knows this club." Lego said the Lego Movie sold well.'
    )
    doc = _labelled(
        nlp(text),
        Alan_White="PERSON",
        Alan="PERSON",
        David_Johnston="PERSON",
        Lego="ORG",
        Lego_Movie="PERSON",
    )
    found = {e["text"]: e["count"] for e in entity_counts(doc)}
    assert found["Alan White"] == 2 and "Alan" not in found, found
    # A name spaCy also calls a body is no first name ("Lego" of "Lego Movie").
    assert found["Lego"] == 1, found


@pytest.mark.parametrize(
    ("text", "labels", "expected"),
    [
        # A town or state written as a place too stays one.
        ("Ohio coach Frank Solich retired. Ohio voters backed the measure.",
         {"Ohio": "GPE", "Frank_Solich": "PERSON"}, {"Ohio": ("GPE", 2)}),
        ("Manchester United beat Chelsea. Manchester mayor Andy Burnham welcomed the win.",
         {"Manchester_United": "ORG", "Manchester": "GPE", "Andy_Burnham": "PERSON"},
         {"Manchester United": ("ORG", 1), "Manchester": ("GPE", 1)}),
        # A person's surname stays the person's beside a club of that name.
        ("Jack Charlton managed Ireland. Charlton Athletic paid tribute, and Charlton's son spoke.",
         {"Jack_Charlton": "PERSON", "Charlton_Athletic": "ORG", "Charlton": "PERSON"},
         {"Jack Charlton": ("PERSON", 2), "Charlton Athletic": ("ORG", 1)}),
        # spaCy may tag the club's word as a name of its own: one mention still.
        ("Cambridge United's manager praised the fans after the win.",
         {"Cambridge": "GPE", "United": "ORG"}, {"Cambridge United": ("ORG", 1)}),
        # Two first names alike: no guess.
        ("John Smith and John Brown met. John said nothing.",
         {"John_Smith": "PERSON", "John_Brown": "PERSON", "John": "PERSON"},
         {"John Smith": ("PERSON", 1), "John Brown": ("PERSON", 1), "John": ("PERSON", 1)}),
        # Names in capitals that are people's; a surname ending in "Lake".
        ("BORIS JOHNSON: We will get it done. Ricki Lake said she was proud.",
         {"BORIS_JOHNSON": "PERSON", "Ricki_Lake": "PERSON"},
         {"BORIS JOHNSON": ("PERSON", 1), "Ricki Lake": ("PERSON", 1)}),
        # "Treasury" is a body on its own, before an office too.
        ("A Treasury minister said the Treasury would not comment.",
         {"Treasury": "ORG"}, {"Treasury": ("ORG", 2)}),
        # Countries the table lacks field national teams that stay the country.
        ("Kosovo coach Alain Giresse and Northern Ireland manager Michael O'Neill met.",
         {"Kosovo": "GPE", "Alain_Giresse": "PERSON", "Northern_Ireland": "GPE"},
         {"Kosovo": ("GPE", 1), "Alain Giresse": ("PERSON", 1), "Northern Ireland": ("GPE", 1)}),
    ],
)  # fmt: skip
def test_what_the_club_and_capitals_rules_leave_alone(nlp, text, labels, expected):
    found = {
        e["text"]: (e["label"], e["count"]) for e in entity_counts(_labelled(nlp(text), **labels))
    }
    assert {k: found.get(k) for k in expected} == expected, found


def test_a_name_ends_at_a_bracket_and_a_person_starts_after_a_description(nlp):
    # spaCy's spans on real pages: "The World Health Organization (WHO", and a sentence's
    # first common noun taken into a person's name.
    text = (
        "The World Health Organization (WHO) lists the bacteria among its priority "
        "pathogens. Headteacher Simon Barraclough said the school would close. Household "
        "bin collections will run a day late."
    )
    doc = _labelled(
        nlp(text),
        **{"The_World_Health_Organization_(_WHO": "ORG"},
        Headteacher_Simon_Barraclough="PERSON",
        Household_bin="PERSON",
    )
    for tok in doc:
        if tok.text in ("Headteacher", "Household"):
            tok.pos_ = "NOUN"  # as the tagger most often reads them there
    found = {e["text"]: e["label"] for e in entity_counts(doc)}
    assert found == {"World Health Organization": "ORG", "Simon Barraclough": "PERSON"}, found


def test_initials_a_story_defines_for_a_thing_are_no_name(nlp):
    text = (
        "Researchers adjusted for body mass index (BMI) and blood pressure. BMI was high. "
        "The World Health Organization (WHO) said so, and the existing (UN) resolution held. "
        "Scotland's ruling party (SNP) lost, and the disaster relief agency (DRA) helped."
    )
    labels = dict.fromkeys(["BMI", "World_Health_Organization", "WHO", "UN", "SNP", "DRA"], "ORG")
    found = {e["text"] for e in entity_counts(_labelled(nlp(text), **labels))}
    assert "BMI" not in found, found
    assert {"World Health Organization", "WHO", "UN", "SNP", "DRA"} <= found, found
