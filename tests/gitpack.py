"""Encoders for git's pack format, shared by the tests that write hostile packs by hand
(tests/pack_e2e.py) and the script that writes the pack fuzz targets' seeds
(fuzz/make_git_seeds.py). Formats: git's Documentation/gitformat-pack.txt."""

BLOB, OFS_DELTA, REF_DELTA = 3, 6, 7


def size_varint(n):
    """A delta header's size: 7 bits a byte, least significant first."""
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def entry_header(kind, size):
    """A pack entry's type and inflated size: 4 bits of size in the first byte."""
    first = (kind << 4) | (size & 15)
    size >>= 4
    out = bytearray([first | (0x80 if size else 0)])
    while size:
        b = size & 0x7F
        size >>= 7
        out.append(b | (0x80 if size else 0))
    return bytes(out)


def ofs_distance(d):
    """An offset delta's distance back to its base (most significant first, +1 a byte)."""
    out = [d & 0x7F]
    d >>= 7
    while d:
        d -= 1
        out.append(0x80 | (d & 0x7F))
        d >>= 7
    return bytes(reversed(out))


def _insert(out, data):
    for i in range(0, len(data), 127):
        chunk = data[i:i + 127]
        out.append(len(chunk))
        out.extend(chunk)


def _copy(out, off, n):
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


def insert_delta(base_len, data):
    """A delta that copies nothing and inserts `data` (at most 127 bytes a command)."""
    out = bytearray(size_varint(base_len) + size_varint(len(data)))
    _insert(out, data)
    return bytes(out)


def delta(base, result):
    """A delta copying the common prefix and suffix of base, inserting the middle."""
    p = 0
    while p < min(len(base), len(result)) and base[p] == result[p]:
        p += 1
    s = 0
    while s < min(len(base), len(result)) - p and base[-1 - s] == result[-1 - s]:
        s += 1
    out = bytearray(size_varint(len(base)) + size_varint(len(result)))
    if p:
        _copy(out, 0, p)
    _insert(out, result[p:len(result) - s])
    if s:
        _copy(out, len(base) - s, s)
    return bytes(out)
