import socket
import subprocess
import sys

import pytest


def test_outside_loopback_is_blocked(tmp_path):
    s = socket.socket()
    try:
        with pytest.raises(OSError, match="blocked"):
            s.connect(("169.254.169.254", 80))
    finally:
        s.close()
    # the attempt was logged; clear it so the autouse check does not fail this test
    import os

    log = os.environ["TAMIS_NETGUARD_LOG"]
    open(log, "w").close()


def test_loopback_is_allowed():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    c = socket.socket()
    c.connect(srv.getsockname())
    c.close()
    srv.close()


def test_subprocesses_are_guarded(tmp_path):
    code = "import socket; socket.create_connection(('10.0.0.1', 80), timeout=1)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode != 0 and "blocked" in r.stderr
    import os

    open(os.environ["TAMIS_NETGUARD_LOG"], "w").close()
