"""Split the body paragraphs of a raw news dump into stories: the segmenter's entry points.

:func:`find_boundaries` finds where stories start by lexical cohesion, in the spirit of
TextTiling (Hearst 1997), C99 (Choi 2000) and LCseg (Galley et al. 2003): the words on the
two sides of a gap between paragraphs of one story overlap; across a story boundary they
do not. :func:`segment_paragraphs` also says how sure it is of each paragraph's decision
(:func:`toolkit.segment.stories.load_dump` reports it as ``cut_margin``). Both work in
three stages, each linear in the length of the dump, over matrices built once
(:mod:`toolkit.segment.representation`):

1. Each gap gets 33 cheap local features (:mod:`toolkit.segment.features`: cohesion at
   several window sizes, in words and in a topic space, lexical chains, names, opening
   cues). Small boosted trees (:mod:`toolkit.segment.models`) turn them into log-odds
   of "a story starts here", less a fixed cost right after a "More on X" tag (sites put
   the tag inside its story), and a dynamic programme picks the best boundaries that
   respect the tags (a story carries at most one).
2. Given that first guess, each gap is rescored by comparing whole story parts rather
   than fixed windows (:mod:`toolkit.segment.scores`).
3. The final decoding (:mod:`toolkit.segment.decode`) weighs those gap scores together
   with how well each candidate story's words fit one word distribution of their own
   (the Dirichlet-multinomial segment likelihood of BayesSeg, Eisenstein and Barzilay
   2008, with a prior that expects each word as often as news uses it), so that whole
   stories, not just the paragraphs next to a gap, decide where the cuts go. A "More on
   X" tag's own words count as words of the story holding it, and a video title or
   image caption as words of the paragraph it follows.

The fitted parts ship as plain arrays beside this module (``segment_model.npz``,
``segment_topics.npz``, ``segment_background.npz``: no pickle, no download), and
``benchmarks/bench_segment.py --refit`` refits them (:mod:`toolkit.segment.training`).
:mod:`toolkit.segment.metrics` scores a segmentation against the truth.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from toolkit.errors import InputError
from toolkit.segment.decode import decode_stories
from toolkit.segment.representation import represent, with_notes
from toolkit.segment.scores import gap_scores_from

__all__ = ["FORCED", "find_boundaries", "segment_paragraphs"]

#: A ``prior`` this large (log-odds) forces a cut: it outweighs any story's evidence, and
#: the cut's margin is reported as ``inf``, as for a cut that two tags force.
FORCED = 1e6


def find_boundaries(
    paragraphs: Sequence[str],
    tags: Sequence[int] = (),
    topics: Sequence[str] | None = None,
    notes: Sequence[tuple[int, str]] = (),
) -> list[int]:
    """Find where stories start among the body paragraphs of one dump.

    Parameters
    ----------
    paragraphs
        Body paragraphs of one dump in order, furniture removed.
    tags
        Gap positions of its "More on X" lines, ascending: a tag at gap ``t`` sits after
        paragraph ``t - 1``, and belongs to the story that holds that paragraph (a tag
        before the first paragraph belongs to the first story). No story gets two tags,
        so between tags at ``t1 < t2`` a story starts at some ``b`` with
        ``t1 <= b <= t2 - 1``. Tags with no paragraph between them cannot be told apart
        and count as one.
    topics
        The X of each tag, in the order of ``tags``. Optional: a tag names its story's
        subject, so the paragraphs that use its words are likelier to be that story's.
        The words of tags that count as one (see ``tags``) are pooled.
    notes
        ``(i, text)`` for each video title or image caption, ``i`` being the paragraph
        it follows. Optional: a page puts them inside their story and they show its
        subject, so their words count as words of paragraph ``i`` (``i`` outside the
        paragraphs is clamped to them: -1, before the first, counts as the first).

    Returns
    -------
    list of int
        Sorted story start indices into ``paragraphs``, always beginning with 0 (also for
        no paragraphs, so that furniture alone still forms one story).

    Raises
    ------
    toolkit.errors.InputError
        When ``topics`` is given but not one per tag.

    Examples
    --------
    >>> paragraphs = ["Kosovo talks.", "Kosovo said no.", "Chelsea won 2-0.", "Chelsea fans cheered."]
    >>> find_boundaries(paragraphs, tags=[1, 3])
    [0, 2]
    >>> find_boundaries(paragraphs, tags=[1, 3], topics=["Kosovo", "Chelsea"],
    ...                 notes=[(2, "Chelsea fans at the ground")])
    [0, 2]
    """
    return segment_paragraphs(paragraphs, tags, topics, notes, margins=False)[0]


def segment_paragraphs(
    paragraphs: Sequence[str],
    tags: Sequence[int] = (),
    topics: Sequence[str] | None = None,
    notes: Sequence[tuple[int, str]] = (),
    *,
    margins: bool = True,
    prior: np.ndarray | None = None,
) -> tuple[list[int], np.ndarray]:
    """:func:`find_boundaries`, and how sure it is of each paragraph's decision.

    Parameters
    ----------
    paragraphs, tags, topics, notes
        As for :func:`find_boundaries`.
    margins
        Compute the margins (``False``: all NaN, and faster).
    prior
        Optional log-odds per paragraph added to the segmenter's own for a story starting
        there (index 0 is ignored): what other dumps say, such as
        :func:`toolkit.segment.anchors.repeat_priors`. :data:`FORCED` or more forces a cut.

    Returns
    -------
    starts : list of int
        As :func:`find_boundaries` returns them.
    margins : numpy.ndarray
        One float per paragraph: the score of the best segmentation with a story
        starting there less that of the best one without (log-odds units; positive where
        one starts). NaN where no cut was weighed (the first paragraph, and gaps too
        unlikely to try); see :func:`toolkit.segment.decode.decode_stories`.

    Examples
    --------
    >>> starts, margins = segment_paragraphs(["Kosovo talks.", "Kosovo said no."])
    >>> starts, len(margins)
    ([0], 2)
    """
    if topics is not None and len(topics) != len(tags):
        raise InputError(f"got {len(topics)} topics for {len(tags)} tags; give one per tag")
    if len(paragraphs) < 2:
        return [0], np.full(len(paragraphs), np.nan)
    matrices = represent(paragraphs)
    scores = gap_scores_from(matrices, paragraphs, tags)
    noted = with_notes(matrices, notes)
    if prior is None:
        return decode_stories(scores, tags, noted, topics=topics, margins=margins)
    prior = np.asarray(prior, dtype=float)
    starts, out = decode_stories(scores + prior[1:], tags, noted, topics=topics, margins=margins)
    if margins:
        out[prior >= FORCED] = np.inf
    return starts, out
