"""One check per workshop exercise: a nudge for a blank answer, a diagnosis for a wrong one.

Each :class:`Check` has ``nudge`` (where to start: what to look at, which function; never
the answer), ``praise`` (said with "Correct.") and ``judge(answer, *data)``, which returns
``None`` for a right answer and otherwise what is wrong with this one. Judges compute what
they compare against from the data the notebook passes in, so no answer is written here,
and they recognise the typical mistakes first (a row label for a ``story_no``, one
direction of a two-sided condition, a count where rows were asked for, ...).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from toolkit.analysis import analyze
from toolkit.compare import keyness
from toolkit.measures.sentiment import METHODS, score_sentences

__all__ = ["CHECKS", "Check"]

NOT_FURNITURE = ("body", "blank")
NEUTRAL = 0.05


@dataclass(frozen=True)
class Check:
    nudge: str
    praise: str
    judge: Callable[..., str | None]


CHECKS: dict[str, Check] = {}


def _register(exercise: str, nudge: str, praise: str):
    def wrap(judge):
        CHECKS[exercise] = Check(nudge, praise, judge)
        return judge

    return wrap


def _is_int(a) -> bool:
    return (
        isinstance(a, int | float)
        and not isinstance(a, bool)
        and float(a).is_integer()
        or (hasattr(a, "dtype") and getattr(a, "ndim", 1) == 0 and float(a).is_integer())
    )


def _number(a, what: str) -> str | None:
    if isinstance(a, pd.Series | pd.DataFrame | list | tuple | set | dict):
        return f"this is a {type(a).__name__}; the answer is {what}."
    if isinstance(a, (str, bool)):
        return f"this is a {type(a).__name__}; the answer is {what}."
    return None


_register("demo", "add 2 and 2.", "Two and two make four.")(
    lambda a: None if a == 4 else ("5 is one too many: count again." if a == 5 else "count again.")
)


# --------------------------------------------------------------------------- part 1


@_register(
    "1.1",
    "len() counts the items of a list. Print raw[-3:] to see how the list ends.",
    "Editors and the loader count lines the same way: lines end at a newline.",
)
def _lines(a, lines):
    expected = len(lines)
    if problem := _number(a, "a whole number"):
        return problem
    if a == expected:
        return None
    if a == expected + 1:
        return (
            "you counted the empty item after the file's final newline: an editor shows "
            "no line there. Look at raw[-1]."
        )
    if a == expected - 1:
        return "one short: did you drop the last item although it is not empty?"
    return "compare your number with the line numbers your editor shows at the end of the file."


@_register(
    "1.2",
    'lines["kind"] names each line\'s kind; .isin([...]) tests a column against a list of '
    "values, ~ negates a condition and .sum() counts the Trues.",
    "A good share of a scraped page is not the story.",
)
def _furniture(a, lines):
    kinds = lines["kind"]
    expected = int((~kinds.isin(NOT_FURNITURE)).sum())
    if isinstance(a, pd.Series):
        return "this is a True/False (or count) per line: add them up to one number."
    if problem := _number(a, "a whole number"):
        return problem
    if a == expected:
        return None
    if a == int((kinds != "body").sum()):
        return 'blank lines are not furniture: leave out "blank" as well as "body".'
    if a == int((kinds == "body").sum()):
        return "that is the number of body lines, the story text itself."
    return 'count the lines whose kind is neither "body" nor "blank".'


@_register(
    "1.3",
    "keep the furniture lines only, then count how often each kind occurs "
    "(.value_counts() sorts the counts from most to least).",
    "Look at a few of them: is any worth keeping for an analysis?",
)
def _common(a, lines):
    counts = lines.loc[~lines["kind"].isin(NOT_FURNITURE), "kind"].value_counts()
    if not isinstance(a, str):
        return f"this is a {type(a).__name__}; give the kind's name as a string."
    if a in NOT_FURNITURE:
        return f'"{a}" is not furniture: leave body and blank lines out before counting.'
    if a not in set(lines["kind"]):
        return f'"{a}" is not a kind in this file: see lines["kind"].unique().'
    if counts.get(a, 0) == counts.max():
        return None
    return f'"{a}" is furniture, but another kind occurs more often.'


@_register(
    "1.4",
    'stories["n_words"] has each story\'s word count; .idxmax() gives the row label of the '
    "largest, and .loc[label, column] reads one cell of that row.",
    "Row labels count from 0, story numbers from 1: never mix them up.",
)
def _longest(a, stories):
    label = stories["n_words"].idxmax()
    expected = int(stories.loc[label, "story_no"])
    if problem := _number(a, "a story_no, one whole number"):
        return problem
    if a == expected:
        return None
    if a == label:
        return (
            "that is the row label (the index) of the longest story, not its story_no: "
            "read the story_no column in that row."
        )
    if a == int(stories["n_words"].max()):
        return "that is how many words the longest story has; the answer is its story_no."
    if a == int(stories.loc[stories["n_words"].idxmin(), "story_no"]):
        return "that is the shortest story: look for the largest n_words."
    return "find the row with the most words, then read its story_no."


@_register(
    "1.5",
    'select rows of lines by the line_no column: lines["line_no"].between(first, last) '
    "gives True or False per line; put that in lines[...] to keep the True rows.",
    "Every line of the story is there, furniture included: the text left the furniture out.",
)
def _story_lines(a, lines, story):
    first, last = int(story["start_line"]), int(story["end_line"])
    if isinstance(a, pd.Series) and a.dtype == bool:
        return "this is a True/False mask: use it to select rows, lines[mask]."
    if not isinstance(a, pd.DataFrame) or "line_no" not in a:
        return "the answer is rows of lines (a DataFrame with a line_no column)."
    got = set(a["line_no"].astype(int))
    want = set(range(first, last + 1))
    if got == want:
        return None
    if got == want - {last}:
        return f"line {last}, the story's last line, is missing: between includes both ends."
    if got == want - {first}:
        return f"line {first}, the story's first line, is missing: between includes both ends."
    if got == {n + 1 for n in want} or got == {n - 1 for n in want}:
        return "off by one line: line_no counts from 1, row labels from 0."
    return (
        f"the story runs from line {first} to line {last} inclusive; you have "
        f"{len(got)} lines from {min(got, default='-')} to {max(got, default='-')}."
    )


@_register(
    "1.6",
    'sents["n_words_parsed"].idxmax() finds the longest sentence\'s row; its line_no is in '
    "that row.",
    "raw[line_no - 1] is that line: Python lists count from 0, line numbers from 1.",
)
def _longest_line(a, sents):
    label = sents["n_words_parsed"].idxmax()
    expected = int(sents.loc[label, "line_no"])
    if problem := _number(a, "a line number, one whole number"):
        return problem
    if a == expected:
        return None
    if a == expected - 1:
        return "one less than the line number: that is its position in raw (from 0)."
    if a == label:
        return "that is the sentence's row label in sents, not its line_no."
    if a == int(sents["n_words_parsed"].max()):
        return "that is the sentence's length in words; the answer is its line_no."
    return "find the sentence with the most words, then read its line_no."


# --------------------------------------------------------------------------- part 2


def _flesch(words, sentences, syllables):
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words


@_register(
    "2.1",
    'first["n_sentences"], first["n_words_parsed"] and first["n_syllables"] are numbers: '
    "put them in the formula above, minding which count divides which.",
    "The formula sees sentence length and word length, nothing else.",
)
def _flesch_by_hand(a, first):
    if problem := _number(a, "one number"):
        return problem
    expected = float(first["flesch_reading_ease"])
    if abs(a - expected) < 0.01:
        return None
    w, s, y = first["n_words_parsed"], first["n_sentences"], first["n_syllables"]
    if "n_words" in first and abs(a - _flesch(first["n_words"], s, y)) < 0.01:
        return (
            "you used n_words (words between spaces); the formula counts n_words_parsed, "
            "words without punctuation."
        )
    if abs(a - (206.835 - 1.015 * s / w - 84.6 * y / w)) < 0.01:
        return "words / sentences, not sentences / words: average sentence length."
    if abs(a - (206.835 - 1.015 * w / s - 84.6 * w / y)) < 0.01:
        return "syllables / words, not words / syllables: average word length."
    return f"your value is {a:.1f}; check each of the three terms of the formula."


@_register(
    "2.2",
    'str.replace swaps text; toolkit.analyze scores a DataFrame with a "text" column; read '
    'the "flesch_reading_ease" of its only row with .iloc[0].',
    "Same words, same order, shorter 'sentences': the formula calls it easier.",
)
def _chopped(a, first):
    if isinstance(a, pd.Series | pd.DataFrame):
        return "this is a Series or frame; read the one number out of it with .iloc[0]."
    if problem := _number(a, "one number"):
        return problem
    scored = analyze(
        pd.DataFrame({"text": [first["text"].replace(", ", ". ")]}),
        measures=["readability"],
        topics=False,
        progress=False,
    )
    expected = float(scored["flesch_reading_ease"].iloc[0])
    if abs(a - expected) < 0.01:
        return None
    if abs(a - float(first["flesch_reading_ease"])) < 0.01:
        return "this is the original story's score: score the chopped copy instead."
    return (
        'replace ", " (comma and space) with ". " in the first story\'s text, then score '
        "that one text."
    )


@_register(
    "2.3",
    'sents["sentiment"].idxmin() finds the row of the lowest score; read its "text".',
    "Read it: is it the reporter speaking, or someone quoted?",
)
def _worst(a, sents):
    lowest = sents["sentiment"].min()
    if not isinstance(a, str):
        return f"this is a {type(a).__name__}; store the sentence's text, a string."
    texts = set(sents.loc[sents["sentiment"] == lowest, "text"])
    if a in texts:
        return None
    if a in set(sents.loc[sents["sentiment"] == sents["sentiment"].max(), "text"]):
        return "that is the most positive sentence: look for the lowest score."
    if a not in set(sents["text"]):
        return "that is not one of the sentences in sents: copy it from the text column."
    return "that sentence is negative, but another scores lower."


def _selected(a, sents) -> set | str:
    if isinstance(a, pd.DataFrame):
        return set(a.index)
    if isinstance(a, pd.Series) and a.dtype == bool:
        return set(a.index[a.to_numpy()])
    return f"this is a {type(a).__name__}; store the rows (sents[condition])."


@_register(
    "2.4",
    "a condition on a column gives True/False per row; & is and, | is or, and each "
    "comparison needs its own parentheses. Disagreement can go two ways.",
    "Read some of them: which words does each method react to?",
)
def _opposite(a, sents):
    v, t = sents["vader"], sents["textblob"]
    up_down = set(sents.index[(v > NEUTRAL) & (t < -NEUTRAL)])
    down_up = set(sents.index[(v < -NEUTRAL) & (t > NEUTRAL)])
    if _is_int(a):
        return (
            "this is a count; store the sentences themselves (rows of sents), then count "
            "them with len()."
        )
    got = _selected(a, sents)
    if isinstance(got, str):
        return got
    if got == up_down | down_up:
        return None
    if got in (up_down, down_up):
        return (
            "you have one direction only (vader positive, textblob negative, or the "
            "reverse): disagreement goes both ways."
        )
    zero = set(sents.index[((v > 0) & (t < 0)) | ((v < 0) & (t > 0))])
    if got == zero or got in (
        set(sents.index[(v > 0) & (t < 0)]),
        set(sents.index[(v < 0) & (t > 0)]),
    ):
        return (
            "a score between -0.05 and 0.05 counts as neutral here: compare with 0.05 "
            "and -0.05, not 0."
        )
    return (
        f"you have {len(got)} sentences; a sentence counts when one method is above 0.05 "
        "and the other below -0.05."
    )


def _scores(sentence: str) -> dict[str, float]:
    return {m: float(score_sentences([sentence], method=m)[0]) for m in METHODS}


@_register(
    "2.5",
    "write a sentence (a string) in plain news language and look up its words with "
    "lexicon(...): a word missing from every lexicon scores nothing.",
    "Every method is blind to it: a lexicon sees words, not events.",
)
def _blind(a):
    from toolkit.workshop.lexicons import rows

    if not isinstance(a, str) or len(a.split()) < 4:
        return "write a whole sentence, as a string."
    scores = _scores(a)
    loud = {m: s for m, s in scores.items() if abs(s) >= NEUTRAL}
    if not loud:
        return None
    rated = [
        r["word"]
        for r in rows(w.strip(".,;:!?\"'").lower() for w in a.split())
        if not all(math.isnan(r[k]) for k in ("vader", "news_vader", "textblob"))
    ]
    said = ", ".join(f"{m} {s:+.2f}" for m, s in loud.items())
    words = ", ".join(f'"{w}"' for w in dict.fromkeys(rated)) or "none of its words alone"
    return f"{said}. Words rated in a lexicon: {words}. Say it without them."


@_register(
    "2.6",
    'group the stories by "topic" and take the mean of "sentiment" (.groupby(...)[...].mean());'
    " .idxmin() names the lowest.",
    "Now look at the spread inside each topic (the chart below): is the gap between topics "
    "larger than the spread within them?",
)
def _negative_topic(a, analyzed):
    means = analyzed.groupby("topic")["sentiment"].mean()
    if isinstance(a, pd.Series | pd.DataFrame):
        return "this is a table; the answer is one topic's name (.idxmin() gives it)."
    if not isinstance(a, str):
        return f"this is a {type(a).__name__}; give the topic's name as a string."
    if a not in means.index:
        return f'"{a}" is not a topic here: see analyzed["topic"].unique().'
    if means[a] == means.min():
        return None
    if means[a] == means.max():
        return "that is the most positive topic on average: look for the lowest mean."
    return "that topic is not the lowest on average: compare the means of all topics."


# --------------------------------------------------------------------------- part 3


@_register(
    "3.1",
    'analyzed["keyterms"].iloc[0] and analyzed["keyterm_scores"].iloc[0] are two lists in '
    'the same order; pd.DataFrame({"term": ..., "score": ...}) puts them side by side.',
    "The best term scores 1: scores rank terms within a story, not across stories.",
)
def _first_terms(a, analyzed):
    terms, scores = list(analyzed["keyterms"].iloc[0]), list(analyzed["keyterm_scores"].iloc[0])
    if not isinstance(a, pd.DataFrame):
        return f"this is a {type(a).__name__}; build a DataFrame with columns term and score."
    if not {"term", "score"} <= set(a.columns):
        return f"the columns are {list(a.columns)}; name them term and score."
    if list(a["term"]) == terms and [round(float(s), 6) for s in a["score"]] == [
        round(float(s), 6) for s in scores
    ]:
        return None
    if list(a["term"]) == list(analyzed["keyterms"].iloc[-1]):
        return "those are the last story's terms: .iloc[0] is the first row."
    if list(a["score"]) == terms:
        return "term and score are swapped."
    return "take both lists from the same (first) row, in their own order."


def _terms(a) -> list | str:
    if isinstance(a, pd.DataFrame):
        return "this is a table; the answer is a list of words (.tolist() of a column)."
    if isinstance(a, str):
        return "this is one string; the answer is a list of five words."
    return [str(t) for t in a]


@_register(
    "3.2",
    'key is already sorted: the most typical words of the target come first. Take the "term" '
    "column of the first rows and turn it into a list.",
    "Are these the topic's words, or one story's?",
)
def _top5(a, key):
    got = _terms(a)
    if isinstance(got, str):
        return got
    want = [str(t) for t in key["term"].head(5)]
    if got == want:
        return None
    if set(got) == set(want):
        return "the right words in another order: keep key's order (highest g2 first)."
    if got == [str(t) for t in key["term"].tail(5)] or got == [
        str(t) for t in key["term"].tail(5)[::-1]
    ]:
        return "those are the reference's words (the most negative g2): take the first rows."
    if got == [str(t) for t in key.sort_values("log_ratio", ascending=False)["term"].head(5)]:
        return "you ranked by log_ratio (effect size); the exercise asks for the highest g2."
    return "take the first five rows of key's term column, in order."


@_register(
    "3.3",
    "the reference's most typical word has the most negative g2: where in key's order is it?",
    "Keyness is symmetric: a negative g2 means typical of the reference.",
)
def _reference_word(a, key):
    if not isinstance(a, str):
        return f"this is a {type(a).__name__}; give the word, a string."
    lowest = key["g2"].min()
    if a in set(key.loc[key["g2"] == lowest, "term"].astype(str)):
        return None
    if a == str(key["term"].iloc[0]):
        return "that is the target's most typical word; the reference's has the lowest g2."
    if a not in set(key["term"].astype(str)):
        return f'"{a}" is not in key\'s term column.'
    return "that word is not the one with the most negative g2."


@_register(
    "3.4",
    'run keyness again with form="lower" (same target and reference), take the first ten '
    "terms of each table as sets, and subtract one set from the other.",
    "Lemmas merge forms and names' inflections; say which you used when you report.",
)
def _moved(a, analyzed, key, reference=None):
    if isinstance(a, str) or not hasattr(a, "__iter__") or isinstance(a, pd.DataFrame):
        return f"this is a {type(a).__name__}; the answer is a set of words."
    got = {str(t) for t in a}
    target = key.attrs.get("keyness", {}).get("target")
    lower = keyness(analyzed, target=target, reference=reference, form="lower")
    low10, lemma10 = set(lower["term"].head(10).astype(str)), set(key["term"].head(10).astype(str))
    if got == low10 - lemma10:
        return None
    if got == lemma10 - low10:
        return "the other way round: words of the lower-case top 10 missing from the lemma one."
    if got == low10 & lemma10:
        return "those are in both lists; the exercise asks for those that are new."
    if got == low10 | lemma10:
        return "that is every word of both lists; subtract (-) instead of joining."
    return "compare the first ten terms of the lower-case table with those of key."


# --------------------------------------------------------------------------- part 4


@_register(
    "4.1",
    'a story is untrusted when its topic_source is "inferred" and its topic_score is below '
    'min_topic_score: combine the two conditions with &, set "topic" to "(no topic)" in those '
    'rows with .loc[rows, "topic"], and count them.',
    "Read their ledes: a forced label is worse than none.",
)
def _untrusted(a, stories, guessed, min_score):
    rows = guessed["topic_source"].eq("inferred") & guessed["topic_score"].lt(min_score)
    if problem := _number(a, "a whole number (how many stories you changed)"):
        return problem
    now, before = stories["topic"].astype(object), guessed["topic"].astype(object)
    relabelled = now.eq("(no topic)") & ~before.eq("(no topic)")
    wrongly = relabelled & ~rows
    if wrongly.any():
        tags = int((wrongly & guessed["topic_source"].eq("tag")).sum())
        return (
            f"{int(wrongly.sum())} stories lost a topic they should keep"
            + (f" ({tags} of them tagged by their page)" if tags else "")
            + ": only inferred stories below the threshold change."
        )
    if a != int(rows.sum()):
        if a == int((guessed["topic_source"].eq("inferred") & ~rows).sum()):
            return "you counted the trusted ones: below min_topic_score is .lt(...), not .ge(...)."
        return "count the stories that are inferred and score below min_topic_score."
    if not relabelled[rows].all():
        return (
            "the count is right, but the stories still carry their guessed topic: set their "
            '"topic" to "(no topic)" with stories.loc[rows, "topic"] = ....'
        )
    return None


@_register(
    "4.2",
    'kwic(stories, "word", window=6) lists every hit of a word; pick one from the keyness '
    "chart, spelled as it is there.",
    "Read the left and right columns: does the word mean what you assumed?",
)
def _hits(a, key):
    if not isinstance(a, pd.DataFrame) or not {"line_no", "left", "match", "right"} <= set(
        a.columns
    ):
        return f"this is a {type(a).__name__}; store what kwic(...) returns."
    if a.empty:
        return (
            "kwic found no hit: is the word spelled as in the chart? kwic matches whole "
            "words (and plural or possessive endings)."
        )
    words = {str(m).lower() for m in a["match"]}
    top = str(key["term"].iloc[0]).lower()
    if words and all(w.startswith(top) for w in words):
        return "that is the top word; pick a surprising one further down the list."
    listed = {str(t).lower() for t in key["term"].head(30)}
    if not any(any(w.startswith(t) for t in listed) for w in words):
        return "pick a word from the keyness chart (its top 30), so the contexts test a finding."
    return None


@_register(
    "4.3",
    'top_hits["story_id"].value_counts() counts hits per story (most first); divide the '
    "first count by the number of hits.",
    "Near 1: the 'topic word' is one story's word.",
)
def _share(a, top_hits):
    if problem := _number(a, "a share, one number between 0 and 1"):
        return problem
    counts = top_hits["story_id"].value_counts()
    expected = counts.iloc[0] / len(top_hits)
    if abs(a - expected) < 1e-6:
        return None
    if a == counts.iloc[0]:
        return "that is a count of hits; divide it by the number of all hits."
    if abs(a - (1 - expected)) < 1e-6:
        return "that is the share of all the other stories; take the top story's."
    if abs(a - counts.iloc[-1] / len(top_hits)) < 1e-6:
        return "that is the story with the fewest hits; take the one with the most."
    if a > 1:
        return "a share is at most 1: divide by the number of hits."
    return "the story with the most hits: its hits divided by all hits."


@_register(
    "4.4",
    "a list of three words, e.g. from the keyness chart; dispersion(stories, words) finds "
    "their hits.",
    "A word spread through many stories is the topic's; bunched in one, a passage's.",
)
def _three_words(a, stories):
    from toolkit.compare import dispersion

    got = _terms(a)
    if isinstance(got, str):
        return got
    if len(got) != 3:
        return f"you have {len(got)} words; choose three."
    found = set(dispersion(stories, got)["term"].astype(str))
    missing = [w for w in got if w not in found]
    if missing:
        return f"no hit for {missing}: check the spelling against the keyness chart."
    return None
