"""Build every brief of the repository: `python build.py --help` explains the options.

The same command as the installed `briefkit` (and `python -m briefkit`), run in this folder.
"""

import sys

from briefkit.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="build.py"))
