"""Draws the app's icon, resources/icon/sotay-cns.png (256 px): a notebook on the red of the
national flag, with 'CNS' in the flag's yellow. Run it again after changing the drawing:

    .venv/bin/python build/make_icon.py

build/windows/build.sh asks `make_icon.py --ico OUT.ico` for the icon of the installer and the
program, and `--wizard OUT.bmp` for the picture beside the installer's first and last pages.
The dashboard's tab icon, central/web/static/favicon.ico, is `--favicon` (committed: the
service's wheel has no Pillow)."""

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
RED, YELLOW, WHITE, LINE = "#DA251D", "#FFDE00", "#FFFFFF", "#F2B8B5"


def draw(size: int = 1024) -> Image.Image:
    s = size / 256
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((8 * s, 8 * s, 248 * s, 248 * s), radius=44 * s, fill=RED)
    # The notebook: a white page with a spine and ruled lines.
    d.rounded_rectangle((58 * s, 40 * s, 198 * s, 176 * s), radius=10 * s, fill=WHITE)
    d.rectangle((58 * s, 40 * s, 76 * s, 176 * s), fill=LINE)
    for y in (76, 100, 124, 148):
        d.line((90 * s, y * s, 184 * s, y * s), fill=LINE, width=round(6 * s))
    font = ImageFont.truetype(str(ROOT / "resources/fonts/NotoSans-Bold.ttf"), round(64 * s))
    d.text((128 * s, 214 * s), "CNS", font=font, fill=YELLOW, anchor="mm")
    return img


def wizard(out: Path) -> None:
    """NSIS's welcome/finish picture: 164x314, the icon on the flag's red."""
    page = Image.new("RGB", (164, 314), RED)
    icon = draw().resize((116, 116), Image.Resampling.LANCZOS)
    page.paste(icon, (24, 40), icon)
    d = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(ROOT / "resources/fonts/NotoSans-Bold.ttf"), 22)
    d.text((82, 190), "Sổ tay CNS", font=font, fill=WHITE, anchor="mm")
    page.save(out, format="BMP")


def ico(out: Path) -> None:
    """The Windows icon of the program and its shortcuts, every size Explorer asks for."""
    sizes = [(s, s) for s in (16, 20, 24, 32, 40, 48, 64, 128, 256)]
    Image.open(ROOT / "resources/icon/sotay-cns.png").save(out, sizes=sizes)


def favicon(out: Path) -> None:
    """The dashboard's tab icon: the sizes a browser's tab and bookmarks use, a few KB."""
    sizes = [(s, s) for s in (16, 32, 48)]
    Image.open(ROOT / "resources/icon/sotay-cns.png").save(out, sizes=sizes)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--favicon"]:
        favicon(Path(sys.argv[2]))
        raise SystemExit
    if sys.argv[1:2] == ["--wizard"]:
        wizard(Path(sys.argv[2]))
        raise SystemExit
    if sys.argv[1:2] == ["--ico"]:
        ico(Path(sys.argv[2]))
        raise SystemExit
    out = ROOT / "resources/icon/sotay-cns.png"
    draw().resize((256, 256), Image.Resampling.LANCZOS).save(out, optimize=True)
    print(out.relative_to(ROOT), out.stat().st_size, "bytes")
