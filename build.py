"""Build every brief of the repository: `python build.py --help` explains the options.

The same command as the installed `briefkit` (and `python -m briefkit`), run in this folder.
"""

from briefkit.cli import entry

if __name__ == "__main__":
    entry(prog="build.py")
