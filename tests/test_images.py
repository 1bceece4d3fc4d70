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


def drawn_pictures(out) -> list[tuple[float, float]]:
    """(width, height) in points of every picture on the deck's slides."""
    return [
        (shape.width / 12700, shape.height / 12700)
        for slide in Presentation(out / "brief.pptx").slides
        for shape in slide.shapes
        if shape.shape_type == 13
    ]


@pytest.mark.parametrize("pixels", [(16, 16), (60, 24), (200, 90)])
def test_a_small_picture_is_not_blown_up_to_fill_its_slide(write_brief, tmp_path, pixels):
    """A raster picture is drawn at most two points a pixel (twice its size on a projector),
    in the report at most one point a pixel."""
    Image.new("RGB", pixels, "teal").save(tmp_path / "icon.png")
    brief = write_brief("# Icon\n\n![A small icon](icon.png)\n\n# Captioned\n\nWords.\n\n![](icon.png)\n")
    build(brief, tmp_path / "out")
    drawn = drawn_pictures(tmp_path / "out")
    assert len(drawn) == 2
    for width, height in drawn:
        assert width == pytest.approx(2 * pixels[0], abs=0.01) and height == pytest.approx(2 * pixels[1], abs=0.01)


def test_a_large_picture_still_fills_its_slide_s_body(write_brief, tmp_path):
    Image.new("RGB", (3000, 2000), "teal").save(tmp_path / "map.png")
    build(write_brief("# Map\n\n![A map](map.png)\n"), tmp_path / "out")
    ((width, height),) = drawn_pictures(tmp_path / "out")
    assert width > 400 and height > 300 and width / height == pytest.approx(1.5, rel=0.01)


def test_a_turned_photo_drawn_inline_is_upright_in_the_report(write_brief, tmp_path):
    """The same photograph as above, inside a table: drawn inline beside the text, upright."""
    photo = Image.new("RGB", (120, 60), "white")
    photo.paste((200, 30, 30), (0, 0, 20, 60))
    exif = Image.Exif()
    exif[0x0112] = 6
    photo.save(tmp_path / "photo.jpg", "JPEG", exif=exif.tobytes(), quality=95)
    brief = write_brief("# Photo\n\n| Who | Portrait |\n|---|---|\n| A person | ![portrait](photo.jpg) |\n")
    build(brief, tmp_path / "out", formats=("pdf",))
    (image,) = [image for page in pypdf.PdfReader(tmp_path / "out" / "brief.pdf").pages for image in page.images]
    width, height = image.image.size
    assert (width, height) == (60, 120)
    red, green, blue = image.image.convert("RGB").getpixel((width // 2, 5))[:3]
    assert red > 150 and green < 100 and blue < 100  # the band at the top, as the photo is shown
