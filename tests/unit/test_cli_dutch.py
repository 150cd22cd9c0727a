"""The ``eva`` command speaks Dutch: Dutch option names (the old English ones still work, unseen), Dutch output.

The output test runs what a beheerder sees most (the demo, a validation report, an import report, a why-not
and a quality report) and looks for common English words in it.
"""

import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from eva_core import dump_catalogue, dump_instrument
from eva_core.cli._aliases import OLD_OPTIONS, renamed
from eva_core.cli._app import app
from eva_core.demo import DEMO_TODAY, demo_catalogue
from eva_core.domain import MESSAGES
from tests.helpers import an_instrument

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def _options() -> dict[str, set[str]]:
    """Every command's option names, by command path."""
    found: dict[str, set[str]] = {}

    def walk(command, path):
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")
        found[path] = {o for p in command.params for o in (*p.opts, *p.secondary_opts) if o.startswith("-")}

    walk(typer.main.get_command(app), "eva")
    return found


def test_no_command_has_an_old_english_option_name():
    options = _options()

    assert {} == {path: names & set(OLD_OPTIONS) for path, names in options.items() if names & set(OLD_OPTIONS)}
    assert set(OLD_OPTIONS.values()) <= set().union(*options.values())


def test_old_names_are_read_as_new_ones_but_only_where_the_command_has_the_new_one():
    known = {"--uit", "--naar", "--json"}

    assert (["--uit", "x", "--naar=y", "--json"], [("--from", "--uit"), ("--into", "--naar")]) == renamed(
        ["--from", "x", "--into=y", "--json"], known
    )
    assert (["--label", "x"], []) == renamed(["--label", "x"], known)
    assert (["--", "--from"], []) == renamed(["--", "--from"], known)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    database = tmp_path_factory.mktemp("dutch") / "eva.db"
    assert 0 == runner.invoke(app, ["demo", "--database", str(database)]).exit_code
    return f"sqlite:///{database}"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            ["match", "--from", "{url}", "--why-not", "fietslessen-amersfoort", "--limit", "3"],
            ["match", "--uit", "{url}", "--waarom-niet", "fietslessen-amersfoort", "--aantal", "3"],
        ),
        (
            ["quality", "--from={url}", "--ending-within", "10", "--stale-after", "3", "--json"],
            ["quality", "--uit={url}", "--eindigt-binnen", "10", "--ongewijzigd-na", "3", "--json"],
        ),
        (
            ["search", "fiets", "--from", "{url}", "--limit", "2"],
            ["search", "fiets", "--uit", "{url}", "--aantal", "2"],
        ),
        (["export", "--from", "{url}", "--format", "csv"], ["export", "--uit", "{url}", "--formaat", "csv"]),
    ],
)
def test_old_option_names_still_work_for_one_release(demo_url, old, new):
    def run(arguments):
        return runner.invoke(app, [a.replace("{url}", demo_url) for a in arguments], env=WIDE)

    before, after = run(old), run(new)

    assert 0 == after.exit_code, after.output
    assert (after.exit_code, after.stdout) == (before.exit_code, before.stdout)
    assert "heet nu" in before.stderr
    assert "heet nu" not in after.stderr


def test_import_keeps_its_old_option_names(tmp_path):
    catalogue = tmp_path / "catalogus.json"
    catalogue.write_text(json.dumps(dump_catalogue(demo_catalogue()[:3])), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'doel.db'}"

    result = runner.invoke(app, ["import", str(catalogue), "--into", url, "--dry-run", "--label", "anna"], env=WIDE)

    assert 0 == result.exit_code, result.output
    assert "3 nieuw" in result.stdout
    assert "niets geschreven" in result.stdout
    assert "--into heet nu --naar" in result.stderr


def test_old_option_names_are_not_shown_in_help():
    result = runner.invoke(app, ["match", "--help"], env=WIDE)

    assert "--uit" in result.output
    assert "--from" not in result.output


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["match", "--uti", "x"], "bestaat hier niet; bedoel je --uit?"),
        (["match", "--max-kosten", "veel"], "de waarde bij --max-kosten klopt niet: geef een getal"),
        (["match", "--aantal", "3.5"], "geef een heel getal"),
        (["match", "--kenmerk"], "na --kenmerk hoort een waarde"),
        (["validate"], "FILE ontbreekt"),
        (["validate", "a.json", "b.json"], "te veel op de regel: b.json"),
        (["serch", "fiets"], "bedoel je search"),
        (["--foo"], "de optie --foo bestaat hier niet"),
        (["db", "upgrade"], "URL ontbreekt"),
    ],
)
def test_usage_mistakes_are_one_dutch_line_that_does_not_repeat_the_value(arguments, words):
    result = runner.invoke(app, arguments, env=WIDE)

    assert 2 == result.exit_code
    assert result.output.startswith("eva: ")
    assert 1 == len(result.output.strip().splitlines())
    assert words in result.output
    assert "veel" not in result.output.replace(words, "")
    assert set() == english_words(result.output)


