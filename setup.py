"""Builds cleaner's native kernels (Cython); each has a pure-Python twin that tests compare it with."""

from pathlib import Path

from Cython.Build import cythonize
from setuptools import setup

setup(ext_modules=cythonize(sorted(str(path) for path in Path("cleaner/_speedups").glob("*.pyx")), language_level=3))
