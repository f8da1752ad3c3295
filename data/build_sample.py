"""Build ``data/sample/``: multi-topic raw news dumps of real, redistributable stories.

The sample imitates a folder of daily scrapes (see ``data/README.md``): each dump is a
UTF-8 text file of whole stories back to back, one paragraph per line, no separator,
with page furniture mixed in (video blocks, "More on X" topic tags with "Related
Topics:", image captions). A few stories come back in a later file, as exact copies or
edited between scrapes. ``truth.csv`` says where every story is and what it is;
``attribution.csv`` credits every text as its licence requires.

Sources (no network is used; check them out first)::

    # Wikinews articles of 2019-2021 (CC BY 2.5), scraped by Wouter van Atteveldt
    git clone https://github.com/vanatteveldt/wikinews /tmp/src/wikinews
    git -C /tmp/src/wikinews checkout 347254178bf343f3801aac1d03c41cc09c35decb

    # OneStopEnglish corpus (CC BY-SA 4.0), Vajjala & Lucic (2018)
    git clone https://github.com/nishkalavallabhi/OneStopEnglishCorpus /tmp/src/onestopenglish
    git -C /tmp/src/onestopenglish checkout 37f8db3945cd2f3cc0caafe45674147b224349be

    python data/build_sample.py --source /tmp/src/wikinews --source /tmp/src/onestopenglish

Keep the checkouts outside the repository. Each ``--source`` is recognised by its
content (``data/wikinews_2019.csv`` or ``Texts-SeparatedByReadingLevel/``); the input
files' SHA-256 are checked against the ones this sample was built from, and a mismatch is
a warning (the output would differ). The output is the same on every run and machine:
every random choice comes from ``--seed`` (default 20251205).

What is arranged, and why it is not :func:`toolkit.load.synth.make_labelled_dump`: that
function re-cuts every story into synthetic 1-3 sentence paragraphs with a rule that
also breaks after abbreviations such as "U.S." (lines would end mid-sentence), so the
sources' real paragraphs would be lost. This script keeps each source paragraph as one
line and only inserts furniture between paragraphs, with synth's conventions: furniture
only ever follows a body paragraph, a tagged story has exactly one "More on X" line after
any paragraph but its last, and furniture between two stories belongs to the first. It
reuses synth's player notices and sentence splitter.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.load.synth import VIDEO_NOTICES, split_sentences

SEED = 20251205
OUT = Path(__file__).resolve().parent / "sample"
N_FILES = 15
MIN_FILE_STORIES = 18  # distinct stories dealt to each file, at least
MIN_WORDS, MAX_WORDS = 110, 1200
P_UNTAGGED = 0.10
# Untagged stories are drawn only from topics that keep at least this many tagged
# distinct stories, so every topic of the sample can be counted (Sports has 21 stories
# in all and is never left untagged).
MIN_TAGGED = 22
P_VIDEO, P_CAPTION = 0.10, 0.06
N_EXACT_COPIES = 8

WIKINEWS_FILES = ("data/wikinews_2019.csv", "data/wikinews_2020.csv")
WIKINEWS_COMMIT = "347254178bf343f3801aac1d03c41cc09c35decb"
ONESTOP_COMMIT = "37f8db3945cd2f3cc0caafe45674147b224349be"
ONESTOP_DIR = "Texts-SeparatedByReadingLevel/Adv-Txt"

# Credits for inserted image captions: neutral ones, so no photo is pinned on an agency.
CAPTION_CREDITS = ("Wikimedia Commons", "File photo", "Handout", "Public domain")

# Topics are the names of Wikinews's top-level categories. They are ASSIGNED BY THIS
# SCRIPT (keyword rules on the title and first paragraphs, then the hand corrections in
# TOPIC_OVERRIDES), not read from Wikinews: the scrape used carries no categories.
TOPIC_RULES: dict[str, tuple[str, ...]] = {
    "Sports": (
        "football", "soccer", "cricket", "tennis", "olympic", "paralympic", "championship",
        "cup ", "world cup", "grand prix", "formula one", "nba", "nfl", "basketball",
        "baseball", "rugby", "golf", "athlete", "tournament", "league", "medal", "match",
        "coach", "marathon", "boxing", "cycling", "skating", "skiing", "wrestling",
        "season", "goal", "striker", "fifa", "uefa", "wimbledon", "super bowl", "hockey",
    ),
    "Health": (
        "covid", "coronavirus", "pandemic", "virus", "outbreak", "measles", "ebola",
        "vaccine", "hospital", "disease", "health", "medical", "patients", "infection",
        "epidemic", "doctors", "cancer", "drug", "who ", "world health", "quarantine",
        "lockdown", "smoking", "obesity", "diet", "sleep", "allergy",
    ),
    "Disasters and accidents": (
        "earthquake", "quake", "flood", "fire", "blaze", "crash", "collapse", "explosion",
        "storm", "hurricane", "cyclone", "typhoon", "tornado", "tsunami", "volcano",
        "eruption", "landslide", "derail", "accident", "wildfire", "bushfire", "sinks",
        "capsiz", "rescue", "killed", "dead", "avalanche", "stampede", "pileup",
    ),
    "Crime and law": (
        "court", "police", "arrest", "sentenced", "convicted", "trial", "judge", "murder",
        "shooting", "shot", "charged", "guilty", "prison", "jail", "lawsuit", "sue",
        "attorney", "prosecutor", "stabbing", "knife", "crime", "criminal", "fraud",
        "extortion", "terror", "kidnap", "gang", "drugs", "clemency", "law ",
    ),
    "Politics and conflicts": (
        "election", "president", "prime minister", "parliament", "minister", "government",
        "senate", "congress", "vote", "party", "protest", "war", "military", "troops",
        "impeach", "referendum", "primary", "caucus", "campaign", "democrat", "republican",
        "brexit", "coup", "sanction", "treaty", "diplomat", "minister", "mayor", "governor",
        "policy", "summit", "nato", "missile", "independence", "border",
    ),
    "Science and technology": (
        "scientist", "study", "research", "space", "nasa", "planet", "astronom", "asteroid",
        "telescope", "satellite", "rocket", "species", "fossil", "dinosaur", "physics",
        "chemical", "element", "internet", "google", "facebook", "apple", "software",
        "computer", "robot", "technology", "smartphone", "mars", "moon", "galaxy",
        "discovered", "researchers", "university", "journal", "drone", "artificial",
    ),
    "Economy and business": (
        "company", "companies", "market", "stock", "shares", "economy", "economic", "bank",
        "business", "trade", "tariff", "price", "oil", "billion", "million", "jobs",
        "employees", "workers", "strike", "airline", "retailer", "profit", "sales",
        "investment", "ceo", "industry", "tax", "wage", "debt", "budget", "shop",
    ),
    "Culture and entertainment": (
        "film", "movie", "music", "album", "singer", "band", "festival", "award", "oscar",
        "grammy", "eurovision", "museum", "art", "artist", "actor", "actress", "book",
        "novel", "author", "television", "tv ", "series", "theatre", "concert", "royal",
        "prince", "queen", "comic", "game", "fashion", "celebrat", "cathedral", "painting",
    ),
    "Obituaries": (" dies", "dies at", "dies aged", "died", "death of", "passes away"),
    "Environment": (
        "climate", "environment", "pollution", "emissions", "carbon", "wildlife", "forest",
        "ocean", "plastic", "extinction", "global warming", "conservation", "endangered",
        "animals", "bears", "sharks", "whale", "penguin",
    ),
}
# Wikinews's "Obituaries" is also used for a death reported as a disaster or a crime; a
# title with "dies" wins only when no disaster or crime word is in the title.
# Hand corrections of the rules, by Wikinews title (read by us; Wikinews may file some
# of these differently).
TOPIC_OVERRIDES: dict[str, str] = {
    "Former U.S. intelligence agent Tony Mendez, architect of 'Argo' rescue, dies at 78": "Obituaries",
    "Germany bans Mahan Air of Iran, citing 'security'": "Politics and conflicts",
    "Bombs kill at least 20 at cathedral in Mindanao, Philippines": "Crime and law",
    "Mokha, Yemen bomb kills photojournalist, at least five others": "Politics and conflicts",
    "Report indicates Mexican monarch butterfly population at ten-year high, reasons unclear": "Environment",
    "Bus carrying children overturns in Babyninsky, Russia; at least seven die": "Disasters and accidents",
    "German migrant rescue charity renames ship after drowned Syrian toddler": "Politics and conflicts",
    "Arrest made as mayor of Gdańsk, Poland stabbed on stage": "Crime and law",
    "US Department of Justice investigating Ford over emissions testing problems": "Economy and business",
    "Pope Francis instructs reporting of sexual abuse to higher church authorities": "Crime and law",
    "Retired US Supreme Court Justice John Paul Stevens dies": "Obituaries",
    "Wikinews attends Texas Haunters Convention": "Culture and entertainment",
    "French inventor Franky Zapata successfully crosses English Channel on jet-powered hoverboard": "Science and technology",
    "Missing New York City chef Andrea Zamperoni found dead": "Crime and law",
    "World leaders call to address Amazon rainforest fires at G7": "Environment",
    "US President Trump says Osama bin Laden's son killed": "Politics and conflicts",
    "Millions don't turn up to 'storm' US airbase for extraterrestrial evidence": "Culture and entertainment",
    "Hurricane Lorenzo hits Azores, heads towards Ireland": "Disasters and accidents",
    "Scheduled power outages in Northern California begin": "Disasters and accidents",
    "Indonesian security minister Wiranto stabbed": "Crime and law",
    "Northern Arapaho Tribe welcomes buffalo herd in Wyoming, United States": "Environment",
    "Lost 52 Project announces discovery of wrecked sub near Okinawa": "Science and technology",
    "Slippery business: Materials scientists invent new coating for self-cleaning, water-efficient toilets": "Science and technology",
    "Researchers break down deaths due to power plant pollution in the United States": "Environment",
    "Samoan government temporarily shuts down for nationwide measles vaccination drive": "Health",
    "Greta Thunberg named 2019 Time Person of the Year": "Environment",
    "Yemeni journalist Nabil Hasan al-Quaety shot dead in Aden": "Crime and law",
    "Water main bursts in White Plains, New York, US": "Disasters and accidents",
    "Russia's Navalny airlifted to Germany": "Politics and conflicts",
    "Three children seriously injured as bus hits bridge in Winchester, England": "Disasters and accidents",
    "Prime Minister of Slovakia Igor Matovič tests positive for COVID-19": "Health",
    "Oil facilities in Saudi Arabia hit by drone attacks": "Politics and conflicts",
    "Wash your hands or else spread superbug E. coli, say scientists": "Health",
    "Voracious fish defend coral reefs against warming, say scientists": "Environment",
    # A sportsperson's story is filed under Sports (as Kobe Bryant's death is by the rules),
    # also when it reports a death or an arrest.
    "Japanese professional wrestler and Netflix star Hana Kimura dies aged 22": "Sports",
    "US professional wrestler Jon Huber dies aged 41": "Sports",
    "Georgian tennis player Nikoloz Basilashvili arrested on domestic violence charge": "Sports",
}
# OneStopEnglish texts used, by file name (less "-adv.txt" and a "WNL " prefix; the whole
# name where two files share one, as "Japan" and "WNL Japan"), with the topic we gave each
# after reading its opening paragraphs. Only texts whose topic is clear are used; not used:
# list articles in numbered sections ("Five jobs", "In flight", "Inventions", "Six well paid
# jobs", "Ten ideas", "Waiters", "Ways Facebook changed"), first-person pieces and features
# that fit none of the topics ("Are you a bad boyfriend", "Experience", "I confused my
# numbers", "Why are people so wrong", "Denmark", "Wealth therapy", "What's the secret",
# "Revolution", "Canadian Pair", "Castaway", "101 year old bottle message", "Icebucket
# challenge", "Insects", "Inky the octopus", "Bright Future", "Kiruna", "Old age",
# "Switched Babies", "Goodbye fish and chips") and education stories ("Are MOOCs the
# future", "Bangladeshi organization"). A death is filed under Obituaries; "Use of e-cig"
# is, despite its file name, the corpus's obituary of BB King.
ONESTOP_TOPICS: dict[str, str] = {
    **dict.fromkeys(("FIFA", "First female coach", "World Cup", "School Sports", "Hillsborough",
                     "Ferguson", "Men in black", "Everest", "Skydiver", "Extreme heat"), "Sports"),
    **dict.fromkeys(("Billionaires", "Black Friday", "Starbucks", "Zero Hours", "Bonus pay",
                     "Coal to challenge oil", "Shops", "India's rich", "Crowdfunding", "Pizza chain",
                     "John Lewis", "Japan menu", "Loterry", "Apple", "Bangladesh factory owners",
                     "Can the US", "Fifth of young adults", "Man falls", "Mystery Shopper",
                     "Novel way", "Poverty", "SeaWorld", "Young Americans", "Teff", "The Greek island",
                     "Rwanda", "Winter", "WNL Japan"), "Economy and business"),
    **dict.fromkeys(("Life on Mars", "Mars", "NASA Astronaut", "Four new elements", "Google car",
                     "Will drones", "Facebook deserted by millions of users", "Blackberry",
                     "Meteorite", "Arctic mapping", "Satnav", "Lie detector", "Neuroscientists",
                     "False memory", "Japan", "Rats", "Norwegian sun", "Midlife crisis", "Cuba",
                     "Google boss", "Mirrors", "Scientist", "Shocking", "Six year olds",
                     "Still no flying cars", "Swarthy caveman", "First high resolution images",
                     "Who invented", "The millenials", "Amazon", "The lightweight"),
                    "Science and technology"),
    **dict.fromkeys(("Superbugs", "Life expectancy", "Exercise", "Cigarettes", "A good night sleep",
                     "Bogus Allergy", "Organs", "Loneliness", "Tributes", "Fitness", "Greeks and drugs",
                     "Liberia", "Violence", "Love hormonw", "New Orleans", "Organic Food", "School",
                     "Why we should", "Why you should start work at 10", "Changing India"), "Health"),
    **dict.fromkeys(("climate change", "EU Pollution", "Extinction", "Noise pollution", "Ships noise",
                     "Brown bears", "Gorillas and oil", "Drowning in rubbish", "Planet", "Nepal",
                     "Food shortages", "Spain", "Nigerian low tech", "On the trail", "Spain Wetlands",
                     "The last", "We must", "What is world's", "shark", "Morocco", "Pacific Islanders"),
                    "Environment"),
    **dict.fromkeys(("Banksy", "Glastonbury", "Kate Bush", "Lego movie", "Star Wars", "Shakespeare",
                     "JMW Turner", "Royal Baby", "Prince Harry", "Kate and William", "Richard III",
                     "Music", "Anita", "Copyright", "Pope", "Arctic Ramadan", "Coloring Books",
                     "David Mitchell", "How downtown Abbey", "Icelandic names", "Making a killing",
                     "Scarlett", "The age of music", "What does Apple"), "Culture and entertainment"),
    **dict.fromkeys(("Syria", "Obama", "Barack Obama", "US shutdown", "Who can stop Trump",
                     "Scottish referendum", "Malala", "Calais Migrants", "NSA scandal", "NSA 2",
                     "Kashmir", "Brazil", "Bolivia", "Basic phone logs", "Amsterdam"),
                    "Politics and conflicts"),
    **dict.fromkeys(("Swedish prisons", "Gangs", "Murderers beware", "Kenya", "Criminal Links",
                     "Spain Robin Hood"), "Crime and law"),
    **dict.fromkeys(("Nelson Mandela", "Thatcher", "David Bowie", "Use of e-cig"), "Obituaries"),
}


# SHA-256 of the inputs this sample was built from (a folder: its *-adv.txt files, sorted
# by name, concatenated).
EXPECTED_SHA256 = {
    "data/wikinews_2019.csv": "d65f87b01244679d01c89ec15616fbd8413e7852732432d5895fa4db9b21ac9e",
    "data/wikinews_2020.csv": "42f833b55a848b6a9070c3be7e7ab5e55d3150a3e128419130df5b8283a62f4a",
    ONESTOP_DIR: "06afa9b23cb1bc57ed1899f6568092309d58317c56ccc7d12f4e75d9bcc9c30f",
}


def sha256(path: Path) -> str:
    if path.is_dir():
        digest = hashlib.sha256()
        for part in sorted(path.glob("*-adv.txt")):
            digest.update(part.read_bytes())
        return digest.hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def clean_wikinews(text: str) -> list[str]:
    """The article's body paragraphs: scrape residue (date line, pull-quote credits,
    image captions, chart keys, gallery labels) dropped, white space collapsed."""
    paragraphs = []
    for raw in re.split(r"\n\s*\n", str(text)):
        p = " ".join(raw.split())
        if not p:
            continue
        if re.fullmatch(r"\w+day, \w+ \d{1,2}, \d{4}", p):
            continue  # the dateline Wikinews prints above the story
        if p.startswith("—") or "Image:" in p or "██" in p:
            continue  # pull-quote credit, image caption, chart key
        if len(p.split()) < 10 and not re.search(r"[.!?\"”’')]$", p):
            continue  # gallery label or heading
        paragraphs.append(p)
    return paragraphs


def load_wikinews(root: Path) -> pd.DataFrame:
    frames = [pd.read_csv(root / name) for name in sorted(WIKINEWS_FILES)]
    d = pd.concat(frames, ignore_index=True)
    rows = []
    for r in d.itertuples():
        if "((" in r.text:  # interviews written as ((WN)) Q / ((Name)) A: not news stories
            continue
        if r.title.startswith("TEST PAGE"):  # two test pages in the scrape
            continue
        paragraphs = clean_wikinews(r.text)
        url = r.url.replace("org//wiki/", "org/wiki/")
        rows.append(
            {
                "source": "wikinews",
                "source_id": url,
                "title": r.title,
                "date": str(r.date),
                "paragraphs": paragraphs,
                "licence": "CC BY 2.5",
                "authors": "Wikinews contributors",
            }
        )
    return pd.DataFrame(rows)


def load_onestop(root: Path) -> pd.DataFrame:
    rows = []
    paths = sorted((root / ONESTOP_DIR).glob("*-adv.txt"))
    names = {p.name[: -len("-adv.txt")].strip() for p in paths}
    names |= {n.removeprefix("WNL ").strip() for n in names}
    if missing := sorted(set(ONESTOP_TOPICS) - names):
        warnings.warn(f"OneStopEnglish texts not found: {missing}", stacklevel=1)
    for path in paths:
        text = path.read_text(encoding="utf-8-sig")
        paragraphs = [" ".join(line.split()) for line in text.splitlines()]
        paragraphs = [p for p in paragraphs if p]
        name = path.name[: -len("-adv.txt")].strip()
        stem = name.removeprefix("WNL ").strip()
        topic = ONESTOP_TOPICS.get(name, ONESTOP_TOPICS.get(stem))
        if topic is None:
            continue
        # A short first line without an end stop is the text's title (a long one is the
        # lede: "WNL Scottish referendum" ends its first paragraph without a stop).
        title = stem
        if (paragraphs and len(paragraphs[0].split()) <= 12
                and not re.search(r"[.!?\"”’')]$", paragraphs[0])):
            title = paragraphs.pop(0)
        rows.append(
            {
                "source": "onestopenglish",
                "source_id": f"{ONESTOP_DIR}/{path.name}",
                "topic": topic,
                "title": title,
                "date": "",
                "paragraphs": paragraphs,
                "licence": "CC BY-SA 4.0",
                "authors": "OneStopEnglish (Macmillan Education); corpus by Sowmya Vajjala and Ivana Lučić",
            }
        )
    return pd.DataFrame(rows)


def assign_topic(title: str, paragraphs: list[str]) -> str:
    key = " " + title.lower() + " "
    body = " " + " ".join(paragraphs[:2]).lower() + " "
    scores = {}
    for topic, words in TOPIC_RULES.items():
        scores[topic] = 3 * sum(key.count(w) for w in words) + sum(body.count(w) for w in words)
    if scores["Obituaries"] and any(
        w in key for w in TOPIC_RULES["Disasters and accidents"] + TOPIC_RULES["Crime and law"]
    ):
        scores["Obituaries"] = 0
    elif re.search(r"\bdies\b|\bdead at\b", key):
        scores["Obituaries"] += 100
    best = max(scores.items(), key=lambda kv: (kv[1], kv[0]))
    return best[0] if best[1] > 0 else "Politics and conflicts"


def _fragment(sentence: str, rng: np.random.Generator, lo: int, hi: int) -> str:
    words = sentence.split()
    size = int(rng.integers(lo, hi + 1))
    start = 0 if rng.random() < 0.5 else int(rng.integers(0, max(1, len(words) - size + 1)))
    words = words[start : start + size]
    while len(words) > 2 and words[-1].lower().strip(",;:") in {
        "a", "an", "the", "of", "to", "in", "on", "at", "as", "by", "for", "from", "with",
        "and", "or", "but", "that", "than", "is", "was",
    }:
        words.pop()
    piece = " ".join(words).strip(" \"“”‘’'.,;:!?-—–()")
    return piece[:1].upper() + piece[1:] if piece else "Watch"


def _duration(rng: np.random.Generator) -> str:
    seconds = int(rng.integers(15, 600)) if rng.random() < 0.85 else int(rng.integers(600, 3600))
    return f"{seconds // 60}:{seconds % 60:02d}"


def render(story: dict, paragraphs: list[str], tagged: bool, seed: int) -> list[tuple[str, str]]:
    """(line, kind) pairs of one story with its furniture. The furniture is drawn from a
    generator seeded by the story's source id, so a copy of a story gets the same."""
    key = int(hashlib.sha256(story["source_id"].encode()).hexdigest()[:12], 16)
    rng = np.random.default_rng([seed, key])
    sentences = split_sentences(" ".join(paragraphs))
    tag_after = int(rng.integers(0, max(1, len(paragraphs) - 1)))
    lines: list[tuple[str, str]] = []
    for j, paragraph in enumerate(paragraphs):
        lines.append((paragraph, "body"))
        blocks = []
        if rng.random() < P_VIDEO:
            notice = VIDEO_NOTICES[int(rng.choice(len(VIDEO_NOTICES), p=(0.55, 0.15, 0.15, 0.15)))]
            title = _fragment(sentences[int(rng.integers(len(sentences)))], rng, 3, 8)
            blocks.append([(notice, "video_notice"), (_duration(rng), "video_duration"),
                           (title, "video_title")])
        if rng.random() < P_CAPTION:
            caption = "Image: " + _fragment(sentences[int(rng.integers(len(sentences)))], rng, 5, 14)
            caption += ". Pic: " + CAPTION_CREDITS[int(rng.integers(len(CAPTION_CREDITS)))]
            blocks.append([(caption, "image_caption")])
        if tagged and j == tag_after:
            blocks.insert(int(rng.integers(len(blocks) + 1)),
                          [(f"More on {story['topic']}", "topic_tag"),
                           ("Related Topics:", "related_topics")])
        for block in blocks:
            lines.extend(block)
    return lines


