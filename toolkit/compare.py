"""Compare topics: fill in missing topics, find the words that set a topic apart, and show
where a word occurs.

- :func:`infer_topics` gives every story a topic: its tag, the nearest tagged topic, topics
  found by NMF when nothing is tagged, or a mapping of your own.
- :func:`keyness` scores every word for how much more (or less) often a target topic uses it
  than a reference, with the statistics quanteda and scattertext report, so the numbers can
  be checked against those tools.
- :func:`kwic` lists each hit of a word or phrase with its context and its line in the dump.
- :func:`dispersion` gives the relative position of each hit in its story (an x-ray plot).

Everything here is deterministic: the same frame gives the same result on every run.
"""

from __future__ import annotations

import bisect
import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy.special import xlogy
from scipy.stats import chi2 as _chi2_dist
from scipy.stats import norm, rankdata
from spacy.lang.en.stop_words import STOP_WORDS
from textacy.extract.kwic import keyword_in_context

from toolkit.errors import InputError, UnknownNameError, check_name
from toolkit.frames import story_texts

__all__ = ["FORMS", "dispersion", "infer_topics", "keyness", "kwic"]

#: Ways :func:`keyness` turns text into terms.
FORMS = ("lemma", "lower")
TopicMapping = Mapping[str, str] | Callable[[pd.Series], "str | None"]

# Letters only, with inner hyphens or apostrophes ("co-leader", "Kosovo's"): numbers,
# punctuation and symbols never become terms.
_LOWER_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
# Contractions are function words in disguise ("don't", "they're").
_CONTRACTION = re.compile(r"(?:n['’]t|['’](?:re|ve|ll|d|m))$")
# Scattertext's default weight of precision against frequency in the scaled F-score.
_F_BETA = 2.0
# The last word of a plain kwic term may be plural or possessive ("hub" finds "hubs").
_SUFFIX = r"(?:e?s|['’]s|s['’])?"
_WORD = re.compile(r"\S+")
# Components that lemmatisation needs in spaCy's English pipelines.
_LEMMA_PIPES = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")
_MAX_NMF_TOPICS = 10
_LABEL_TERMS = 3
#: Default ``min_score`` of :func:`infer_topics`: an unrelated news story typically shares
#: only function-like words with a topic and scores below it.
MIN_TOPIC_SCORE = 0.05


# --------------------------------------------------------------------------- checks


def _check_frame(frame: object, caller: str) -> pd.DataFrame:
    story_texts(frame, caller)
    return frame


def _texts(frame: pd.DataFrame) -> list[str]:
    return story_texts(frame, "toolkit")


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series(pd.NA, index=frame.index, dtype="string")


def _story_ids(frame: pd.DataFrame) -> pd.Series:
    if "story_id" in frame.columns:
        return frame["story_id"].astype("string")
    return pd.Series(
        [f"story-{i + 1}" for i in range(len(frame))], index=frame.index, dtype="string"
    )


def _story_nos(frame: pd.DataFrame) -> pd.Series:
    if "story_no" in frame.columns:
        return frame["story_no"].astype("Int64")
    return pd.Series(range(1, len(frame) + 1), index=frame.index, dtype="Int64")


# --------------------------------------------------------------------------- topics


