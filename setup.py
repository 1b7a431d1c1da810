"""The optional C extension (cleaner/_kernel.c) only; everything else is in pyproject.toml.

optional=True: where no C compiler is found the install still succeeds, and cleaner/lines.py and
cleaner/rules.py run the Python definitions of the same passes.
"""
from setuptools import Extension, setup

setup(ext_modules=[Extension("cleaner._kernel", ["cleaner/_kernel.c"], optional=True)])
