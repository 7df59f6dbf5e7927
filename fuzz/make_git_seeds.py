#!/usr/bin/env python3
"""Writes the seed inputs of the pack_entry, delta and pack_reader fuzz targets
(fuzz/corpus/NAME/): small valid pack entries, deltas and packs built here from
synthetic text, in the layout each target reads (see the targets' headers)."""
import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from gitpack import delta, entry_header, ofs_distance  # noqa: E402


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
