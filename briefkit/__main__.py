"""`python -m briefkit`: the same command as `briefkit`."""

from .cli import entry

entry()
