"""Entry point of the frozen CLI (``screening``), as the console script. Never imports Qt."""

import sys

from screening_tools.cli import main

if __name__ == "__main__":
    sys.exit(main())
