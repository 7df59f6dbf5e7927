#!/usr/bin/env python3
"""Writes the seed inputs of the pack_entry, delta and pack_reader fuzz targets
(fuzz/corpus/NAME/): small valid pack entries, deltas and packs built here from
synthetic text, in the layout each target reads (see the targets' headers)."""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def size_varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def entry_header(kind, size):
    first = (kind << 4) | (size & 15)
    size >>= 4
    out = bytearray()
    out.append(first | (0x80 if size else 0))
    while size:
        b = size & 0x7F
        size >>= 7
        out.append(b | (0x80 if size else 0))
    return bytes(out)


def ofs_distance(d):
    out = [d & 0x7F]
    d >>= 7
    while d:
        d -= 1
        out.append(0x80 | (d & 0x7F))
        d >>= 7
    return bytes(reversed(out))


def delta(base, result):
    """A delta copying the common prefix and suffix of base, inserting the middle."""
    p = 0
    while p < min(len(base), len(result)) and base[p] == result[p]:
        p += 1
    s = 0
    while s < min(len(base), len(result)) - p and base[-1 - s] == result[-1 - s]:
        s += 1
    out = bytearray(size_varint(len(base)) + size_varint(len(result)))

    def copy(off, n):
        cmd, args = 0x80, bytearray()
        for i in range(4):
            if (off >> (8 * i)) & 0xFF:
                cmd |= 1 << i
                args.append((off >> (8 * i)) & 0xFF)
        for i in range(3):
            if (n >> (8 * i)) & 0xFF:
                cmd |= 1 << (4 + i)
                args.append((n >> (8 * i)) & 0xFF)
        out.append(cmd)
        out.extend(args)

    if p:
        copy(0, p)
    mid = result[p:len(result) - s]
    for i in range(0, len(mid), 127):
        chunk = mid[i:i + 127]
        out.append(len(chunk))
        out.extend(chunk)
    if s:
        copy(len(base) - s, s)
    return bytes(out)


def write(name, file, data):
    d = os.path.join(HERE, "corpus", name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, file), "wb") as f:
        f.write(data)


base = b"".join(b"line %d of a synthetic file\n" % i for i in range(40))
edited = base.replace(b"line 7 ", b"line seven, edited, ") + b"appended line\n"
d = delta(base, edited)

write("pack_entry", "blob", b"\x00\x00" + entry_header(3, len(base)) + zlib.compress(base))
write("pack_entry", "ofs_delta",
      b"\x00\x10" + entry_header(6, len(d)) + ofs_distance(1000) + zlib.compress(d))
write("pack_entry", "ref_delta",
      b"\x00\x00" + entry_header(7, len(d)) + bytes(range(20)) + zlib.compress(d))
write("pack_entry", "empty_blob", b"\x00\x00" + entry_header(3, 0) + zlib.compress(b""))

write("delta", "edit", struct.pack("<H", len(base)) + base + d)
write("delta", "from_empty", struct.pack("<H", 0) + delta(b"", b"all inserted text\n"))

# pack_reader: count byte, one u16 offset (little-endian, minus 12) per object, then
# the bytes after the 12-byte pack header: a blob, an ofs_delta on it, a ref_delta on
# object 1 (made-up id: 16 * i in its first byte, 1 in its last).
blob = entry_header(3, len(base)) + zlib.compress(base)
ofs = entry_header(6, len(d)) + ofs_distance(len(blob)) + zlib.compress(d)
ref_id = bytes([16]) + bytes(18) + b"\x01"
edited2 = edited + b"one more line\n"
ref = entry_header(7, len(delta(edited, edited2))) + ref_id + zlib.compress(delta(edited, edited2))
body = blob + ofs + ref
offsets = [12, 12 + len(blob), 12 + len(blob) + len(ofs)]
write("pack_reader", "chain",
      bytes([len(offsets) - 1]) + b"".join(struct.pack("<H", o - 12) for o in offsets) + body)
