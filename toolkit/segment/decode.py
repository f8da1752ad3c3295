"""The dynamic programmes that turn gap scores into story starts, and the story evidence.

Two decoders, both exact over the candidate starts they try and both respecting the
tags: a story ``[i, j)`` holds the "More on X" tags ``t`` with ``i < t <= j``, and may
hold at most one.

- :func:`decode_gaps` weighs gap scores alone (the sum of ``score - threshold`` over
  story starts, less a cost for each 1- or 2-paragraph story but the last): the first
  guess of :mod:`toolkit.segment.scores`, in linear time with a monotone queue.
- :func:`decode_stories`, the third and final stage, weighs the second stage's gap
  scores together with how well each candidate story's words fit one word distribution
  of their own (:func:`story_evidence`: the Dirichlet-multinomial segment likelihood of
  BayesSeg, Eisenstein and Barzilay 2008, with a prior that expects each word as often
  as news uses it, so that shared rare words tie a story together and shared common
  ones do not), so that whole stories, not just the paragraphs next to a gap, decide
  where the cuts go. A "More on X" tag's own words count as words of the story holding
  it (:func:`tag_evidence`: the paragraphs about X belong to it), and a video title or
  image caption as words of the paragraph it follows
  (:func:`toolkit.segment.representation.with_notes`). With ``margins`` it also says,
  for each paragraph, how much the best segmentation would lose by deciding it the
  other way (max-marginals from a forward and a backward pass).

The ``JOINT_*`` constants of the third stage were tuned on 1000 val dumps by
``benchmarks/bench_segment.py --refit`` (:mod:`toolkit.segment.training`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from scipy.special import gammaln

from toolkit.segment.representation import ParagraphMatrices
from toolkit.segment.words import content_words

__all__ = [
    "JointConstants",
    "candidate_starts",
    "decode_gaps",
    "decode_stories",
    "story_evidence",
    "story_values",
    "tag_evidence",
]

# Third stage (see decode_stories), tuned on 1000 val dumps over the second stage's scores
# by ``benchmarks/bench_segment.py --refit``: the Dirichlet prior of the story word model
# (its mass spread over words as news uses them, see story_evidence, and the flat part
# every word gets), the weight of its log likelihood against the gap log-odds, the
# log-odds a gap needs, and the extra cost of a 1- or 2-paragraph story other than the
# last.
JOINT_MASS = 300.0
JOINT_ALPHA = 0.0003
JOINT_WEIGHT = 0.5
JOINT_THRESHOLD = 1.0
JOINT_SHORT_PENALTY = (4.0, 2.0)
# How many times a "More on X" tag's own words count as words of the story that holds it
# (see tag_evidence): on the same val dumps, 0 (tags as positions only), 3, 10 and 20
# gave right story counts of 0.829, 0.834, 0.836 and 0.829 (F1 0.947 to 0.949).
JOINT_TAG_WEIGHT = 10.0
# Vocabulary size of the story word model's Dirichlet prior: fixed, about twice the
# content words of a dump of a few stories, rather than the dump's own vocabulary,
# which grows with the dump until the prior drowns the evidence and every story merges
# with its neighbours (on one 10 MB dump: 3,742 stories found of 4,933).
JOINT_VOCABULARY = 1200.0
# Gaps whose second-stage log-odds are lower are never story starts (unless two tags
# force one): on val dumps no decoding within the floor chose one, and skipping them
# keeps the third stage's work in proportion to the plausible starts.
JOINT_FLOOR = -4.0
# Longest story the third stage scores whole, in paragraphs (the BBC's longest is about
# 100); a longer run of paragraphs is cut at its best candidate, or kept whole when it
# has none.
JOINT_MAX_PARAGRAPHS = 150
# Gaps tried between two tags when none gains anything on its own (see candidate_starts).
FORCED_CANDIDATES = 3


def _clean_tags(tags: Sequence[int], n: int) -> list[int]:
    """Tags clamped to gaps 1..n; tags with no paragraph between them count as one."""
    return sorted({min(max(int(t), 1), n) for t in tags})


def _lowest_starts(tags: Sequence[int], n: int) -> np.ndarray:
    """``out[j]``: the smallest allowed start of a story that ends before paragraph ``j``.

    A story ``[i, j)`` holds the tags ``t`` with ``i < t <= j``; it may hold one, so ``i``
    must be at least the second-largest tag ``<= j``.
    """
    tag_list = _clean_tags(tags, n)
    lowest = np.zeros(n + 1, dtype=np.int64)
    lowest[tag_list[1:]] = tag_list[:-1]
    return np.maximum.accumulate(lowest)


def candidate_starts(gain: np.ndarray, tags: Sequence[int], floor: float) -> list[int]:
    """Gaps a decoder tries, then ``n``: those whose ``gain`` (indexed by paragraph, with
    ``gain[0]`` and ``gain[n]`` unused) is above ``floor``, and the best few between each
    pair of tags, where a story must start even if no gap looks good."""
    n = len(gain) - 1
    chosen = set(np.flatnonzero(gain[1:n] > floor) + 1)
    for a, b in pairwise(_clean_tags(tags, n)):
        chosen.update(a + np.argsort(-gain[a:b])[:FORCED_CANDIDATES])
    return sorted(int(c) for c in chosen if 0 < c < n) + [n]


def decode_gaps(
    scores: np.ndarray,
    tags: Sequence[int],
    threshold: float,
    short_penalty: tuple[float, float],
) -> list[int]:
    """Best boundary set under the tag constraint, by dynamic programming over gaps.

    Maximises the sum of ``score - threshold`` over chosen gaps minus ``short_penalty``
    for each 1- or 2-paragraph story other than the last, such that no story holds two
    tags. A story ``[i, j)`` holds the tags ``t`` with ``i < t <= j``, so it is allowed
    when ``i`` is at least the second-largest tag ``<= j``.

    Only gaps that gain something, and the best few between each pair of tags, are tried:
    any other boundary only costs, unless a tag pair forces one.

    Examples
    --------
    >>> scores = np.array([-1.0, 3.0, -1.0, -2.0])  # starts at paragraphs 1 to 4
    >>> decode_gaps(scores, [], 0.0, (0.0, 0.0))
    [0, 2]

    Tags after paragraphs 0 and 1 force a story to start at 1, which gains -1:

    >>> decode_gaps(scores, [1, 2], 0.0, (0.0, 0.0))
    [0, 1, 2]
    """
    n = len(scores) + 1
    lowest = _lowest_starts(tags, n)
    gain = np.concatenate([[0.0], scores - threshold, [0.0]])
    order = candidate_starts(gain, tags, 0.0)
    # Plain lists: the loop does scalar work only.
    lowest_at = lowest.tolist()
    gain_at = gain.tolist()
    best = [-np.inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    # Monotone deque (by best) of starts at least 3 paragraphs back: "long" predecessors.
    queue: list[int] = []
    head = 0
    pending = [0] + order
    entered = 0
    for j in order:
        while entered < len(pending) and pending[entered] <= j - 3:
            i = pending[entered]
            while len(queue) > head and best[queue[-1]] <= best[i]:
                queue.pop()
            queue.append(i)
            entered += 1
        floor = lowest_at[j]
        while head < len(queue) and queue[head] < floor:
            head += 1
        choice, value = -1, -np.inf
        if head < len(queue):
            choice, value = queue[head], best[queue[head]]
        for length, penalty in ((1, short_penalty[0]), (2, short_penalty[1])):
            i = j - length
            if i >= floor and i >= 0:
                cost = 0.0 if j == n else penalty
                if best[i] - cost > value:
                    choice, value = i, best[i] - cost
        back[j] = choice
        best[j] = value + gain_at[j]
    starts = []
    j = back[n]
    while j > 0:
        starts.append(j)
        j = back[j]
    return [0] + starts[::-1]


def story_evidence(
    matrices: ParagraphMatrices,
    cands: np.ndarray,
    alpha: float,
    vocabulary: float = 0.0,
    mass: float = 0.0,
    order: np.ndarray | None = None,
) -> np.ndarray:
    """Log marginal likelihood of each candidate story under its own word distribution.

    Returns ``out[a, d]``: the Dirichlet-multinomial log likelihood of the content words
    of paragraphs ``cands[a] .. cands[a + d] - 1``, for stories of at most
    ``JOINT_MAX_PARAGRAPHS`` paragraphs (``-inf`` beyond). This is the segment score of
    Eisenstein and Barzilay's BayesSeg (2008): a story whose words repeat each other
    scores high, so splitting a story costs likelihood and joining two stories costs more.

    The prior gives word ``w`` the pseudo-count ``mass * p(w) + alpha``, with ``p(w)``
    its share of news text (``matrices.word_probability``), over ``vocabulary`` words (by
    default the dump's); ``alpha`` must be positive, or a word news never used would be
    impossible. BayesSeg's prior is flat (``mass`` 0); with a background, a
    word every story uses ("said") is expected anyway and ties little together, while
    a rare one repeated (a name) ties a lot: on 1000 val dumps the right story count
    rose from 0.78 to 0.81.

    With ``k`` earlier uses of a word in the story, its next use adds
    ``log(prior + k)``. Sorting the tokens once by (word, position) numbers each word's
    uses in order, so ``k`` is a token's number less that of its word's first use in the
    story: a linear pass per candidate start. ``order`` is that sort if already made
    (``numpy.argsort(matrices.token_word, kind="stable")``).
    """
    words, offsets = matrices.token_word, matrices.token_start
    n_tokens, n_types = len(words), max(matrices.presence.shape[1], 1)
    vocabulary = vocabulary or n_types
    pseudo = alpha + mass * matrices.word_probability[words] if mass else np.full(n_tokens, alpha)
    if order is None:
        order = np.argsort(words, kind="stable")
    place = np.empty(n_tokens, dtype=np.int64)
    place[order] = np.arange(n_tokens)
    # The previous use of the same word, -1 for a word's first use in the dump.
    previous = np.full(n_tokens, -1, dtype=np.int64)
    same = words[order[1:]] == words[order[:-1]]
    previous[order[1:][same]] = order[:-1][same]
    first_place = np.zeros(n_types, dtype=np.int64)
    reach = np.searchsorted(cands, cands + JOINT_MAX_PARAGRAPHS, side="right") - 1
    width = int(np.max(reach - np.arange(len(cands)))) + 1 if len(cands) else 1
    out = np.full((len(cands), width), -np.inf)
    total = mass + vocabulary * alpha
    prior = gammaln(total)
    for a in range(len(cands) - 1):
        first, last = offsets[cands[a]], offsets[cands[reach[a]]]
        window = words[first:last]
        opening = previous[first:last] < first
        first_place[window[opening]] = place[first:last][opening]
        earlier = place[first:last] - first_place[window]
        cumulative = np.concatenate([[0.0], np.cumsum(np.log(pseudo[first:last] + earlier))])
        ends = offsets[cands[a + 1 : reach[a] + 1]] - first
        out[a, 1 : len(ends) + 1] = prior - gammaln(ends + total) + cumulative[ends]
    return out


def tag_evidence(
    matrices: ParagraphMatrices,
    tags: Sequence[int],
    topics: Sequence[str],
    cands: np.ndarray,
    width: int,
    prior: tuple[float, float, float],
    order: np.ndarray,
) -> np.ndarray:
    """Log probability of each tag's own words under the word model of a story holding it.

    A site tags a story with its subject ("More on Tony Blair", "More on Kosovo"), so the
    tag's words say which paragraphs are its story: the one holding it should be the
    one that talks about Blair. Each tag's content words are scored as if appended to
    the candidate story, with the Dirichlet-multinomial predictive probability of
    :func:`story_evidence` (``prior`` is its ``(alpha, vocabulary, mass)``): a word the
    story uses often is likely, one it never uses is as unlikely as its prior makes it.
    Every tag is held by exactly one story, so only how this differs between
    segmentations matters.

    ``order`` sorts the tokens by word, stably (see :func:`story_evidence`).
    Returns ``out[a, d]`` for the story from candidate ``a`` to candidate ``a + d``,
    shaped like :func:`story_evidence`'s table: the log probability of the words of the
    tag it holds (the latest at or before its end), 0 when it holds none.
    """
    alpha, vocabulary, mass = prior
    total = mass + vocabulary * alpha
    by_gap: dict[int, set[int]] = {}
    for gap, topic in zip(tags, topics):
        ids = (matrices.word_index.get(word) for word in content_words(topic))
        by_gap.setdefault(min(max(int(gap), 1), matrices.n), set()).update(
            i for i in ids if i is not None
        )
    out = np.zeros((len(cands), width))
    sorted_words = matrices.token_word[order]
    gaps = np.array(sorted(by_gap), dtype=np.int64)
    # Stories ending at candidate b hold the latest tag at or before it, if they start
    # before that tag.
    tag_of = np.searchsorted(gaps, cands, side="right") - 1
    for k, gap in enumerate(gaps.tolist()):
        words = sorted(by_gap[gap])
        ends = np.flatnonzero(tag_of == k)
        ends = ends[ends > 0]
        if not words or not len(ends):
            continue
        first = max(int(ends[0]) - width + 1, 0)
        offsets = matrices.token_start[cands[first : ends[-1] + 1]]
        b = ends[:, None] - first
        a = b - np.arange(1, width)[None, :]
        valid = a >= 0
        a = np.where(valid, a, 0)
        valid &= cands[a + first] < gap
        length = offsets[b] - offsets[a]
        score = np.zeros(a.shape)
        for j, word in enumerate(words):
            positions = order[
                np.searchsorted(sorted_words, word) : np.searchsorted(sorted_words, word, "right")
            ]
            seen = np.searchsorted(positions, offsets)
            pseudo = alpha + mass * matrices.word_probability[word]
            score += np.log((seen[b] - seen[a] + pseudo) / (length + total + j))
        rows, steps = (a + first)[valid], np.broadcast_to(np.arange(1, width), a.shape)[valid]
        out[rows, steps] += score[valid]
    return out


# (mass, alpha, weight, threshold, short_penalty, tag_weight): see decode_stories.
JointConstants = tuple[float, float, float, float, tuple[float, float], float]


def story_values(
    scores: np.ndarray,
    tags: Sequence[int],
    matrices: ParagraphMatrices,
    constants: JointConstants | None = None,
    topics: Sequence[str] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the joint decoding adds up: ``(cands, story, gain)``.

    ``cands`` are the candidate starts (0 first, ``n`` last); ``story[a, d]`` is the value
    of a story from ``cands[a]`` to ``cands[a + d]`` (``-inf`` when not allowed) and
    ``gain[b]`` that of a story starting at ``cands[b]``. See :func:`decode_stories`.
    """
    mass, alpha, weight, threshold, short_penalty, tag_weight = constants or (
        JOINT_MASS,
        JOINT_ALPHA,
        JOINT_WEIGHT,
        JOINT_THRESHOLD,
        JOINT_SHORT_PENALTY,
        JOINT_TAG_WEIGHT,
    )
    n = len(scores) + 1
    gain = np.concatenate([[0.0], scores - threshold, [0.0]])
    padded = np.concatenate([[0.0], scores, [0.0]])
    cands = np.array([0, *candidate_starts(padded, tags, JOINT_FLOOR)])
    lowest = _lowest_starts(tags, n)[cands]
    # Tokens by word, in order: both story word models count uses of a word with it.
    order = np.argsort(matrices.token_word, kind="stable")
    story = story_evidence(matrices, cands, alpha, JOINT_VOCABULARY, mass, order)
    story[np.isfinite(story)] *= weight
    width = story.shape[1]
    if topics is not None and tag_weight and len(tags):
        prior = (alpha, JOINT_VOCABULARY, mass)
        tagged = tag_evidence(matrices, tags, topics, cands, width, prior, order)
        story += tag_weight * weight * tagged
    m = len(cands)
    if width < 2:
        # Every story is longer than the reach: room for the fallback below.
        story = np.hstack([story, np.full((m, 2 - width), -np.inf)])
        width = 2
    a, d = np.meshgrid(np.arange(m), np.arange(width), indexing="ij")
    length = cands[np.minimum(a + d, m - 1)] - cands[a]
    inside = (a + d < m - 1) & (d > 0)
    story -= np.where(
        inside & (length == 1),
        short_penalty[0],
        np.where(inside & (length == 2), short_penalty[1], 0.0),
    )
    story[(a + d < m) & (cands[a] < lowest[np.minimum(a + d, m - 1)])] = -np.inf
    story[:, 0] = -np.inf
    story[a + d >= m] = -np.inf
    # Where no allowed story fits in reach of an end, one starts at the candidate before.
    reached = np.bincount((a + d)[np.isfinite(story)], minlength=m) > 0
    stuck = np.flatnonzero(~reached[1:]) + 1
    story[stuck - 1, 1] = 0.0
    return cands, story, gain[cands]


def _best_prefixes(story: np.ndarray, gain: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Best value of a segmentation of everything before each candidate that starts a
    story there (``best``), and the start of that story's predecessor (``back``)."""
    m, width = story.shape
    best = np.full(m, -np.inf)
    best[0] = 0.0
    back = np.zeros(m, dtype=np.int64)
    for b in range(1, m):
        a = np.arange(max(0, b - width + 1), b)
        value = best[a] + story[a, b - a]
        k = int(np.argmax(value))
        best[b] = value[k] + gain[b]
        back[b] = a[k]
    return best, back


def decode_stories(
    scores: np.ndarray,
    tags: Sequence[int],
    matrices: ParagraphMatrices,
    constants: JointConstants | None = None,
    topics: Sequence[str] | None = None,
    margins: bool = False,
) -> tuple[list[int], np.ndarray]:
    """Best story starts by gap evidence and story-level word evidence together, and
    with ``margins`` how close each call was: ``(starts, margin per paragraph)``.

    Maximises, over segmentations that respect the tags and start stories only at
    :func:`candidate_starts` (log-odds above ``JOINT_FLOOR``, or forced between tags), with
    no story scored whole beyond ``JOINT_MAX_PARAGRAPHS``, the sum of ``score -
    threshold`` over story starts plus ``weight`` times the :func:`story_evidence` of
    every story, less a penalty for each 1- or 2-paragraph story but the last. Gap
    scores see a few paragraphs either side; the story term sees whole stories, so it
    keeps apart two stories whose edges happen to share words and joins the halves of
    one whose middle changes subject. With the tags' ``topics``, a story also scores
    ``tag_weight`` times :func:`tag_evidence` of its tag (times ``weight``).
    ``constants`` is ``(mass, alpha, weight, threshold, short_penalty, tag_weight)``, by
    default the fitted ``JOINT_*`` values.

    The margin of paragraph ``p`` is the value of the best segmentation that starts a
    story at ``p`` less that of the best one that does not (max-marginals, from a
    forward and a backward pass): positive where a story starts, by how much its
    value would fall without that cut; negative elsewhere, by how much it would fall with
    one; NaN at paragraph 0 and where no cut was weighed (log-odds under
    ``JOINT_FLOOR``). Without ``margins``, all NaN. A cut two tags force (one paragraph
    between them) has margin ``inf``; one forced only because a story is scored whole up
    to ``JOINT_MAX_PARAGRAPHS`` and this one is longer has 0, as unsure as a tie.
    """
    cands, story, gain = story_values(scores, tags, matrices, constants, topics)
    best, back = _best_prefixes(story, gain)
    starts = []
    b = int(back[-1])
    while b > 0:
        starts.append(int(cands[b]))
        b = int(back[b])
    out = np.full(len(scores) + 1, np.nan)
    if margins and len(cands) > 2:
        out[cands[1:-1]] = _margins(story, gain, best, cands, _clean_tags(tags, len(scores) + 1))
    return [0] + starts[::-1], out


def _margins(
    story: np.ndarray, gain: np.ndarray, best: np.ndarray, cands: np.ndarray, tags: list[int]
) -> np.ndarray:
    """The margin of each inner candidate (see :func:`decode_stories`), from the values
    of :func:`story_values`, the forward pass's ``best`` and the clean ``tags``."""
    m, width = story.shape
    after = np.full(m, -np.inf)
    after[-1] = 0.0
    for a in range(m - 2, -1, -1):
        c = np.arange(a + 1, min(m, a + width))
        after[a] = np.max(story[a, c - a] + gain[c] + after[c])
    # through[a, d]: the best segmentation with a story from cands[a] to cands[a + d];
    # its running maximum over d >= k is the best with one that starts at a and
    # reaches past a + k - 1.
    ends = np.minimum(np.arange(m)[:, None] + np.arange(width)[None, :], m - 1)
    through = best[:, None] + story + gain[ends] + after[ends]
    past = np.maximum.accumulate(through[:, ::-1], axis=1)[:, ::-1]
    b = np.arange(1, m - 1)[:, None]
    back_by = np.arange(1, width - 1)[None, :]
    a = b - back_by
    spans = np.where(a >= 0, past[np.maximum(a, 0), back_by + 1], -np.inf)
    without = spans.max(axis=1) if spans.shape[1] else np.full(m - 2, -np.inf)
    margin = (best + after)[1:-1] - without
    # Sums in different orders differ in the last bits: a tie is a tie.
    margin[np.abs(margin) < 1e-9] = 0.0
    # No segmentation without this cut: certain when two tags leave it no other
    # place; when only the limit on a story's length forces it, it is a guess.
    tight = [t for t, u in pairwise(tags) if u - t == 1]
    margin[np.isposinf(margin) & ~np.isin(cands[1:-1], tight)] = 0.0
    margin[np.isneginf(margin)] = np.nan
    return margin
