"""Entry point of the frozen GUI (``frontline-screening``): the same as the console script."""

import sys

from desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
