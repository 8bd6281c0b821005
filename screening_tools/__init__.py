"""Frontline Screening core: pure Python, never imports Qt.

The GUI (``desktop``) and the CLI (``screening_tools.cli``) talk only to
:mod:`screening_tools.service`.
"""

__version__ = "0.1.0"
