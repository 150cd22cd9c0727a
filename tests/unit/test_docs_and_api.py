import importlib.util
import sys
from pathlib import Path

import eva_core
from eva_core import RULES

ROOT = Path(__file__).parents[2]


def _format_table():
    spec = importlib.util.spec_from_file_location("_format_table", ROOT / "docs" / "_format_table.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["_format_table"] = module
    spec.loader.exec_module(module)
    return module


def test_the_format_doc_holds_the_current_generated_tables():
    """Run `python docs/_format_table.py --write` when this fails."""
    table = _format_table()

    assert table.render_all().strip("\n") == table.generated_block(table.DOC.read_text(encoding="utf-8"))


def test_every_rule_is_documented_for_a_field():
    mentioned = _format_table().render()

    every_field = {"type", "unknown-field", "unknown-choice", "control-character", "surrogate", "bidi-control"}
    assert set(RULES) - every_field <= {c for c in RULES if c in mentioned}


def test_public_names_are_exactly_all():
    assert sorted(eva_core.__all__) == sorted(set(eva_core.__all__))
    assert all(hasattr(eva_core, name) for name in eva_core.__all__)
    assert {*eva_core.__all__, "__version__"} == set(dir(eva_core))


def test_version_is_read_lazily():
    assert eva_core.__version__.count(".") >= 1
