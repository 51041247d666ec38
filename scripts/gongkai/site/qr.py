"""The QR code of a report page's address, encoded here because segno's general encoder was the largest single
cost of a report page (1.0 ms of ~9; 10 s of CPU at 10,000 reports).

Every code is byte mode, error level M and mask 4, in the smallest of versions 1–10 that holds the address:
what segno gives for make_qr(url, error="m", boost_error=False, mask=4, mode="byte"), and tests compare the two
module for module. (One fixed mask: every mask scans, segno's search over the eight only picks the prettiest.) For each version, what does not depend on the address (finder, timing and alignment
patterns, format and version information, the mask over the data area) is taken once from segno; an address
then costs its Reed–Solomon codewords and the bits it flips. Longer or non-ASCII addresses are left to segno.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import segno
from numpy.typing import NDArray

# Error level M, versions 1–10: (error-correction codewords per block, data codewords of each block).
_BLOCKS: dict[int, tuple[int, tuple[int, ...]]] = {
    1: (10, (16,)),
    2: (16, (28,)),
    3: (26, (44,)),
    4: (18, (32, 32)),
    5: (24, (43, 43)),
    6: (16, (27, 27, 27, 27)),
    7: (18, (31, 31, 31, 31)),
    8: (22, (38, 38, 39, 39)),
    9: (22, (36, 36, 36, 37, 37)),
    10: (26, (43, 43, 43, 43, 44)),
}
_ALIGNMENT: dict[int, tuple[int, ...]] = {
    1: (),
    2: (6, 18),
    3: (6, 22),
    4: (6, 26),
    5: (6, 30),
    6: (6, 34),
    7: (6, 22, 38),
    8: (6, 24, 42),
    9: (6, 26, 46),
    10: (6, 28, 50),
}
_PAD = (0xEC, 0x11)

_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _power in range(255):
    _EXP[_power] = _value
    _LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _power in range(255, 512):
    _EXP[_power] = _EXP[_power - 255]


def _multiply(a: int, b: int) -> int:
    return _EXP[_LOG[a] + _LOG[b]] if a and b else 0


@cache
def _remainder_table(length: int) -> tuple[int, ...]:
    """For each leading byte, the generator polynomial times it, as one integer of `length` bytes."""
    generator = [1]
    for power in range(length):
        product = [0] * (len(generator) + 1)
        for index, coefficient in enumerate(generator):
            product[index] ^= coefficient
            product[index + 1] ^= _multiply(coefficient, _EXP[power])
        generator = product
    return tuple(
        int.from_bytes(bytes(_multiply(lead, coefficient) for coefficient in generator[1:]), "big")
        for lead in range(256)
    )


def _error_correction(data: bytes, length: int) -> bytes:
    table = _remainder_table(length)
    shift, full = 8 * (length - 1), (1 << 8 * length) - 1
    remainder = 0
    for byte in data:
        remainder = ((remainder << 8) & full) ^ table[(remainder >> shift) ^ byte]
    return remainder.to_bytes(length, "big")


def _is_function(version: int, row: int, column: int) -> bool:
    size = 17 + 4 * version
    if (row < 9 and (column < 9 or column >= size - 8)) or (row >= size - 8 and column < 9):
        return True  # finder patterns, separators, format information (and the dark module)
    if row == 6 or column == 6:
        return True
    if version >= 7 and ((row < 6 and column >= size - 11) or (column < 6 and row >= size - 11)):
        return True
    centres = _ALIGNMENT[version]
    last = centres[-1] if centres else 0
    return any(
        abs(row - y) <= 2 and abs(column - x) <= 2
        for y in centres
        for x in centres
        if (y, x) not in ((6, 6), (6, last), (last, 6))
    )


@cache
def _data_positions(version: int) -> NDArray[np.intp]:
    """Flat indices of the data modules in the order bits are placed: two-module columns, zigzag up and down."""
    size = 17 + 4 * version
    order: list[int] = []
    column, upward = size - 1, True
    while column > 0:
        if column == 6:
            column -= 1
        for row in range(size - 1, -1, -1) if upward else range(size):
            order += [row * size + x for x in (column, column - 1) if not _is_function(version, row, x)]
        upward = not upward
        column -= 2
    positions = np.array(order, dtype=np.intp)
    positions.flags.writeable = False  # shared by every call (cached)
    return positions


def _codewords(data: bytes, version: int) -> bytes:
    ecc_length, blocks = _BLOCKS[version]
    capacity = sum(blocks)
    count_bits = 8 if version < 10 else 16
    bits = (0b0100 << count_bits | len(data)) << 8 * len(data) | int.from_bytes(data, "big")
    length = 4 + count_bits + 8 * len(data)
    terminator = min(4, 8 * capacity - length)
    bits, length = bits << terminator, length + terminator
    padding = 8 - length % 8  # as segno: a whole zero byte when already on a boundary (read as a terminator),
    stream = (bits << padding).to_bytes((length + padding) // 8, "big")[:capacity]  # unless the symbol is full
    stream += bytes(_PAD[index % 2] for index in range(capacity - len(stream)))
    pieces, start = [], 0
    for size in blocks:
        pieces.append(stream[start : start + size])
        start += size
    corrections = [_error_correction(piece, ecc_length) for piece in pieces]
    message = bytearray()
    for index in range(max(blocks)):
        message += bytes(piece[index] for piece in pieces if index < len(piece))
    for index in range(ecc_length):
        message += bytes(correction[index] for correction in corrections)
    return bytes(message)


def _version(data: bytes) -> int | None:
    """The smallest version whose data codewords hold the mode, length and address bits."""
    for version, (_ecc, blocks) in _BLOCKS.items():
        if 4 + (8 if version < 10 else 16) + 8 * len(data) <= 8 * sum(blocks):
            return version
    return None


@cache
def _base(version: int) -> bytes:
    """The flat matrix of an address whose codewords are all zero bits: everything but the data, masked.
    Taken from segno's code for some address of this version, with that address's data bits taken out."""
    sample = b"x" * (sum(_BLOCKS[version][1]) - (3 if version < 10 else 4))
    matrix = bytearray(
        b"".join(segno.make_qr(sample, error="m", boost_error=False, mask=4, mode="byte", version=version).matrix)
    )
    _flip(matrix, _codewords(sample, version), _data_positions(version))
    return bytes(matrix)


def _flip(matrix: bytearray, codewords: bytes, positions: NDArray[np.intp]) -> None:
    """Each module whose codeword bit is set flipped (bits in order, the first the highest of its byte): by numpy,
    as a loop over the ~600 set bits was a third of an address's time."""
    bits = np.unpackbits(np.frombuffer(codewords, dtype=np.uint8)).astype(bool)
    np.frombuffer(matrix, dtype=np.uint8)[positions[: len(bits)][bits]] ^= 1  # positions are distinct


def matrix(url: str) -> tuple[bytearray, ...]:
    """Rows of modules (1 = dark), as segno's `QRCode.matrix`."""
    data = url.encode()
    version = _version(data) if url.isascii() else None  # segno may write other text as Shift JIS, not UTF-8
    if version is None:
        return tuple(segno.make_qr(url, error="m", boost_error=False, mask=4, mode="byte").matrix)
    flat = bytearray(_base(version))
    _flip(flat, _codewords(data, version), _data_positions(version))
    size = 17 + 4 * version
    return tuple(flat[start : start + size] for start in range(0, size * size, size))
