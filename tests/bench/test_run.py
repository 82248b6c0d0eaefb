"""bench/run.py: finding where the proxy's cache file holds the page."""

from __future__ import annotations

import pytest

from bench.run import copy_cache_file


def test_the_cache_file_holding_the_page_is_copied_and_the_pages_offset_in_it_returned(tmp_path):
    cache, page = tmp_path / "cache", b'{"data": []}\n'
    (cache / "a" / "1b").mkdir(parents=True)
    (cache / "a" / "1b" / "other").write_bytes(b"\x05KEY: /v1/forces\n" + b"HTTP/1.1 200 OK\r\n\r\n[]")
    (cache / "a" / "1b" / "page").write_bytes(
        b"\x05KEY: /v1/platform-mentions\n" + b"HTTP/1.1 200 OK\r\n\r\n" + page
    )
    offset = copy_cache_file(cache, page, tmp_path / "copy")
    copied = (tmp_path / "copy").read_bytes()
    assert copied[offset:] == page
    assert copied == (cache / "a" / "1b" / "page").read_bytes()


def test_a_cache_without_the_page_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr("bench.run.time.monotonic", iter([0, 0, 11]).__next__)
    (tmp_path / "cache").mkdir()
    with pytest.raises(RuntimeError, match="holds the page"):
        copy_cache_file(tmp_path / "cache", b"{}", tmp_path / "copy")
