"""Loopback-only network guard, loaded into every Python process the tests start.

The test session puts this folder on PYTHONPATH, so subprocesses (the CLI, pool workers)
get the guard too. A connection to any address outside 127.0.0.0/8 and ::1 raises, and is
logged to $TAMIS_NETGUARD_LOG so a test fails even where the caller swallowed the error.
"""

from __future__ import annotations

import ipaddress
import os
import socket

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class NetworkBlocked(OSError):
    pass


def _allowed(sock: socket.socket, address) -> bool:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return True
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False  # a name: resolving it would already reach out
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _block(address) -> None:
    log = os.environ.get("TAMIS_NETGUARD_LOG")
    if log:
        with open(log, "a") as f:
            f.write(f"{os.getpid()} {address!r}\n")
    raise NetworkBlocked(f"tamis tests: network access to {address!r} blocked (loopback only)")


def _connect(self, address):
    if not _allowed(self, address):
        _block(address)
    return _real_connect(self, address)


def _connect_ex(self, address):
    if not _allowed(self, address):
        _block(address)
    return _real_connect_ex(self, address)


def _getaddrinfo(host, *args, **kwargs):
    if host not in (None, "localhost", "localhost.localdomain") and isinstance(host, (str, bytes)):
        h = host.decode() if isinstance(host, bytes) else host
        try:
            if not ipaddress.ip_address(h.split("%", 1)[0]).is_loopback:
                _block((h,) + tuple(args[:1]))
        except ValueError:
            _block((h,) + tuple(args[:1]))
    return _real_getaddrinfo(host, *args, **kwargs)


def install() -> None:
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _getaddrinfo  # type: ignore[assignment]


if os.environ.get("TAMIS_NETGUARD", "1") != "0":
    install()
