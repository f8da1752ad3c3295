"""Stage 3, parsed docs: the spaCy pipeline, chosen by a setting, loaded once per process.

See :mod:`toolkit.nlp.pipeline`.
"""

from toolkit.nlp.pipeline import (
    ENTITY_COMPONENTS,
    LEMMA_COMPONENTS,
    MODEL_ENV,
    load_nlp,
    model_info,
    model_name,
    pipes_to_disable,
)

__all__ = [
    "ENTITY_COMPONENTS",
    "LEMMA_COMPONENTS",
    "MODEL_ENV",
    "load_nlp",
    "model_info",
    "model_name",
    "pipes_to_disable",
]