def _weekday_before(date: str) -> str:
    return (dt.date.fromisoformat(date) - dt.timedelta(days=1)).strftime("%A")


def plan_edits(stories: pd.DataFrame, rng: np.random.Generator) -> list[dict]:
    """Three stories edited between scrapes, each edit made of the source's own text:
    'yesterday' updated to the weekday (a sentence changed), a paragraph added (the first
    scrape lacks one of the source's paragraphs), a paragraph cut (the later scrape lacks
    the source's last paragraph)."""
    wik = stories[(stories.source == "wikinews") & stories.tagged]
    edits = []
    candidates = [i for i in wik.index
                  if any(re.search(r"\byesterday\b", p) for p in stories.at[i, "paragraphs"][1:])]
    i = candidates[int(rng.integers(len(candidates)))]
    paras = stories.at[i, "paragraphs"]
    k = next(j for j, p in enumerate(paras) if j > 0 and re.search(r"\byesterday\b", p))
    day = _weekday_before(stories.at[i, "date"])
    new = list(paras)
    new[k] = re.sub(r"\byesterday\b", f"on {day}", paras[k], count=1)
    edits.append({"index": i, "first": paras, "later": new,
                  "edit": f"sentence changed: paragraph {k + 1}, 'yesterday' -> 'on {day}'"})
    used = {i}
    long_ones = [j for j in wik.index if len(stories.at[j, "paragraphs"]) >= 6 and j not in used]
    i = long_ones[int(rng.integers(len(long_ones)))]
    used.add(i)
    paras = stories.at[i, "paragraphs"]
    k = len(paras) - 2
    edits.append({"index": i, "first": paras[:k] + paras[k + 1:], "later": list(paras),
                  "edit": f"paragraph added: paragraph {k + 1} of the source is missing from the first scrape"})
    long_ones = [j for j in long_ones if j not in used]
    i = long_ones[int(rng.integers(len(long_ones)))]
    paras = stories.at[i, "paragraphs"]
    edits.append({"index": i, "first": list(paras), "later": paras[:-1],
                  "edit": f"paragraph cut: the last paragraph ({len(paras)}) is missing from the later scrape"})
    return edits


