"""An e-mail address longer than mail allows (RFC 5321) is refused before anything is built
or written: one of 100,000 characters was taken, and a draft written for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run


@pytest.mark.parametrize(("address", "reason"), [
    ("a" * 65 + "@example.com", "the part before @ is 65 characters, at most 64"),
    ("jane@" + "b" * 64 + ".example.com", f"'{'b' * 20}…' is 64 characters, at most 63"),
    ("jane@" + ".".join(["c" * 60] * 5) + ".com", "it is 313 characters, at most 254"),
])
def test_an_address_longer_than_mail_allows_is_refused(demo: Path, address: str,
                                                      reason: str) -> None:
    # (A 100,000-character name was taken, and a draft written for it.)
    result = run("email", "--level", "2", "--to", address, "--draft", cwd=demo)
    assert result.exit_code == 2
    assert result.stderr == f"error: --to {address!r}: not an e-mail address ({reason})\n"
    assert not (demo / "out").exists()
