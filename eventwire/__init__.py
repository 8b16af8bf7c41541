"""eventwire: political event data from news text.

The public API is small on purpose; everything else is internal and may change.
"""

from .errors import DataError, EventwireError, InputError, ModelError, StoreError, UsageError
from .options import Options, build_options
from .records import Actor, Article, DocResult, Document, Event, EventDate, Evidence, Place, Size

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "DataError", "DocResult", "Document", "Event", "EventDate",
    "EventwireError", "Evidence", "InputError", "ModelError", "Options", "Place", "Size",
    "StoreError", "UsageError", "__version__", "build_options",
]
