"""Image checks and preparation: a picture's file in, a located error or drawable bytes out.

`check_image` runs before rendering so both outputs fail the same way: SVG files that cannot be
drawn, files that are not images or are truncated, and decompression bombs (more pixels than any
page or slide could show) are refused with the brief's line; `image_problem` is the same check
for any file (a theme's logo). `drawable` hands both renderers the same raster picture: a JPEG's
EXIF orientation applied (cameras store portraits sideways and say so in EXIF), and formats the
deck cannot embed (WebP, BMP, TIFF) converted to PNG.
"""

from __future__ import annotations

import functools
import io
import warnings
from pathlib import Path

from ..errors import ContentError
from ..model import Image
from .svg import is_svg, svg_drawing

MAX_PIXELS = 40_000_000
FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")
EMBEDDED = ("PNG", "JPEG", "GIF")  # what both reportlab and PowerPoint take as they are
ORIENTATION = 0x0112  # the EXIF tag


def check_image(image: Image, brief: Path) -> None:
    """Raise a located ContentError unless `image` is a raster image of sane size."""
    found = image_problem(image.path)
    if found:
        raise ContentError.at(brief, image.line, *found)


def image_problem(path: Path) -> tuple[str, str] | None:
    """(message, hint) saying why no renderer could draw the file at `path`, or None if one can."""
    from PIL import Image as PILImage

    try:
        with open(path, "rb") as handle:
            handle.read(1)
    except OSError as exc:
        return f"image '{path.name}' cannot be read: {exc.strerror or exc}", "check the file"
    if is_svg(path):
        try:
            svg_drawing(path)
        except Exception as exc:  # lxml and svglib raise many kinds for broken files
            return f"SVG image '{path.name}' cannot be drawn: {exc}", "re-export it as PNG"
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            picture = PILImage.open(path)
        with picture:
            width, height = picture.size
            if width * height > MAX_PIXELS:
                return _too_large(path, f"{width}×{height} pixels")
            if picture.format not in FORMATS:
                return f"image '{path.name}' has unsupported format {picture.format}", "re-export it as PNG or JPEG"
            picture.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):  # far above MAX_PIXELS
        return _too_large(path, f"over {PILImage.MAX_IMAGE_PIXELS // 1_000_000} megapixels")
    except Exception as exc:  # Pillow raises many types for broken files
        return f"image '{path.name}' cannot be read: {exc}", "re-export it as PNG or JPEG"
    return None


def natural_size(path: Path) -> tuple[float, float]:
    """An image's width and height as drawn upright: pixels for a raster image (a quarter turn
    in its EXIF swaps them), points for an SVG."""
    if is_svg(path):
        drawing = svg_drawing(path)
        return drawing.width, drawing.height
    from PIL import Image as PILImage

    with PILImage.open(path) as picture:
        width, height = picture.size
        turned = picture.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8)
    return (height, width) if turned else (width, height)


def _too_large(path: Path, size: str) -> tuple[str, str]:
    """The problem of an image with more pixels than any page or slide could show."""
    return f"image '{path.name}' is {size}, too large to place", f"scale it below {MAX_PIXELS // 1_000_000} megapixels"


def drawable(path: Path) -> str | io.BytesIO:
    """What a renderer should read for the picture at `path` (checked by `check_image`).

    The path itself when the file can be embedded as it is; otherwise the picture upright and
    as PNG (JPEG for a turned JPEG, so a photograph stays a photograph), made once per file.
    """
    stat = path.stat()
    data = _upright(str(path), stat.st_size, stat.st_mtime_ns)
    return str(path) if data is None else io.BytesIO(data)


@functools.lru_cache(maxsize=32)
def _upright(path: str, _size: int, _mtime: int) -> bytes | None:
    from PIL import Image as PILImage
    from PIL import ImageOps

    with PILImage.open(path) as picture:
        turned = picture.getexif().get(ORIENTATION, 1) not in (0, 1)
        if picture.format in EMBEDDED and not turned:
            return None
        source_format = picture.format
        upright = ImageOps.exif_transpose(picture)
    out = io.BytesIO()
    if source_format == "JPEG":
        upright.save(out, "JPEG", quality=95)
    else:
        if upright.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            upright = upright.convert("RGBA")
        upright.save(out, "PNG")
    return out.getvalue()