def infer_topics(
    frame: pd.DataFrame,
    mapping: TopicMapping | None = None,
    *,
    n_topics: int | None = None,
    min_score: float = MIN_TOPIC_SCORE,
) -> pd.DataFrame:
    """Give every story a topic, and say where each topic came from.

    In order of precedence:

    1. ``mapping`` (``topic_source == "user"``): a dict from ``story_id`` to topic, or a
       callable that takes a story's row and returns its topic or ``None``. It may
       override a tag.
    2. The story's own tag (``"tag"``), e.g. from a ``More on X`` line.
    3. Inference (``"inferred"``) for the rest:

       - when some stories are tagged, the nearest tagged topic: stories become TF-IDF
         vectors (scikit-learn ``TfidfVectorizer``, English stop words removed, sublinear
         term frequency, fitted on all stories), each tagged topic the normalised mean of
         its stories' vectors, and an untagged story takes the topic with the highest
         cosine similarity (ties go to the alphabetically first topic);
       - when nothing is tagged, NMF topics (scikit-learn ``NMF``, ``random_state=0``) over
         the same TF-IDF vectors, each labelled by its top three terms
         (``"tax / budget / chancellor"``); a story takes its heaviest topic. A single
         story gets a single topic named after its own top terms.

    A story with no usable words (empty, or only stop words) keeps ``<NA>``.

    Parameters
    ----------
    frame
        Stories with a ``text`` column; ``topic`` and ``story_id`` are used when present.
    mapping
        Topics you assign yourself, see above.
    min_score
        Nearest-topic inference below this cosine similarity is not trusted: the story
        keeps ``<NA>`` (charts show it as "(no topic)") rather than diluting a topic with
        a story that resembles nothing in it. ``0`` accepts any positive similarity.
    n_topics
        How many NMF topics to find when nothing is tagged; default ``round(sqrt(n
        stories))`` between 1 and 10.

    Returns
    -------
    pandas.DataFrame
        A copy of ``frame`` with ``topic`` filled in and two more columns:
        ``topic_source`` (``"tag"``, ``"user"``, ``"inferred"`` or ``<NA>``) and
        ``topic_score`` (for inferred topics, the cosine similarity to the topic's centroid
        or the topic's share of the story's NMF weight; ``NaN`` otherwise).

    Raises
    ------
    InputError
        Not a frame with ``text``, a mapping that names story ids the frame lacks, or a
        bad ``n_topics``.

    Examples
    --------
    >>> stories = infer_topics(load_dump("data/"))  # doctest: +SKIP
    >>> stories[["topic", "topic_source"]].value_counts()  # doctest: +SKIP
    """
    frame = _check_frame(frame, "infer_topics")
    if n_topics is not None and (not isinstance(n_topics, int) or n_topics < 1):
        raise InputError(f"n_topics must be a positive integer or None, got {n_topics!r}")
    texts = _texts(frame)
    topic = _column(frame, "topic").astype("string").reset_index(drop=True)
    source = pd.Series(pd.NA, index=topic.index, dtype="string")
    source[topic.notna()] = "tag"
    score = np.full(len(frame), np.nan)

    if mapping is not None:
        for i, value in enumerate(_user_topics(frame, mapping)):
            if value is not None:
                topic[i], source[i] = value, "user"

    todo = np.flatnonzero(topic.isna().to_numpy())
    if len(todo):
        known = np.flatnonzero(topic.notna().to_numpy())
        if len(known):
            found = _nearest_topic(texts, topic, known, todo)
            found = {i: hit for i, hit in found.items() if hit[1] >= min_score}
        else:
            found = _nmf_topics(texts, todo, n_topics)
        for i, (name, value) in found.items():
            topic[i], source[i], score[i] = name, "inferred", value

    out = frame.copy()
    out["topic"] = pd.array(topic, dtype="string")
    out["topic_source"] = pd.array(source, dtype="string")
    out["topic_score"] = score
    return out


def _user_topics(frame: pd.DataFrame, mapping: TopicMapping) -> list[str | None]:
    if callable(mapping):
        values = [mapping(row) for _, row in frame.iterrows()]
    elif isinstance(mapping, Mapping):
        ids = _story_ids(frame)
        unknown = sorted(set(map(str, mapping)) - set(ids))
        if unknown:
            shown = ", ".join(unknown[:5]) + (" ..." if len(unknown) > 5 else "")
            raise InputError(
                f"infer_topics(): mapping names story ids that are not in the frame: {shown}"
            )
        values = [mapping.get(sid) for sid in ids]
    else:
        raise InputError(
            f"infer_topics(): mapping must be a dict story_id -> topic or a callable row -> topic, "
            f"got {type(mapping).__name__}"
        )
    return [
        None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in values
    ]


