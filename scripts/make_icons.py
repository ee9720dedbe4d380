"""Draw Befriend's app icons (the same mark as static/icons/icon.svg) as PNGs, in plain Python.

Run `python scripts/make_icons.py` after changing the mark; the PNGs are committed. No imaging
library is needed: each pixel's coverage comes from its distance to the shape's edge.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
GREEN = (0x3F, 0x6B, 0x5E)
CREAM = (0xF6, 0xF4, 0xEF)


def coverage(distance: float) -> float:
    """How much of a pixel lies inside an edge at `distance` (negative: inside)."""
    return min(1.0, max(0.0, 0.5 - distance))


def rounded_square(x: float, y: float, size: float, radius: float) -> float:
    """Signed distance to a square of side `size` with rounded corners."""
    half = size / 2
    qx, qy = abs(x - half) - (half - radius), abs(y - half) - (half - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def mark(x: float, y: float, centre: float, unit: float) -> float:
    """Coverage of the cream mark: a dot inside a dashed ring (units of the 64 px SVG)."""
    r = math.hypot(x - centre, y - centre)
    dot = coverage(r - 9 * unit)
    ring = coverage(abs(r - 19 * unit) - 1.5 * unit)
    # Ten dashes round the ring, like the SVG's stroke-dasharray.
    angle = (math.atan2(y - centre, x - centre) + math.pi) / (2 * math.pi) * 20
    along = (abs((angle % 2) - 1) - 0.5) * (2 * math.pi * 19 * unit / 20)
    return max(dot, ring * coverage(-along))


def draw(size: int, maskable: bool, rounded: bool) -> bytes:
    """RGBA rows; a maskable icon is full-bleed with the mark inside the central safe zone."""
    unit = size / 64 * (0.75 if maskable else 1.0)
    rows = bytearray()
    for py in range(size):
        rows.append(0)
        for px in range(size):
            x, y = px + 0.5, py + 0.5
            if rounded:
                alpha = coverage(rounded_square(x, y, size, 14 * size / 64))
            else:
                alpha = 1.0
            t = mark(x, y, size / 2, unit)
            colour = [round(g + (c - g) * t) for g, c in zip(GREEN, CREAM, strict=True)]
            rows.extend(colour + [round(255 * alpha)])
    return bytes(rows)


def png(size: int, pixels: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b""))


# name, size, maskable (safe-zone mark, full bleed), rounded corners (transparent outside)
OUTPUTS = (
    ("icon-192.png", 192, False, True),
    ("icon-512.png", 512, False, True),
    ("icon-maskable-512.png", 512, True, False),
    ("apple-touch-icon.png", 180, False, False),
)


def main() -> None:
    for name, size, maskable, rounded in OUTPUTS:
        (ICONS / name).write_bytes(png(size, draw(size, maskable, rounded)))
        print(f"wrote static/icons/{name}")


if __name__ == "__main__":
    main()
