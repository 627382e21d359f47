"""tamis: a fine sieve for web text.

Pages as a crawler saved them go in; the article, its metadata, and a reason for every
removal come out. See DESIGN.md and README.md.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .cleaning import clean_html, clean_text  # noqa: E402
from .document import Document, Rejection, Removal  # noqa: E402
from .pipeline import Pipeline  # noqa: E402
from .stage import CorpusStage, DocumentStage, Stage  # noqa: E402

__all__ = [
    "Document", "Removal", "Rejection", "Pipeline", "Stage", "DocumentStage", "CorpusStage",
    "clean_text", "clean_html", "__version__",
]
