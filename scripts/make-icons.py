#!/usr/bin/env python3
"""Draws Salesdeck's app icons (public/icons/*.png) with the standard library only.

The icon is the sidebar's brand mark: a white "S" (two round-capped arcs) on the
brand's blue gradient (#5c7cfa to #3b5bdb, top left to bottom right). Every pixel is
computed from geometry with 4x4 supersampling, so the same script always draws the
same pixels.

    python3 scripts/make-icons.py          # writes the PNGs
    python3 scripts/make-icons.py --check  # exits 1 if a committed PNG's pixels differ

`--check` compares decoded pixels, not bytes, so another zlib version cannot fail it.
"""

import math
import os
import struct
import sys
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public", "icons")

# name, size in pixels, corner radius as a fraction of the size (0: full bleed, for
# "maskable": the platform cuts its own shape, and the S stays inside the safe circle).
ICONS = [
    ("icon-192.png", 192, 0.22),
    ("icon-512.png", 512, 0.22),
    ("icon-maskable-512.png", 512, 0.0),
]

TOP_LEFT = (0x5C, 0x7C, 0xFA)
BOTTOM_RIGHT = (0x3B, 0x5B, 0xDB)
INK = (0xFF, 0xFF, 0xFF)

# The S in unit coordinates (y down): two circles touching at the centre.
R = 0.115
STROKE = 0.085
UPPER = (0.5, 0.5 - R)
LOWER = (0.5, 0.5 + R)
# Angle ranges in degrees (0 = right, 90 = down), drawn from the first to the second
# going clockwise on screen.
UPPER_ARC = (90.0, 335.0)  # bottom, left, top, to the upper right
LOWER_ARC = (-90.0, 155.0)  # top, right, bottom, to the lower left


def arc_distance(x, y, centre, arc):
    cx, cy = centre
    dx, dy = x - cx, y - cy
    a = math.degrees(math.atan2(dy, dx))
    start, end = arc
    rel = (a - start) % 360.0
    if rel <= end - start:
        return abs(math.hypot(dx, dy) - R)
    ends = []
    for t in (start, end):
        px = cx + R * math.cos(math.radians(t))
        py = cy + R * math.sin(math.radians(t))
        ends.append(math.hypot(x - px, y - py))
    return min(ends)


def in_s(x, y):
    d = min(arc_distance(x, y, UPPER, UPPER_ARC), arc_distance(x, y, LOWER, LOWER_ARC))
    return d <= STROKE / 2


def in_rounded_square(x, y, radius):
    if radius <= 0:
        return True
    nx = min(max(x, radius), 1 - radius)
    ny = min(max(y, radius), 1 - radius)
    return math.hypot(x - nx, y - ny) <= radius


def pixels(size, radius):
    n = 4  # supersampling per axis
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            cover = 0
            ink = 0
            for sy in range(n):
                for sx in range(n):
                    x = (px + (sx + 0.5) / n) / size
                    y = (py + (sy + 0.5) / n) / size
                    if in_rounded_square(x, y, radius):
                        cover += 1
                        if in_s(x, y):
                            ink += 1
            t = ((px + 0.5) / size + (py + 0.5) / size) / 2
            bg = [round(a + (b - a) * t) for a, b in zip(TOP_LEFT, BOTTOM_RIGHT)]
            if cover == 0:
                row += bytes((0, 0, 0, 0))
                continue
            k = ink / cover
            rgb = [round(b + (i - b) * k) for b, i in zip(bg, INK)]
            row += bytes(rgb + [round(255 * cover / (n * n))])
        rows.append(bytes(row))
    return rows


def png(size, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + r for r in rows)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def decoded(path):
    """The raw scanlines of a PNG this script wrote (filter byte 0 on every row)."""
    with open(path, "rb") as f:
        data = f.read()
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return zlib.decompress(idat)


def main():
    check = "--check" in sys.argv[1:]
    os.makedirs(OUT, exist_ok=True)
    stale = []
    for name, size, radius in ICONS:
        rows = pixels(size, radius)
        path = os.path.join(OUT, name)
        if check:
            expected = b"".join(b"\x00" + r for r in rows)
            if not os.path.exists(path) or decoded(path) != expected:
                stale.append(name)
        else:
            with open(path, "wb") as f:
                f.write(png(size, rows))
    if stale:
        print("stale icons (run python3 scripts/make-icons.py): " + ", ".join(stale))
        sys.exit(1)


if __name__ == "__main__":
    main()