def _tfidf(texts: Sequence[str], *, n_docs: int):
    from sklearn.feature_extraction.text import TfidfVectorizer

    # On a large corpus, words in one story only or in nearly all are noise for topics.
    large = n_docs >= 20
    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        token_pattern=r"(?u)\b[^\W\d_][^\W\d_'’-]+\b",
        min_df=2 if large else 1,
        max_df=0.9 if large else 1.0,
    )
    try:
        return vectorizer, vectorizer.fit_transform(texts)
    except ValueError:  # scikit-learn's "empty vocabulary": no story has a usable word
        return vectorizer, None


def _nearest_topic(texts: list[str], topic: pd.Series, known: np.ndarray, todo: np.ndarray) -> dict:
    from sklearn.preprocessing import normalize

    _, matrix = _tfidf(texts, n_docs=len(texts))
    if matrix is None:
        return {}
    names = sorted(set(topic.iloc[known]))
    labels = topic.iloc[known].to_numpy()
    centroids = np.vstack(
        [np.asarray(matrix[known[labels == name]].mean(axis=0)) for name in names]
    )
    sims = np.asarray(matrix[todo] @ normalize(centroids).T)
    found = {}
    for row, i in zip(sims, todo):
        best = int(np.argmax(row))  # first maximum: ties go to the first name in sorted order
        if row[best] > 0:
            found[int(i)] = (names[best], float(row[best]))
    return found


def _nmf_topics(texts: list[str], todo: np.ndarray, n_topics: int | None) -> dict:
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning

    docs = [texts[i] for i in todo]
    vectorizer, matrix = _tfidf(docs, n_docs=len(docs))
    if matrix is None:
        return {}
    k = n_topics or min(_MAX_NMF_TOPICS, max(1, round(math.sqrt(len(docs)))))
    k = min(k, *matrix.shape)
    model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=1000)
    with warnings.catch_warnings():
        # A handful of short stories may stop short of the tolerance; the seeded result is
        # still the same on every run, and good enough to name topics.
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    terms = vectorizer.get_feature_names_out()
    labels: list[str] = []
    for component in model.components_:
        # Highest weight first, ties by term, so labels do not depend on sort stability.
        order = np.lexsort((terms, -component))
        top = [terms[j] for j in order[:_LABEL_TERMS] if component[j] > 0]
        label = " / ".join(top) or "(no terms)"
        labels.append(label if label not in labels else f"{label} ({labels.count(label) + 1})")
    found = {}
    for row, i in zip(weights, todo):
        total = row.sum()
        if total > 0:
            best = int(np.argmax(row))
            found[int(i)] = (labels[best], float(row[best] / total))
    return found


# --------------------------------------------------------------------------- keyness


