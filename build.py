"""Build every brief: `python build.py --help` explains the options."""

import sys

from briefkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
