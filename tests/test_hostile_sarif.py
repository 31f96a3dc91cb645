"""SARIF from ``lint``: every artifact URI is a valid URI reference (RFC 3986) that
names the file linted, whatever characters its name holds."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from domainrules.cli import main

POLICY = """{"Version": "1", "Statement": [
  {"Effect": "Deny", "Action": "domain:*", "Resource": "*",
   "Condition": {"IpAddress": {"acs:SorceIp": "10.0.0.0/8"}}}]}
"""

# RFC 3986: unreserved, sub-delims, ':' '@' '/' and percent escapes, nothing else.
_URI_CHARACTERS = set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/%"
)


@pytest.mark.parametrize("name", ["p ü%.json", "a#b?.json", "c:d.json", "plain.json"])
def test_relative_uris_are_encoded_and_name_the_file(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "sub dir"
    folder.mkdir()
    (folder / name).write_text(POLICY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    relative = os.path.join("sub dir", name)
    assert main(["lint", relative, "--format", "sarif"]) == 1
    (run,) = json.loads(capsys.readouterr().out)["runs"]
    assert run["results"]
    for result in run["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert set(uri) <= _URI_CHARACTERS, uri
        parts = urlsplit(uri)
        assert not parts.scheme and not parts.query and not parts.fragment
        assert unquote(parts.path) == f"sub dir/{name}"
