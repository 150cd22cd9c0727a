import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import eva_core
from eva_core.domain import RULES

ROOT = Path(__file__).parents[2]


def _docs_script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _format_table():
    return _docs_script("_format_table")


def test_the_format_doc_holds_the_current_generated_tables():
    """Run `python docs/_format_table.py --write` when this fails."""
    table = _format_table()

    assert table.render_all().strip("\n") == table.generated_block(table.DOC.read_text(encoding="utf-8"))


def test_the_limits_page_holds_the_current_generated_tables():
    """Run `python docs/_limits_page.py --write` when this fails."""
    page = _docs_script("_limits_page")

    assert page.render_all().strip("\n") == page.generated_block(page.DOC.read_text(encoding="utf-8"))


def test_the_limits_page_lists_every_error_and_every_rule_with_a_limit():
    page = _docs_script("_limits_page")
    said = page.render_all()

    assert all(f"`{cls.__name__}`" in said for cls in page._error_classes())
    limits = {"too-long", "id-format", "negative", "too-large", "cents", "score-range", "required"}
    limits |= {"control-character", "surrogate", "bidi-control"}
    assert {c for c in limits if f"`{c}`" not in said} == set()


def test_every_rule_is_documented_for_a_field():
    mentioned = _format_table().render()

    every_field = {"type", "unknown-field", "unknown-choice", "control-character", "surrogate", "bidi-control"}
    every_field |= {c for c in RULES if c.startswith("eva-")}  # keys of Eva's export (docs/eva-export.md), no field
    assert set(RULES) - every_field <= {c for c in RULES if c in mentioned}


def test_public_names_are_exactly_all():
    assert sorted(eva_core.__all__) == sorted(set(eva_core.__all__))
    assert all(hasattr(eva_core, name) for name in eva_core.__all__)
    assert {*eva_core.__all__, "__version__"} == set(dir(eva_core))


def test_the_top_level_is_the_grouped_list_a_newcomer_needs():
    grouped = [name for names in eva_core._GROUPS.values() for name in names]

    assert sorted(grouped) == sorted(eva_core.__all__)
    assert 20 <= len(grouped) <= 25
    for names in eva_core._GROUPS.values():
        for name, home in names.items():
            assert getattr(eva_core, name) is getattr(importlib.import_module(home), name)


def test_the_api_page_lists_the_current_public_surface():
    """Run `python docs/_api_page.py --write` when this fails."""
    page = _docs_script("_api_page")

    assert page.render().strip("\n") == page.generated_block(page.DOC.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(eva_core._MOVED))
def test_a_name_that_moved_still_resolves_and_says_where_it_lives_now(name):
    home = eva_core._MOVED[name]

    with pytest.warns(DeprecationWarning, match=rf"{home}\.{name}"):
        value = getattr(eva_core, name)

    assert value is getattr(importlib.import_module(home), name)
    assert name in importlib.import_module(home).__all__


def test_importing_eva_core_loads_none_of_its_parts():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, eva_core; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()

    assert ["eva_core"] == [m for m in loaded if m.startswith("eva_core")]
    assert [] == [m for m in loaded if m.split(".")[0] in {"attr", "cattrs", "numpy", "sqlalchemy", "typer"}]


def test_version_is_read_lazily():
    assert eva_core.__version__.count(".") >= 1


def test_eva_help_loads_no_store_driver_numpy_or_cattrs():
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nsys.argv = ['eva', '--help']\nfrom eva_core.cli import main\ntry:\n    main()\n"
            "except SystemExit:\n    pass\nprint(' '.join(sorted(sys.modules)), file=sys.stderr)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )

    assert "demo" in shown.stdout
    heavy = {"sqlalchemy", "numpy", "cattrs", "psycopg", "alembic", "pandas", "openpyxl", "litestar", "rapidfuzz"}
    assert [] == [m for m in shown.stderr.split() if m.split(".")[0] in heavy]
    # Of eva_core only the commands and the messages: records and choice lists load when a command runs.
    ours = {m for m in shown.stderr.split() if m.startswith("eva_core.") and not m.startswith("eva_core.cli")}
    messages = {"eva_core.domain", "eva_core.domain._dutch", "eva_core.domain._errors", "eva_core.domain._messages"}
    assert messages | {"eva_core.domain._texts"} == ours


def test_every_domain_name_resolves_from_the_module_it_is_listed_under():
    from eva_core import domain

    assert sorted(domain.__all__) == sorted(domain._HOMES)
    for name, module in domain._HOMES.items():
        assert getattr(domain, name) is getattr(importlib.import_module(f"eva_core.domain.{module}"), name)
