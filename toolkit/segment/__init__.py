"""Stage 2, stories: cut each dump's body paragraphs into stories.

- :mod:`toolkit.segment.stories`: :func:`load_dump` and :func:`dump_lines`, the entry
  points: files in, one row per story (or per line) out.
- :mod:`toolkit.segment.cues`: what the page's furniture says about where stories start
  (a live blog's entries, headlines), added to the segmenter's log-odds.
- :mod:`toolkit.segment.boundaries`: :func:`find_boundaries` and
  :func:`segment_paragraphs`, the segmenter, which works in three stages over the
  modules below.
- :mod:`toolkit.segment.words`: what counts as a word; :mod:`toolkit.segment.representation`:
  a dump's paragraphs as word matrices, built once.
- :mod:`toolkit.segment.features`: the first stage, local features of each gap;
  :mod:`toolkit.segment.scores`: the second stage, story-level features and the gap
  log-odds; :mod:`toolkit.segment.decode`: the dynamic programmes, and the third stage
  that weighs whole stories' words.
- :mod:`toolkit.segment.models`: the shipped trees, topic space and word counts (the
  ``.npz`` files beside it); :mod:`toolkit.segment.training`: how they are refitted.
- :mod:`toolkit.segment.metrics`: the scores of a segmentation against the truth
  (:func:`pk`, :func:`window_diff`, :func:`boundary_prf`).
"""

from toolkit.segment.boundaries import find_boundaries, segment_paragraphs
from toolkit.segment.metrics import boundary_prf, pk, window_diff
from toolkit.segment.stories import dump_lines, load_dump, require_stories

__all__ = [
    "boundary_prf",
    "dump_lines",
    "find_boundaries",
    "load_dump",
    "pk",
    "require_stories",
    "segment_paragraphs",
    "window_diff",
]
