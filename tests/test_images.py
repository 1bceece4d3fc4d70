"""Pictures look the same in both outputs: upright by their EXIF orientation, WebP included.

A camera stores a portrait photograph as a landscape picture and an EXIF tag saying "turn me";
the report and the deck must both show it upright. WebP (listed as supported) must build.
"""

from __future__ import annotations

import io

import pypdf
import pytest
from PIL import Image
from pptx import Presentation

from briefkit.pipeline import build


def placed_sizes(out) -> tuple[tuple[int, int], tuple[int, int]]:
    """(pixel size of the picture in the PDF, pixel size of the picture in the deck)."""
    pdf_images = [image for page in pypdf.PdfReader(out / "brief.pdf").pages for image in page.images]
    deck_images = [
        shape.image
        for slide in Presentation(out / "brief.pptx").slides
        for shape in slide.shapes
        if shape.shape_type == 13
    ]
    assert len(pdf_images) == 1 and len(deck_images) == 1
    return pdf_images[0].image.size, Image.open(io.BytesIO(deck_images[0].blob)).size


def test_a_photo_with_exif_orientation_is_upright_in_both_outputs(write_brief, tmp_path):
    photo = Image.new("RGB", (120, 60), "white")
    photo.paste((200, 30, 30), (0, 0, 20, 60))  # a red band at the stored picture's left edge
    exif = Image.Exif()
    exif[0x0112] = 6  # turn 90° clockwise to show
    photo.save(tmp_path / "photo.jpg", "JPEG", exif=exif.tobytes(), quality=95)
    brief = write_brief("# Photo\n\n![A portrait](photo.jpg)\n")
    build(brief, tmp_path / "out")
    pdf_size, deck_size = placed_sizes(tmp_path / "out")
    assert pdf_size == (60, 120) and deck_size == (60, 120)


@pytest.mark.parametrize("fmt", ["WEBP", "BMP", "TIFF"])
def test_webp_and_other_listed_formats_build_in_both_outputs(write_brief, tmp_path, fmt):
    Image.new("RGB", (80, 40), "teal").save(tmp_path / f"pic.{fmt.lower()}", fmt)
    brief = write_brief(f"# Picture\n\n![A picture](pic.{fmt.lower()})\n")
    build(brief, tmp_path / "out")
    assert placed_sizes(tmp_path / "out") == ((80, 40), (80, 40))
