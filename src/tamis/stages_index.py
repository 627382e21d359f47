"""Imports every stage module so that `register` has seen them all (names -> classes)."""

from .clean import stage as _clean  # noqa: F401
from .dedup import exact as _exact  # noqa: F401
from .dedup import lines as _lines  # noqa: F401
from .dedup import near as _near  # noqa: F401
from .extract import stage as _extract  # noqa: F401
