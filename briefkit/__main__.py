"""`python -m briefkit`: the same command as `briefkit`."""

import sys

from .cli import main

sys.exit(main())
