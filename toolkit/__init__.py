"""toolkit: raw news dumps to stories, measures and topic comparisons, in Jupyter."""

from toolkit.errors import CacheError, InputError, ToolkitError, UnknownNameError

__version__ = "0.1.0"

__all__ = ["ToolkitError", "InputError", "UnknownNameError", "CacheError", "__version__"]