def keyness(
    frame: pd.DataFrame,
    by: str = "topic",
    target: str | None = None,
    reference: str | Iterable[str] | None = None,
    *,
    form: str = "lemma",
    min_count: int = 2,
) -> pd.DataFrame:
    """Which words set the ``target`` group apart from the ``reference``.

    For each term, a 2x2 table of its count in the target (``a``) and reference (``b``)
    against all other terms there (``c = Nt - a``, ``d = Nr - b``, ``N = Nt + Nr``), with
    expected counts ``E = row total * column total / N``:

    ``g2``
        Log-likelihood G² = 2 Σ O ln(O / E), no correction; quanteda's
        ``textstat_keyness(measure = "lr", correction = "none")``.
    ``chi2``
        Pearson χ² with Yates' continuity correction, Σ (|O - E| - δ)² / E with
        δ = min(0.5, |a - E_a|), as R's ``chisq.test(correct = TRUE)`` and scipy's
        ``chi2_contingency`` compute it; quanteda's default measure.
    ``log_ratio``
        Effect size (Hardie 2014): log2 of the ratio of relative frequencies,
        log2((a / Nt) / (b / Nr)), with a zero count replaced by 0.5 so that a word of one
        group only gets a finite value. +1 means twice as frequent in the target.
    ``p_value``
        P(χ²₁ ≥ |G²|).
    ``scaled_f``
        Scattertext's scaled F-score: precision a / (a + b) and frequency a / Nt, each
        mapped through the normal CDF with its own mean and standard deviation over all
        terms, combined by a weighted harmonic mean with β = 2; the same for the
        reference; the larger of the two wins, signed (positive: target). Scattertext then
        min-max rescales each side to [0, 1]; this is the score before that rescaling, so
        it keeps its meaning across comparisons.

    ``g2`` and ``chi2`` are positive when the target uses the term more than expected.
    Statistics are computed over every term; ``min_count`` then drops rare ones.

    Parameters
    ----------
    frame
        Stories with a ``text`` column and the ``by`` column.
    by
        The column that names the groups, ``"topic"`` by default.
    target
        The group to describe; an unknown one raises an error listing the groups.
    reference
        A group or list of groups to compare with; default every story not in ``target``
        (untagged ones included).
    form
        ``"lemma"``: spaCy lemmas (tagger and lemmatizer only, one pass over the stories),
        so ``hubs`` counts as ``hub``; ``"lower"``: lower-cased words from a regular
        expression, no model, much faster. Either way stop words (spaCy's English list),
        contractions, numbers, punctuation and one-letter words are dropped, and so are
        page-furniture lines (video notices, ``More on`` tags, captions) should the text
        still contain any.
    min_count
        Keep terms used at least this often in target and reference together.

    Returns
    -------
    pandas.DataFrame
        One row per term: ``term``, ``n_target``, ``n_reference``, ``g2``, ``chi2``,
        ``log_ratio``, ``p_value``, ``scaled_f``; sorted by ``g2``, highest first. ``attrs``
        records ``by``, ``target``, ``reference`` (a label), ``form`` and the token and
        story counts of both sides.

    Raises
    ------
    UnknownNameError
        ``target``, ``reference``, ``by`` or ``form`` names something that does not exist.
    InputError
        No target, an empty reference, or a side with no words.

    Examples
    --------
    >>> key = keyness(stories, target="Kosovo", form="lower")  # doctest: +SKIP
    >>> key.head(3)[["term", "n_target", "n_reference", "g2"]]  # doctest: +SKIP
         term  n_target  n_reference    g2
    0  return        10            0  20.4
    """
    frame = _check_frame(frame, "keyness")
    check_name("form", form, FORMS)
    if by not in frame.columns:
        raise UnknownNameError("column", by, [str(c) for c in frame.columns])
    if not isinstance(min_count, int) or min_count < 1:
        raise InputError(f"min_count must be a positive integer, got {min_count!r}")
    groups = frame[by].astype("string")
    names = sorted(groups.dropna().unique())
    if target is None:
        raise InputError(f"keyness() needs target=, one of: {', '.join(map(repr, names))}")
    check_name(by, target, names)
    in_target = (groups == target).fillna(False).to_numpy(dtype=bool)
    if reference is None:
        in_reference = ~in_target
        reference_label = "all other stories"
    else:
        wanted = [reference] if isinstance(reference, str) else list(reference)
        for name in wanted:
            check_name(by, name, names)
        if target in wanted:
            raise InputError(f"keyness(): {target!r} cannot be both target and reference")
        in_reference = groups.isin(wanted).fillna(False).to_numpy(dtype=bool)
        reference_label = " + ".join(wanted)
    if not in_reference.any():
        raise InputError(
            f"keyness(): nothing to compare {target!r} with; every story is in it. "
            f"Groups in {by!r}: {', '.join(map(repr, names))}"
        )

    texts = _texts(frame)
    chosen = np.flatnonzero(in_target | in_reference)
    tokens = dict(zip(chosen, _tokenize([texts[i] for i in chosen], form)))
    target_counts = Counter(t for i in np.flatnonzero(in_target) for t in tokens[i])
    reference_counts = Counter(t for i in np.flatnonzero(in_reference) for t in tokens[i])
    for side, counts in ((repr(target), target_counts), (reference_label, reference_counts)):
        if not counts:
            raise InputError(
                f"keyness(): the stories of {side} have no words left after removing stop words"
            )

    terms = sorted(set(target_counts) | set(reference_counts))
    a = np.array([target_counts[t] for t in terms], dtype=float)
    b = np.array([reference_counts[t] for t in terms], dtype=float)
    stats = _keyness_stats(a, b)
    result = pd.DataFrame(
        {"term": terms, "n_target": a.astype("int64"), "n_reference": b.astype("int64"), **stats}
    )
    result = result[result["n_target"] + result["n_reference"] >= min_count]
    result = result.sort_values(
        ["g2", "term"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)
    result["term"] = result["term"].astype("string")
    result.attrs["keyness"] = {
        "by": by,
        "target": target,
        "reference": reference_label,
        "form": form,
        "n_target_tokens": int(a.sum()),
        "n_reference_tokens": int(b.sum()),
        "n_target_stories": int(in_target.sum()),
        "n_reference_stories": int(in_reference.sum()),
    }
    return result


def _keyness_stats(a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
    """G², Yates χ², log ratio, p and scaled F for target counts ``a``, reference ``b``."""
    n_target, n_reference = a.sum(), b.sum()
    n = n_target + n_reference
    c, d = n_target - a, n_reference - b
    observed = np.stack([a, b, c, d])
    expected = (
        np.stack(
            [(a + b) * n_target, (a + b) * n_reference, (c + d) * n_target, (c + d) * n_reference]
        )
        / n
    )
    sign = np.where(a > expected[0], 1.0, -1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * np.where(expected > 0, xlogy(observed, observed / expected), 0.0).sum(axis=0)
        deviation = np.abs(observed - expected)
        delta = np.minimum(0.5, deviation[0])
        chi2 = np.where(expected > 0, (deviation - delta) ** 2 / expected, 0.0).sum(axis=0)
    g2 = np.maximum(g2, 0.0)  # rounding can leave -1e-15 where O == E
    log_ratio = np.log2(
        (np.where(a > 0, a, 0.5) / n_target) / (np.where(b > 0, b, 0.5) / n_reference)
    )
    return {
        "g2": sign * g2,
        "chi2": sign * chi2,
        "log_ratio": log_ratio,
        "p_value": _chi2_dist.sf(g2, 1),
        "scaled_f": _scaled_f(a, b),
    }


def _scaled_f(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    target = _scaled_f_side(a, b)
    reference = _scaled_f_side(b, a)
    return np.where(target > reference, target, np.where(reference > target, -reference, 0.0))


def _scaled_f_side(cat: np.ndarray, other: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = _normcdf(cat / (cat + other))
        frequency = _normcdf(cat / cat.sum())
        beta2 = _F_BETA**2
        scores = (1 + beta2) * precision * frequency / (beta2 * precision + frequency)
    return np.nan_to_num(scores, nan=0.0)


def _normcdf(values: np.ndarray) -> np.ndarray:
    sd = values.std()
    if sd > 0:
        return norm.cdf(values, values.mean(), sd)
    # A constant column has no spread to scale by; scattertext falls back to percentiles.
    return rankdata(values) / len(values)


def _tokenize(texts: list[str], form: str) -> list[list[str]]:
    texts = [_strip_furniture(t) for t in texts]
    if form == "lower":
        return [_lower_tokens(t) for t in texts]
    return _lemma_tokens(texts)


def _strip_furniture(text: str) -> str:
    # load_dump() already drops furniture; this guards texts from other sources.
    from toolkit.load import FURNITURE, _classify

    lines = text.split("\n")
    return "\n".join(line for line, kind in zip(lines, _classify(lines)) if kind not in FURNITURE)


def _keep(term: str) -> bool:
    return len(term) > 1 and term not in STOP_WORDS and not _CONTRACTION.search(term)


def _lower_tokens(text: str) -> list[str]:
    terms = (_POSSESSIVE.sub("", m.group().lower()) for m in _LOWER_TOKEN.finditer(text))
    return [t for t in terms if _keep(t)]


def _lemma_tokens(texts: list[str]) -> list[list[str]]:
    from toolkit.nlp import load_nlp

    nlp = load_nlp()
    enabled = [name for name in _LEMMA_PIPES if name in nlp.pipe_names]
    out = []
    with nlp.select_pipes(enable=enabled):
        for doc in nlp.pipe(texts, batch_size=64):
            terms = (
                tok.lemma_.lower()
                for tok in doc
                if not (tok.is_stop or tok.is_punct or tok.is_space or tok.like_num)
                and any(ch.isalpha() for ch in tok.text)
            )
            out.append([t for t in terms if _keep(t) and _LOWER_TOKEN.fullmatch(t)])
    return out


# --------------------------------------------------------------------------- kwic


def _pattern(term: str, *, regex: bool, ignore_case: bool) -> re.Pattern:
    if not isinstance(term, str) or not term.strip():
        raise InputError(f"a search term must be a non-empty string, got {term!r}")
    flags = re.IGNORECASE if ignore_case else 0
    if regex:
        try:
            return re.compile(term, flags)
        except re.error as err:
            raise InputError(f"{term!r} is not a valid regular expression: {err}") from err
    words = [re.escape(w) for w in re.split(r"[\s-]+", term.strip()) if w]
    return re.compile(r"(?<!\w)" + r"[\s-]+".join(words) + _SUFFIX + r"(?!\w)", flags)


def _line_lookup(
    frame: pd.DataFrame, lines: pd.DataFrame | None
) -> Callable[[int, str, int], object]:
    """``(row, story_id, paragraph_no) -> line_no`` from the best source available."""
    if lines is not None:
        needed = {"story_id", "paragraph_no", "line_no"}
        if not isinstance(lines, pd.DataFrame) or not needed <= set(lines.columns):
            raise InputError(
                "lines= takes the frame dump_lines() returns (story_id, paragraph_no, line_no)"
            )
        body = lines.dropna(subset=["paragraph_no"])
        table = {
            (str(s), int(p)): int(n)
            for s, p, n in zip(body["story_id"], body["paragraph_no"], body["line_no"])
        }
        return lambda row, story_id, paragraph: table.get((story_id, paragraph), pd.NA)
    if "paragraph_lines" in frame.columns:
        column = list(frame["paragraph_lines"])

        def from_column(row: int, story_id: str, paragraph: int) -> object:
            found = column[row]
            if isinstance(found, (list, tuple, np.ndarray)) and paragraph <= len(found):
                return int(found[paragraph - 1])
            return pd.NA

        return from_column
    return lambda row, story_id, paragraph: pd.NA


def kwic(
    frame: pd.DataFrame,
    term: str,
    window: int = 8,
    *,
    regex: bool = False,
    ignore_case: bool = True,
    lines: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every occurrence of ``term`` with ``window`` words of context on each side.

    Built on :func:`textacy.extract.kwic.keyword_in_context`. A plain ``term`` matches
    whole words only, its words separated by any spaces or hyphens, and its last word may
    carry a plural or possessive ending: ``"return hub"`` finds ``return hubs``,
    ``Return hub's`` and ``return-hub``, not ``return hubris``. For other forms pass a
    regular expression with ``regex=True`` (e.g. ``r"deport\\w*"``).

    Parameters
    ----------
    frame
        Stories with ``text``; ``story_id``, ``topic``, ``source`` and ``paragraph_lines``
        (from :func:`toolkit.load_dump`) are used when present.
    term
        A word, a phrase, or with ``regex=True`` a regular expression.
    window
        Words of context on each side (textacy counts characters; the context here is cut
        to whole words). Context runs across paragraph breaks.
    regex
        Treat ``term`` as a regular expression.
    ignore_case
        Match regardless of case (default).
    lines
        Output of :func:`toolkit.dump_lines` for the same dumps: the exact line of every
        paragraph. Without it the frame's ``paragraph_lines`` column is used; a frame with
        neither gets ``<NA>`` line numbers.

    Returns
    -------
    pandas.DataFrame
        One row per hit, in story order: ``story_id``, ``topic``, ``source``,
        ``paragraph_no`` (1-based in the story's text), ``line_no`` (in the source dump, as
        ``sed -n`` counts), ``left``, ``match`` (as written in the story), ``right``.

    Raises
    ------
    InputError
        Not a frame with ``text``, an empty term, a bad regular expression or window.

    Examples
    --------
    >>> hits = kwic(load_dump("data/"), "return hub")  # doctest: +SKIP
    >>> hits[["line_no", "left", "match", "right"]].head(1)  # doctest: +SKIP
       line_no                                   left        match                            right
    0        1  as part of the government’s plan for “  return hubs  ” abroad, according to reports.
    """
    frame = _check_frame(frame, "kwic")
    if not isinstance(window, int) or window < 0:
        raise InputError(f"window must be a whole number of words >= 0, got {window!r}")
    pattern = _pattern(term, regex=regex, ignore_case=ignore_case)
    line_of = _line_lookup(frame, lines)
    ids, topics, sources = _story_ids(frame), _column(frame, "topic"), _column(frame, "source")
    rows = []
    for row, text in enumerate(_texts(frame)):
        # A window as long as the text makes the left context the whole prefix, so its
        # length is the match's offset: the paragraph, and so the line, follow exactly.
        for left, match, right in keyword_in_context(text, pattern, window_width=len(text)):
            if not match:
                continue
            paragraph = left.count("\n") + 1
            story_id = ids.iloc[row]
            rows.append(
                {
                    "story_id": story_id,
                    "topic": topics.iloc[row],
                    "source": sources.iloc[row],
                    "paragraph_no": paragraph,
                    "line_no": line_of(row, story_id, paragraph),
                    "left": " ".join(left.rsplit(None, window)[-window:]) if window else "",
                    "match": match,
                    "right": " ".join(right.split(None, window)[:window]),
                }
            )
    dtypes = {
        "story_id": "string", "topic": "string", "source": "string", "paragraph_no": "Int64",
        "line_no": "Int64", "left": "string", "match": "string", "right": "string",
    }  # fmt: skip
    return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)


def dispersion(
    frame: pd.DataFrame,
    terms: str | Iterable[str],
    *,
    regex: bool = False,
    ignore_case: bool = True,
) -> pd.DataFrame:
    """Where in each story each term occurs: the data of quanteda's ``textplot_xray``.

    Terms match as in :func:`kwic`. ``offset`` is the number of words before the hit
    divided by the story's words (whitespace-separated), so 0 is the first word and values
    near 1 the end, comparable across stories of any length.

    Parameters
    ----------
    frame
        Stories with ``text``; ``story_id``, ``story_no``, ``source`` and ``topic`` are
        used when present.
    terms
        One term or several.
    regex, ignore_case
        As for :func:`kwic`.

    Returns
    -------
    pandas.DataFrame
        One row per hit: ``story_id``, ``source``, ``story_no`` (the frame's, else the
        1-based row), ``topic``, ``term`` (as given), ``match`` (as written), ``offset``.
        ``attrs["dispersion"]["terms"]`` keeps the terms in the order asked.

    Examples
    --------
    >>> dispersion(stories, ["asylum", "Ofcom"]).groupby("term")["offset"].median()  # doctest: +SKIP
    """
    frame = _check_frame(frame, "dispersion")
    terms = [terms] if isinstance(terms, str) else list(terms)
    if not terms:
        raise InputError("dispersion() needs at least one term")
    patterns = {term: _pattern(term, regex=regex, ignore_case=ignore_case) for term in terms}
    ids, nos = _story_ids(frame), _story_nos(frame)
    topics, sources = _column(frame, "topic"), _column(frame, "source")
    rows = []
    for row, text in enumerate(_texts(frame)):
        starts = [m.start() for m in _WORD.finditer(text)]
        for term, pattern in patterns.items():
            for m in pattern.finditer(text):
                if not m.group():
                    continue
                rows.append(
                    {
                        "story_id": ids.iloc[row],
                        "source": sources.iloc[row],
                        "story_no": nos.iloc[row],
                        "topic": topics.iloc[row],
                        "term": term,
                        "match": m.group(),
                        "offset": bisect.bisect_left(starts, m.start()) / max(len(starts), 1),
                    }
                )
    dtypes = {
        "story_id": "string", "source": "string", "story_no": "Int64", "topic": "string",
        "term": "string", "match": "string", "offset": "float64",
    }  # fmt: skip
    out = pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)
    out.attrs["dispersion"] = {"terms": terms}
    return out
