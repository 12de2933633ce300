"""Render resources/icons/officer-declare.svg into the icons the installers need, with Qt's own SVG renderer.

    python installer/icons.py OUT_FOLDER

writes OUT_FOLDER/hicolor/<n>x<n>/apps/officer-declare.png for the usual sizes of the freedesktop icon theme
(16 … 512), OUT_FOLDER/hicolor/scalable/apps/officer-declare.svg, and OUT_FOLDER/officer-declare.ico (16 … 256, PNG
entries, for the Windows executable and installer). A build tool, not part of the program: it runs with the build's
Python and PySide6 (offscreen, no display needed).
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "officer-declare.svg"
NAME = "officer-declare"
THEME_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"Qt cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An .ico of PNG-compressed entries (Windows Vista and later read them at every size)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, payload = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an icon directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(payload))
        payload += png
    return header + entries + payload


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    pngs = {size: render(size) for size in sorted(set(THEME_SIZES) | set(ICO_SIZES))}
    for size in THEME_SIZES:
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
    scalable = out / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable)
    (out / f"{NAME}.ico").write_bytes(ico({size: pngs[size] for size in ICO_SIZES}))
    del app
    print(f"icons: {len(THEME_SIZES)} sizes and {NAME}.ico in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
