"""Runs the Python examples in docs/*.md as tests (Sybil), so the docs cannot drift from the code."""

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

_parsers = [PythonCodeBlockParser(), SkipParser()]
pytest_collect_file = (
    Sybil(parsers=_parsers, patterns=["*.md"], path="docs") + Sybil(parsers=_parsers, patterns=["README.md"])
).pytest()