ENGLISH = frozenset(
    [
        "the",
        "and",
        "with",
        "without",
        "not",
        "only",
        "than",
        "more",
        "from",
        "into",
        "this",
        "that",
        "these",
        "those",
        "which",
        "would",
        "should",
        "could",
        "must",
        "cannot",
        "has",
        "have",
        "does",
        "are",
        "were",
        "will",
        "error",
        "errors",
        "warning",
        "warnings",
        "found",
        "offered",
        "published",
        "stored",
        "imported",
        "wrote",
        "written",
        "missing",
        "lacks",
        "needs",
        "weight",
        "left",
        "out",
        "none",
        "nothing",
        "instead",
        "please",
        "row",
        "rows",
        "column",
        "there",
        "because",
        "example",
        "client",
        "why",
    ]
)
"""Common English words that are not also Dutch words ("is", "in", "of", "was", "door", "file" are both)."""

CODES = {key.split(".", 1)[1] for key in MESSAGES}
"""Codes (``no-contact``, ``too-long``) are shown beside messages as stable names, not as sentences."""


DATA = sorted(
    {text for i in (*demo_catalogue(), an_instrument()) for text in (i.name, i.provider.name, i.organisation.name)},
    key=len,
    reverse=True,
)
"""The catalogue's own texts, written by its beheerders ("Inkomenscoach training on the job"), are not ours."""


def english_words(output: str) -> set[str]:
    for text in DATA:
        output = output.replace(text, " ")
    for code in sorted(CODES, key=len, reverse=True):
        output = re.sub(rf"(?<![\w-]){re.escape(code)}(?![\w-])", " ", output)
    return {word for word in re.findall(r"[a-z']+", output.lower()) if word in ENGLISH}


def _run(*arguments: str) -> str:
    result = runner.invoke(app, list(arguments), env=WIDE)
    assert result.exit_code in (0, 1), result.output
    return result.output


def _demo():
    return _run("demo", "--database", "eva.db")


def _validation_report():
    document = dump_instrument(an_instrument())
    document.update(name="", summary="x" * 501, costs="-3")
    Path("instrument.json").write_text(json.dumps(document), encoding="utf-8")
    return _run("validate", "instrument.json")


def _import_report():
    Path("catalogus.json").write_text(json.dumps(dump_catalogue(demo_catalogue())), encoding="utf-8")
    broken = dump_catalogue([an_instrument()])
    broken["instruments"][0].update(name="", summary="x" * 501)
    Path("fout.json").write_text(json.dumps(broken), encoding="utf-8")
    return "\n".join(
        [
            _run("import", "catalogus.json", "--naar", "sqlite:///doel.db", "--proef"),
            _run("import", "catalogus.json", "--naar", "sqlite:///doel.db"),
            _run("import", "catalogus.json", "--naar", "sqlite:///doel.db"),  # every id is taken now
            _run("import", "fout.json", "--naar", "sqlite:///doel.db"),
        ]
    )


def _why_not():
    _demo()
    day = DEMO_TODAY.isoformat()
    return _run(
        "match",
        "--uit",
        "sqlite:///eva.db",
        "--gemeente",
        "GM0344",
        "--datum",
        day,
        "--waarom-niet",
        "fietslessen-amersfoort",
    )


def _quality_report():
    _demo()
    return _run("quality", "--uit", "sqlite:///eva.db", "--datum", DEMO_TODAY.isoformat())


@pytest.mark.parametrize(
    "run",
    [
        _demo,
        _validation_report,
        _import_report,
        _why_not,
        _quality_report,
    ],
)
def test_what_a_beheerder_reads_has_no_english(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # file names, not temporary paths, in the output

    output = run()

    assert "Traceback" not in output
    assert set() == english_words(output), output


@pytest.mark.parametrize("path", sorted(_options()))
def test_every_help_page_is_dutch_frame_included(path):
    result = runner.invoke(app, [*path.split()[1:], "--help"], env=WIDE)

    assert 0 == result.exit_code, result.output
    assert "Gebruik: eva" in result.output
    assert "Toon deze hulp en stop." in result.output
    assert not {"Usage", "Options", "Arguments", "Commands", "default:", "required"} & set(
        re.findall(r"[A-Za-z]+:?", result.output)
    )
    assert set() == english_words(result.output), result.output
