"""briefkit as an installed tool: a wheel in a fresh venv, used in a folder of its own.

One wheel is built and installed per test module (it takes about 20 s); the venv sees the
system's site-packages for the dependencies only, and each command runs without this checkout
on sys.path, so what is tested is what the wheel carries.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import PROJECT_DIR

from briefkit.outputs import pdf_fingerprint

COPIED = shutil.ignore_patterns(".git", "output", "build", "dist", "*.egg-info", "__pycache__", ".*cache", ".hypo*")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout, built from a copy so the checkout stays clean."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(PROJECT_DIR, source, ignore=COPIED)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work / "dist"), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return next((work / "dist").glob("briefkit-*.whl"))


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed: its bin/ folder."""
    root = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(root)], check=True, timeout=300
    )
    python = root / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)]
    subprocess.run(install, check=True, capture_output=True, timeout=300)
    return root / "bin"


def tool(bin_dir: Path, cwd: Path, *args: str, module: bool = False) -> subprocess.CompletedProcess:
    """Run the installed `briefkit` (or `python -m briefkit`) in `cwd`, this checkout off sys.path."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    command = [str(bin_dir / "python"), "-m", "briefkit"] if module else [str(bin_dir / "briefkit")]
    return subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_wheel_carries_the_bundled_theme_and_the_sample_project(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for name in (
        "briefkit/data/themes/default.yaml",
        "briefkit/data/project/briefkit.yaml",
        "briefkit/data/project/content/brief.md",
        "briefkit/data/project/content/figure.png",
        "briefkit/__main__.py",
    ):
        assert name in names
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "briefkit = briefkit.cli:entry" in entry_points


def test_the_venv_imports_briefkit_from_the_installed_wheel(venv, tmp_path):
    found = subprocess.run(
        [str(venv / "python"), "-c", "import briefkit; print(briefkit.__file__)"],
        cwd=tmp_path,
        env={key: value for key, value in os.environ.items() if key != "PYTHONPATH"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(found).is_relative_to(venv.parent), found


def test_init_then_build_then_check_in_a_folder_of_its_own(venv, tmp_path):
    made = tool(venv, tmp_path, "init", "project")
    assert made.returncode == 0, made.stderr
    project = tmp_path / "project"
    for name in ("briefkit.yaml", "content/brief.md", "content/figure.png", "assets/themes/default.yaml"):
        assert (project / name).is_file(), name
    assert (project / "assets" / "fonts").is_dir()

    built = tool(venv, project)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("content/brief.md -> output/brief.pdf (")
    written = sorted(path.name for path in (project / "output").iterdir() if not path.name.startswith("."))
    assert written == ["brief-flow-1.png", "brief-flow-1.svg", "brief.pdf", "brief.pptx"]

    checked = tool(venv, project, "--check", module=True)
    assert (checked.returncode, checked.stdout.strip()) == (
        0,
        "content/brief.md: in sync with output/brief.pdf, output/brief.pptx",
    ), checked.stderr
    assert tool(venv, project).stdout.strip() == "content/brief.md: up to date"


def test_the_sample_brief_shows_every_feature_in_both_outputs(venv, tmp_path):
    from pptx import Presentation
    from pypdf import PdfReader

    assert tool(venv, tmp_path, "init").returncode == 0
    assert tool(venv, tmp_path).returncode == 0
    pdf = " ".join(page.extract_text() for page in PdfReader(tmp_path / "output" / "brief.pdf").pages)
    for text in ("UNCLASSIFIED", "A subsection", "Key figures", "Munitions", "A figure with its caption", "Supplier"):
        assert text in pdf, text
    deck = Presentation(str(tmp_path / "output" / "brief.pptx"))
    kinds = {
        "table" if shape.has_table else "picture" if shape.shape_type == 13 else "other"
        for slide in deck.slides
        for shape in slide.shapes
    }
    assert {"table", "picture"} <= kinds


def test_a_file_named_outside_the_project_is_built_into_the_projects_output(venv, tmp_path):
    assert tool(venv, tmp_path, "init", "elsewhere").returncode == 0
    here = tmp_path / "here"
    here.mkdir()
    built = tool(venv, here, str(tmp_path / "elsewhere" / "content" / "brief.md"), "--only", "pdf")
    assert built.returncode == 0, built.stderr
    assert (here / "output" / "brief.pdf").is_file()
    assert not (tmp_path / "elsewhere" / "output" / "brief.pdf").exists()


def test_exit_codes_in_an_empty_folder_and_with_a_bad_settings_file(venv, tmp_path):
    empty = tool(venv, tmp_path)
    assert empty.returncode == 2 and "no content files" in empty.stderr and "briefkit init" in empty.stderr
    assert tool(venv, tmp_path, "init").returncode == 0
    again = tool(venv, tmp_path, "init")
    assert again.returncode == 2 and "briefkit.yaml: already exists" in again.stderr
    (tmp_path / "briefkit.yaml").write_text("theme: default\noutptu: build\n")
    bad = tool(venv, tmp_path)
    assert (bad.returncode, bad.stderr.strip()) == (
        2,
        "briefkit.yaml:2: unknown project settings key 'outptu' (hint: did you mean 'output'?)",
    )
    conflict = tool(venv, tmp_path, "--check", "--watch")
    assert conflict.returncode == 2 and "--check and --watch cannot be used together" in conflict.stderr


def test_the_settings_choose_the_output_folder_classification_and_theme(venv, tmp_path):
    from pypdf import PdfReader

    assert tool(venv, tmp_path, "init").returncode == 0
    (tmp_path / "assets" / "themes" / "wide.yaml").write_text("margin_mm: 10\n")
    (tmp_path / "briefkit.yaml").write_text("theme: wide\noutput: build/briefs\nclassification: RESTRICTED\n")
    built = tool(venv, tmp_path, "--only", "pdf")
    assert built.returncode == 0, built.stderr
    pdf = tmp_path / "build" / "briefs" / "brief.pdf"
    assert "RESTRICTED" in PdfReader(pdf).pages[0].extract_text()
    (tmp_path / "briefkit.yaml").write_text("theme: wdie\n")
    typo = tool(venv, tmp_path)
    assert (typo.returncode, typo.stderr.strip()) == (
        2,
        "briefkit.yaml:1: theme 'wdie' not found (hint: did you mean 'wide'?)",
    )


def test_editing_the_projects_copy_of_the_default_theme_changes_the_outputs(venv, tmp_path):
    assert tool(venv, tmp_path, "init").returncode == 0
    assert tool(venv, tmp_path, "--only", "pdf").returncode == 0
    before = pdf_fingerprint(tmp_path / "output" / "brief.pdf")
    theme = tmp_path / "assets" / "themes" / "default.yaml"
    theme.write_text(theme.read_text().replace("page_size: A4", "page_size: Letter"))
    rebuilt = tool(venv, tmp_path, "--only", "pdf")
    assert "up to date" not in rebuilt.stdout
    from pypdf import PdfReader

    page = PdfReader(tmp_path / "output" / "brief.pdf").pages[0]
    assert (round(float(page.mediabox.width)), pdf_fingerprint(tmp_path / "output" / "brief.pdf") != before) == (
        612,
        True,
    )


def test_completion_scripts_for_bash_and_zsh(venv, tmp_path):
    bash = tool(venv, tmp_path, "--print-completion", "bash")
    assert bash.returncode == 0 and "complete" in bash.stdout and "--only" in bash.stdout
    zsh = tool(venv, tmp_path, "--print-completion", "zsh")
    assert zsh.returncode == 0 and zsh.stdout.startswith("#compdef briefkit") and "--check" in zsh.stdout
