"""Where things are: the project (the folder briefkit runs in) and the assets bundled with briefkit.

Out: folder and file paths only; the standard library only, so the instant up-to-date check can
use them. The project's assets/ extends (and, name for name, overrides) the bundled assets,
which the package carries as data (briefkit/data/), so an installed briefkit needs no checkout.
"""

from pathlib import Path

PROJECT_DIR = Path.cwd()  # the project: the folder briefkit runs in
ASSETS_DIR = PROJECT_DIR / "assets"  # the project's own themes, fonts, logos and images
THEMES_DIR = ASSETS_DIR / "themes"
BUNDLED_DIR = Path(__file__).resolve().parent / "data"  # installed with the package
BUNDLED_THEMES_DIR = BUNDLED_DIR / "themes"
DEFAULT_THEME = BUNDLED_THEMES_DIR / "default.yaml"
