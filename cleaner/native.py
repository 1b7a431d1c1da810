"""The compiled versions of hot passes (cleaner/_kernel.c), when pip could build them.

Each has a Python definition beside its caller, which tests hold equal to it; without a C
compiler at install time, or with NEWSCLEAN_PURE_PYTHON=1, the Python definitions run.
"""
from __future__ import annotations

import os


def compiled(name: str):
    """The C function `name`, or None when the Python definition must run."""
    if os.environ.get("NEWSCLEAN_PURE_PYTHON"):
        return None
    try:
        from . import _kernel
    except ImportError:
        return None
    return getattr(_kernel, name, None)  # a kernel built before `name` was added: Python runs
