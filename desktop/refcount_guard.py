"""A guard against a reference-counting bug in PySide6 6.12.0 on Python 3.11.

With that pair, every call from Python of a Qt method that returns nothing (``setText``,
``update``, ``processEvents``, ``beginResetModel``...) drops one reference to ``None``, and some
calls drop one to ``True`` or ``False``. Python 3.12 made these objects immortal, which hides the
bug there; on 3.11 their counts fall with use until the interpreter aborts with "none_dealloc:
deallocating None" (after a few thousand such calls beyond the references the program holds).

``protect_singletons()`` gives the three objects a large number of extra references, so they can
never reach zero: what Python 3.12 does by design. It does nothing on Python 3.12 or later.
The right fix is an environment without the bug (Python 3.12+, or a PySide6 release that fixes
it); this only keeps a long session or test run alive until then.
"""

from __future__ import annotations

import ctypes
import sys

SPARE_REFERENCES = 1 << 40  # far more than any session can drop; the field is 64 bits wide


def protect_singletons() -> bool:
    """Return True when the counts were raised (CPython before 3.12), False otherwise."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for obj in (None, True, False):
        # CPython's object header starts with the reference count (Py_ssize_t) at id(obj).
        count = ctypes.c_ssize_t.from_address(id(obj))
        if count.value < SPARE_REFERENCES:
            count.value += SPARE_REFERENCES
    return True
