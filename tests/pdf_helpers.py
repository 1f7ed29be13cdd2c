"""Checking PDF files the exports write."""
from __future__ import annotations

import re


def check_pdf(data: bytes) -> int:
    """A well-formed PDF (every cross-reference offset lands on its object): its page count."""
    assert data.startswith(b"%PDF-")
    start = int(re.search(rb"startxref\s+(\d+)", data[-64:]).group(1))
    table = data[start:]
    assert table.startswith(b"xref")
    first, count = map(int, re.match(rb"xref\s+(\d+)\s+(\d+)", table).groups())
    entries = re.findall(rb"(\d{10}) (\d{5}) ([nf])", table[:20 * (count + 2) + 32])[:count]
    for number, (offset, _, kind) in enumerate(entries, start=first):
        if kind == b"n":
            assert re.match(rb"%d 0 obj" % number, data[int(offset):]), number
    return len(re.findall(rb"/Type /Page\b", data))
