"""Errors that stop a whole run (as opposed to one record, which is rejected instead)."""


class TamisError(Exception):
    """A problem the user can fix; the CLI prints the message without a traceback."""


class ConfigError(TamisError):
    pass


class InputError(TamisError):
    pass


class OutputError(TamisError):
    pass


class RunFailed(TamisError):
    """The run finished but broke an invariant (documents lost); exit code 1."""
