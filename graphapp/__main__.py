"""Entry point for ``python -m graphapp``."""

import sys

from graphapp.cli import main

sys.exit(main())
