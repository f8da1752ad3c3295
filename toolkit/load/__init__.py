"""Stage 1, raw lines: read dump files and name the kind of every line.

- :mod:`toolkit.load.files`: paths to files, bytes to text (UTF-8, cp1252, mojibake
  repaired), text to lines; documents that are no dump are refused.
- :mod:`toolkit.load.kinds`: which lines are story paragraphs and which are page furniture,
  from the shapes of :mod:`toolkit.load.shapes` and the lines around.
- :mod:`toolkit.load.starts`: story starts a user gives instead of the segmenter's.
- :mod:`toolkit.load.synth`: synthetic dumps with known truth, for tests and benchmarks.

Cutting the lines into stories is the next stage, :mod:`toolkit.segment`, whose
:func:`toolkit.load_dump` is the entry point most users want.
"""

from toolkit.load.files import (
    PathsLike,
    RawFile,
    read_file,
    resolve_paths,
    source_names,
    warn_caller,
)
from toolkit.load.kinds import (
    FURNITURE,
    KINDS,
    PARAGRAPH_KINDS,
    STORY_ENDS,
    body_and_tags,
    classify_lines,
    furniture_notes,
    furniture_text,
    is_headline_shaped,
    line_kinds,
    n_words,
    paragraph_text,
    tag_topic,
)
from toolkit.load.shapes import reads_as_sentence
from toolkit.load.starts import StartsLike, check_pinned, given_starts, starts_by_source

__all__ = [
    "FURNITURE",
    "KINDS",
    "PARAGRAPH_KINDS",
    "STORY_ENDS",
    "PathsLike",
    "RawFile",
    "StartsLike",
    "body_and_tags",
    "check_pinned",
    "classify_lines",
    "furniture_notes",
    "furniture_text",
    "given_starts",
    "is_headline_shaped",
    "line_kinds",
    "n_words",
    "paragraph_text",
    "read_file",
    "reads_as_sentence",
    "resolve_paths",
    "source_names",
    "starts_by_source",
    "tag_topic",
    "warn_caller",
]
