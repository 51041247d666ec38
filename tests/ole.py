"""Minimal OLE compound files (MS-CFB version 3) for tests: real enough for olefile to open and list.

Old Word, Excel and PowerPoint files and encrypted .docx are all such containers; the sniffer tells them apart
by their streams. Each stream is padded to 4,096 bytes so that it lives in regular sectors (no mini stream).
"""

from __future__ import annotations

import struct

SECTOR = 512
END_OF_CHAIN, FAT_SECTOR, FREE = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
NO_STREAM = 0xFFFFFFFF


def _entry(name: str, kind: int, start: int, size: int, child: int = NO_STREAM, right: int = NO_STREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)  # name length in bytes, type, colour black
        + struct.pack("<III", NO_STREAM, right, child)  # left sibling, right sibling, child
        + b"\0" * 16
        + struct.pack("<I", 0)
        + b"\0" * 16  # CLSID, state bits, creation and modified times
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE file holding `streams` (at most three) in the root storage."""
    assert 1 <= len(streams) <= 3
    payloads = [data.ljust(max(4096, -(-len(data) // SECTOR) * SECTOR), b"\0") for data in streams.values()]
    fat = [FAT_SECTOR, END_OF_CHAIN]
    starts = []
    for payload in payloads:
        starts.append(len(fat))
        count = len(payload) // SECTOR
        fat += [len(fat) + index + 1 for index in range(count - 1)] + [END_OF_CHAIN]
    assert len(fat) <= SECTOR // 4
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREE] * (SECTOR // 4 - len(fat))))
    names = list(streams)
    entries = [_entry("Root Entry", 5, END_OF_CHAIN, 0, child=1)]
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else NO_STREAM
        entries.append(_entry(name, 2, starts[index], len(payloads[index]), right=right))
    directory = b"".join(entries).ljust(SECTOR, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack(
            "<IIII", 0, 1, 1, 0
        )  # directory sectors (0 in v3), FAT sectors, first directory sector, transaction
        + struct.pack("<IIIII", 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)  # cutoff, mini FAT, DIFAT
        + struct.pack("<109I", 0, *([FREE] * 108))
    )
    return header + fat_sector + directory + b"".join(payloads)


def word_header(encrypted: bool = False) -> bytes:
    """The start of a WordDocument stream (its FIB): wIdent 0xA5EC, nFib, unused, lid, pnNext, then the flags
    word whose bit 8 is fEncrypted."""
    flags = 0x0100 if encrypted else 0
    return struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0x0804, 0, flags)