def build(sources: list[Path], out: Path, seed: int) -> None:
    wik_root = next((s for s in sources if (s / "data/wikinews_2019.csv").is_file()), None)
    ose_root = next((s for s in sources if (s / ONESTOP_DIR).is_dir()), None)
    if wik_root is None or ose_root is None:
        sys.exit("give --source for both checkouts: vanatteveldt/wikinews and "
                 "nishkalavallabhi/OneStopEnglishCorpus (see the docstring)")
    for name, digest in EXPECTED_SHA256.items():
        root = wik_root if name.startswith("data/") else ose_root
        got = sha256(root / name)
        if got != digest:
            warnings.warn(f"{root / name}: SHA-256 {got} differs from the one the sample was "
                          "built from; the output will differ", stacklevel=1)
    rng = np.random.default_rng(seed)
    wik = load_wikinews(wik_root)
    ose = load_onestop(ose_root)
    for frame in (wik, ose):
        frame["n_words"] = frame.paragraphs.map(lambda ps: sum(len(p.split()) for p in ps))
    wik = wik[wik.n_words.between(MIN_WORDS, MAX_WORDS)]
    ose = ose[ose.n_words.between(MIN_WORDS, MAX_WORDS) & (ose.paragraphs.map(len) >= 4)]
    stories = pd.concat([wik, ose], ignore_index=True)
    stories["topic"] = [
        s.topic if s.source == "onestopenglish"
        else TOPIC_OVERRIDES.get(s.title, assign_topic(s.title, s.paragraphs))
        for s in stories.itertuples()
    ]
    # P_UNTAGGED of the stories carry no tag: drawn at random, but only from topics that
    # keep MIN_TAGGED tagged stories or more.
    tagged = np.ones(len(stories), dtype=bool)
    left = stories.topic.value_counts().to_dict()
    n_untagged = round(P_UNTAGGED * len(stories))
    for i in rng.permutation(len(stories)):
        if n_untagged == 0:
            break
        if left[stories.at[i, "topic"]] > MIN_TAGGED:
            tagged[i] = False
            left[stories.at[i, "topic"]] -= 1
            n_untagged -= 1
    stories["tagged"] = tagged
    stories["uid"] = [f"s{i:03d}" for i in range(len(stories))]

    # Deal the stories into daily files, in a seeded random order.
    # File sizes: MIN_FILE_STORIES each, the rest shared out unevenly.
    order = rng.permutation(len(stories))
    sizes = MIN_FILE_STORIES + rng.multinomial(len(stories) - N_FILES * MIN_FILE_STORIES,
                                               rng.dirichlet(np.full(N_FILES, 2.0)))
    days = np.split(order, np.cumsum(sizes)[:-1])
    # files[f] = list of (uid of the story shown, paragraphs, copy_of, copy_kind, edit)
    files: list[list[dict]] = [
        [{"index": int(i), "paragraphs": stories.at[int(i), "paragraphs"], "copy_of": "",
          "copy_kind": "", "edit": ""} for i in day] for day in days
    ]
    where = {int(i): f for f, day in enumerate(days) for i in day}

    def add_later(index: int, paragraphs: list[str], kind: str, edit: str) -> None:
        first_shown.setdefault(index, {})
        first = where[index]
        if first >= N_FILES - 1:  # the last day's stories come back nowhere; move it
            return
        target = int(rng.integers(first + 1, min(first + 3, N_FILES - 1) + 1))
        pos = int(rng.integers(0, len(files[target]) + 1))
        files[target].insert(pos, {"index": index, "paragraphs": paragraphs,
                                   "copy_of": first_shown[index], "copy_kind": kind,
                                   "edit": edit})

    # A story's first occurrence, as "file:story_no" of the final files (filled in below).
    first_shown: dict[int, dict] = {}
    early = [i for i in range(len(stories)) if where[i] < N_FILES - 1]
    edits = plan_edits(stories.loc[early], rng)
    for e in edits:
        f = where[e["index"]]
        for row in files[f]:
            if row["index"] == e["index"] and not row["copy_kind"]:
                row["paragraphs"] = e["first"]
                if e["first"] != stories.at[e["index"], "paragraphs"]:
                    row["edit"] = "first scrape: " + e["edit"]
        add_later(e["index"], e["later"], "edited", e["edit"])
    edited = {e["index"] for e in edits}
    pool = [i for i in early if i not in edited]
    for i in rng.choice(pool, size=N_EXACT_COPIES, replace=False):
        f = where[int(i)]
        shown = next(r["paragraphs"] for r in files[f] if r["index"] == int(i))
        add_later(int(i), shown, "exact", "")

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("scrape_*.txt"):
        old.unlink()
    truth = []
    for f, rows in enumerate(files):
        name = f"scrape_{f + 1:02d}.txt"
        lines: list[tuple[str, str]] = []
        for no, row in enumerate(rows, 1):
            s = stories.loc[row["index"]]
            if not row["copy_kind"] and row["index"] in first_shown:
                first_shown[row["index"]]["occurrence"] = f"{name}:{no}"
            block = render(s, row["paragraphs"], bool(s.tagged), seed)
            start = len(lines) + 1
            lines.extend(block)
            tag_line = next((start + k for k, (_, kind) in enumerate(block) if kind == "topic_tag"), None)
            truth.append({
                "occurrence": f"{name}:{no}", "file": name, "story_no": no, "start_line": start, "end_line": len(lines),
                "tag_line": tag_line, "topic": s.topic if s.tagged else "",
                "assigned_topic": s.topic, "source": s.source, "source_id": s.source_id,
                "story_uid": s.uid,
                "copy_of": row["copy_of"]["occurrence"] if row["copy_kind"] else "", "copy_kind": row["copy_kind"],
                "edit": row["edit"], "n_paragraphs": len(row["paragraphs"]),
                "n_words": sum(len(p.split()) for p in row["paragraphs"]),
            })
        (out / name).write_text("".join(text + "\n" for text, _ in lines), encoding="utf-8")
    truth = pd.DataFrame(truth)
    truth["tag_line"] = truth["tag_line"].astype("Int64")
    truth.to_csv(out / "truth.csv", index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    used = stories[stories.uid.isin(truth.story_uid)].copy()
    used["url"] = [
        sid if src == "wikinews"
        else f"https://github.com/nishkalavallabhi/OneStopEnglishCorpus/blob/{ONESTOP_COMMIT}/{sid}"
        for sid, src in zip(used.source_id, used.source)
    ]
    used["licence_url"] = used.licence.map({
        "CC BY 2.5": "https://creativecommons.org/licenses/by/2.5/",
        "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    })
    used["changes"] = ("reformatted one paragraph per line; page furniture (video blocks, topic tag, "
                       "image captions) inserted between paragraphs; topic label assigned by us")
    used.loc[used.source == "wikinews", "changes"] += "; dateline and scrape residue removed"
    used.loc[used.uid.isin(stories.loc[list(edited), "uid"]), "changes"] += (
        "; one copy edited as described in truth.csv")
    used = used.rename(columns={"uid": "story_uid"})
    used[["story_uid", "source", "source_id", "title", "date", "authors", "url", "licence",
          "licence_url", "changes"]].to_csv(out / "attribution.csv", index=False, lineterminator="\n")
    print(f"{len(truth)} stories ({truth.story_uid.nunique()} distinct) in {len(files)} files; "
          f"topics shown: {truth.topic.replace('', '(untagged)').value_counts().to_dict()}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", action="append", type=Path, required=True,
                        help="a source checkout (give both; see the module docstring)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default data/sample)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    build(args.source, args.out, args.seed)


if __name__ == "__main__":
    main()
