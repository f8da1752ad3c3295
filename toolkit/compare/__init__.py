"""Stage 6, comparisons: how topics differ in their words, and where a word occurs.

- :mod:`toolkit.compare.keyness`: :func:`keyness`, word by word statistics of a target
  topic against a reference (G², log ratio, scaled F-score, ...).
- :mod:`toolkit.compare.kwic`: :func:`kwic` (keyword in context, with dump lines) and
  :func:`dispersion` (where in each story a word falls).
- :mod:`toolkit.compare.tokens`: the terms all counts share.
"""

from toolkit.compare.keyness import keyness
from toolkit.compare.kwic import dispersion, kwic
from toolkit.compare.tokens import FORMS, terms_of

__all__ = ["FORMS", "dispersion", "keyness", "kwic", "terms_of"]
