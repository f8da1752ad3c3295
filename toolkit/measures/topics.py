"""Topics for every story: its tag, the nearest tagged topic, NMF topics, or your own.

:func:`infer_topics` is what :func:`toolkit.analyze` runs (``topics=True``) so that no
chart drops a story for lack of a "More on X" tag.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from toolkit.errors import InputError
from toolkit.schema import column_or_na, story_ids, story_texts

__all__ = ["MIN_TOPIC_SCORE", "TopicMapping", "infer_topics"]

TopicMapping = Mapping[str, str] | Callable[[pd.Series], "str | None"]
_MAX_NMF_TOPICS = 10
_LABEL_TERMS = 3
#: Default ``min_score`` of :func:`infer_topics`: an unrelated news story typically shares
#: only function-like words with a topic and scores below it.
MIN_TOPIC_SCORE = 0.05


# How news reports speech, in every topic alike: no word to name one by ("said / rural /
# line" named a topic of three untagged stories).
_SPEECH_FORMS = frozenset(
    {"said", "says", "say", "saying", "told", "tells", "added", "adds", "according"}
)


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
         vectors (scikit-learn ``TfidfVectorizer``, English stop words and "said",
         "told" and the like removed, sublinear
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
    The seed with its first tag removed: the Kosovo story takes the nearest tagged topic;
    the last story (a fragment on another subject) is like neither and keeps ``<NA>``.

    >>> untagged = stories.assign(topic=[None, "Online Safety Bill", "Jeremy Corbyn", None])
    >>> found = infer_topics(untagged)
    >>> found["topic_source"].tolist()
    ['inferred', 'tag', 'tag', <NA>]
    """
    texts = story_texts(frame, "infer_topics")
    if n_topics is not None and (not isinstance(n_topics, int) or n_topics < 1):
        raise InputError(f"n_topics must be a positive integer or None, got {n_topics!r}")
    topic = column_or_na(frame, "topic").astype("string").reset_index(drop=True)
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
        ids = story_ids(frame)
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
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    # On a large corpus, words in one story only or in nearly all are noise for topics.
    large = n_docs >= 20
    vectorizer = TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | _SPEECH_FORMS),
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
