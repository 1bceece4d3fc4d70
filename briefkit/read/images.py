"""Image checks: a figure's file in, a located error out when no renderer could draw it.

Run before rendering so both outputs fail the same way: SVG files that cannot be drawn,
files that are not images or are truncated, and decompression bombs (more pixels than any
page or slide could show) are refused with the brief's line.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from ..errors import ContentError
from ..model import Image
from .svg import is_svg, svg_drawing

MAX_PIXELS = 40_000_000
FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")


def check_image(image: Image, brief: Path) -> None:
    """Raise a located ContentError unless `image` is a raster image of sane size."""
    from PIL import Image as PILImage

    if is_svg(image.path):
        try:
            svg_drawing(image.path)
        except Exception as exc:  # lxml and svglib raise many kinds for broken files
            raise ContentError.at(
                brief, image.line, f"SVG image '{image.path.name}' cannot be drawn: {exc}", "re-export it as PNG"
            ) from None
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            picture = PILImage.open(image.path)
        with picture:
            width, height = picture.size
            if width * height > MAX_PIXELS:
                raise _too_large(image, brief, f"{width}×{height} pixels")
            if picture.format not in FORMATS:
                raise ContentError.at(
                    brief, image.line, f"image '{image.path.name}' has unsupported format {picture.format}"
                )
            picture.load()
    except ContentError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):  # far above MAX_PIXELS
        raise _too_large(image, brief, f"over {PILImage.MAX_IMAGE_PIXELS // 1_000_000} megapixels") from None
    except Exception as exc:  # Pillow raises many types for broken files
        raise ContentError.at(
            brief, image.line, f"image '{image.path.name}' cannot be read: {exc}", "re-export it as PNG or JPEG"
        ) from None


def _too_large(image: Image, brief: Path, size: str) -> ContentError:
    """The error for an image with more pixels than any page or slide could show."""
    return ContentError.at(
        brief,
        image.line,
        f"image '{image.path.name}' is {size}, too large to place",
        f"scale it below {MAX_PIXELS // 1_000_000} megapixels",
    )
