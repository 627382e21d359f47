"""Imports every stage module so that `register` has seen them all (names -> classes)."""

from .clean import stage as _clean  # noqa: F401
from .dedup import exact as _exact  # noqa: F401
from .dedup import lines as _lines  # noqa: F401
from .dedup import near as _near  # noqa: F401
from .extract import stage as _extract  # noqa: F401
from .filter import c4 as _c4  # noqa: F401
from .filter import consent as _consent  # noqa: F401
from .filter import fineweb as _fineweb  # noqa: F401
from .filter import gopher as _gopher  # noqa: F401
from .filter import language as _language  # noqa: F401
from .filter import pii as _pii  # noqa: F401
