"""Keyness: the words that set a target topic apart from a reference, with the statistics
quanteda and scattertext report, so the numbers can be checked against those tools.

Everything here is deterministic: the same frame gives the same result on every run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy.special import xlogy
from scipy.stats import chi2 as _chi2_dist
from scipy.stats import norm, rankdata

from toolkit.compare.tokens import FORMS, terms_of
from toolkit.errors import InputError, UnknownNameError, check_name
from toolkit.schema import distinct_stories, story_texts

__all__ = ["keyness"]

# Scattertext's default weight of precision against frequency in the scaled F-score.
_F_BETA = 2.0

# What a frame without topics needs, whether its topic column is missing or empty.
_GIVE_TOPICS = "give every story a topic with toolkit.infer_topics(stories) first"


def _missing_column(frame: pd.DataFrame, by: str) -> UnknownNameError:
    """The error for a ``by`` the frame lacks, listing only the columns of labels (an
    analysed frame has some 55 columns, most of them numbers or lists)."""
    labels = [
        str(col)
        for col in frame.columns
        if frame[col].dtype.kind in "OSUb" or isinstance(frame[col].dtype, pd.CategoricalDtype)
        if not any(isinstance(v, (list, dict)) for v in frame[col].dropna())
    ]
    hint = "name the column that holds the groups with by="
    if by == "topic":
        hint = f"the frame has no topics: {_GIVE_TOPICS}, or {hint}"
    return UnknownNameError("column", by, labels, hint=f"{hint} (columns of labels listed)")


def keyness(
    frame: pd.DataFrame,
    by: str = "topic",
    target: str | None = None,
    reference: str | Iterable[str] | None = None,
    *,
    form: str = "lemma",
    min_count: int = 2,
    repeats: str = "drop",
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
        log2((a / Nt) / (b / Nr)), with a zero count's relative frequency replaced by
        0.5 / (Nt + Nr), half an occurrence in both groups together, so that a word of one
        group only gets a finite value whose sign agrees with G²'s (Hardie's 0.5 / Nt
        would make a word a small target never uses look typical of it). +1 means twice as
        frequent in the target.
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
    repeats
        ``"drop"`` (default): a story that repeats an earlier one (``duplicate_of`` from
        :func:`toolkit.load_dump`) counts once; ``"keep"``: every copy counts.

    Returns
    -------
    pandas.DataFrame
        One row per term: ``term``, ``n_target``, ``n_reference``, ``stories_target`` and
        ``stories_reference`` (how many stories of each side use it: a word of one story
        may be that story's, not its group's, whatever its G²), ``g2``, ``chi2``,
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
    >>> key = keyness(stories, target="Kosovo", form="lower")
    >>> key.head(3)[["term", "n_target", "n_reference", "g2"]].round(1)
         term  n_target  n_reference    g2
    0  return        10            0  20.4
    1    hubs         9            0  18.3
    2  asylum         7            0  14.2
    """
    story_texts(frame, "keyness")
    frame = distinct_stories(frame, repeats)
    check_name("form", form, FORMS)
    if by not in frame.columns:
        raise _missing_column(frame, by)
    if not isinstance(min_count, int) or min_count < 1:
        raise InputError(f"min_count must be a positive integer, got {min_count!r}")
    in_target, in_reference, reference_label = _sides(frame[by], target, reference)
    texts = story_texts(frame, "toolkit")
    chosen = np.flatnonzero(in_target | in_reference)
    tokens = dict(zip(chosen, terms_of([texts[i] for i in chosen], form)))
    target_counts = Counter(t for i in np.flatnonzero(in_target) for t in tokens[i])
    reference_counts = Counter(t for i in np.flatnonzero(in_reference) for t in tokens[i])
    # How many stories use a word: one story's pet word is not its topic's.
    target_stories = Counter(t for i in np.flatnonzero(in_target) for t in set(tokens[i]))
    reference_stories = Counter(t for i in np.flatnonzero(in_reference) for t in set(tokens[i]))
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
        {
            "term": terms,
            "n_target": a.astype("int64"),
            "n_reference": b.astype("int64"),
            "stories_target": np.array([target_stories[t] for t in terms], dtype="int64"),
            "stories_reference": np.array([reference_stories[t] for t in terms], dtype="int64"),
            **stats,
        }
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


def _sides(
    column: pd.Series, target: str | None, reference: str | Iterable[str] | None
) -> tuple[np.ndarray, np.ndarray, str]:
    """Which stories are the target and which the reference, and the reference's label;
    errors name the groups ``column`` holds."""
    by = column.name
    groups = column.astype("string")
    names = sorted(groups.dropna().unique())
    if not names:
        raise InputError(
            f"keyness(): the column {by!r} has no groups (every value is missing), so there "
            f'is no {target!r} to compare; tag stories with "More on X" lines, or '
            f"{_GIVE_TOPICS}"
        )
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
    return in_target, in_reference, reference_label


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
    # A zero count is half an occurrence in both groups together, as a relative frequency:
    # 0.5 / Nt for the target's zero would make a word the target never uses read as
    # typical of a small target (2 of 2,000 reference words against 0.5 of 200).
    zero = 0.5 / n
    log_ratio = np.log2(
        np.where(a > 0, a / n_target, zero) / np.where(b > 0, b / n_reference, zero)
    )
    chi2 = np.where(chi2 < 1e-9, 0.0, chi2)  # rounding can leave 1e-31 where O == E
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
