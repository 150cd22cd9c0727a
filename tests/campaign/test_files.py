"""Campaign: hostile JSON files at every door that reads one (issue 11, item 3).

A file nested 10,000 deep used to end in a `RecursionError` with a traceback. Each case generates its file
here, and asserts the exact error type and code, a message without a traceback, one line from the CLI,
and a store that is byte-identical before and after.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from eva_core.areas import load_cbs, load_mergers
from eva_core.convert import parse_json
from eva_core.domain import EvaError, InvalidAreaData, UnsupportedFormat
from eva_core.storage import JsonRepository, add_catalogue
from tests.helpers import an_instrument

EVA = str(Path(sys.executable).parent / "eva")
WIDE = os.environ | {"COLUMNS": "400"}
"""A terminal wide enough that a one-line message stays on one line."""
DEPTH = 10_000


def deep(opening: str = "[", closing: str = "]", inner: str = "") -> str:
    return opening * DEPTH + inner + closing * DEPTH


def clean(error: BaseException, code: str) -> None:
    assert isinstance(error, EvaError)
    assert code == error.code
    assert "Traceback" not in str(error)
    assert "Recursion" not in str(error)


@pytest.mark.parametrize("text", [deep(), deep('{"a":', "}", "1"), deep().encode()])
def test_parse_json_refuses_deep_nesting_as_unsupported_format(text):
    with pytest.raises(UnsupportedFormat) as caught:
        parse_json(text)

    clean(caught.value, "unsupported-format")


def test_an_area_file_nested_deep_is_invalid_area_data(tmp_path):
    path = tmp_path / "gebieden-2024.json"
    path.write_text(deep(), encoding="utf-8")
    mergers = tmp_path / "herindelingen.json"
    mergers.write_text(deep(), encoding="utf-8")

    for read in (lambda: load_cbs(path), lambda: load_mergers(mergers)):
        with pytest.raises(InvalidAreaData) as caught:
            read()
        clean(caught.value, "invalid-area-data")


def one_line(arguments: list[str]) -> str:
    result = subprocess.run([EVA, *arguments], capture_output=True, text=True, check=False, env=WIDE)

    assert 1 == result.returncode, result.stderr
    said = result.stderr.strip()
    assert 1 == len(said.splitlines()), said
    assert said.startswith("eva: ")
    assert "Traceback" not in said
    assert "Recursion" not in said
    return said


def test_the_cli_says_a_deep_file_in_one_line_and_writes_nothing(tmp_path):
    store = tmp_path / "catalogue.json"
    add_catalogue(JsonRepository(store), [an_instrument()], label="seed")
    before = store.read_bytes()
    catalogue = tmp_path / "catalogue-in.json"
    catalogue.write_text(deep(), encoding="utf-8")
    profile = tmp_path / "client.json"
    profile.write_text(deep('{"needs":', "}", "1"), encoding="utf-8")
    areas = tmp_path / "gebieden-2024.json"
    areas.write_text(deep(), encoding="utf-8")
    url = f"json://{store}"

    one_line(["validate", str(catalogue)])
    one_line(["import", str(catalogue), "--naar", url])
    one_line(["match", "--profiel", str(profile), "--uit", url])
    one_line(["coverage", "GM0344", "--gebieden", str(areas), "--uit", url])

    assert before == store.read_bytes()


@pytest.mark.parametrize("name", ["catalogue.json", "catalogue.csv", "client.json", "gebieden-2024.csv"])
def test_a_pipe_given_as_a_file_is_refused_in_one_line_not_waited_on(tmp_path, name):
    pipe = tmp_path / name
    os.mkfifo(pipe)
    store = f"json://{tmp_path / 'store.json'}"
    arguments = {
        "catalogue.json": ["validate", str(pipe)],
        "catalogue.csv": ["import", str(pipe), "--naar", store],
        "client.json": ["match", "--profiel", str(pipe), "--uit", store],
        "gebieden-2024.csv": ["coverage", "GM0344", "--gebieden", str(pipe), "--uit", store],
    }[name]

    result = subprocess.run([EVA, *arguments], capture_output=True, text=True, check=False, env=WIDE, timeout=60)

    assert 1 == result.returncode, result.stderr
    said = result.stderr.strip()
    assert 1 == len(said.splitlines()), said
    assert said.startswith("eva: ")
    assert "Traceback" not in said


def test_the_readers_refuse_a_pipe_with_their_own_error(tmp_path):
    from eva_core.files import UnreadableFile, read_catalogue

    pipe = tmp_path / "gebieden-2024.json"
    os.mkfifo(pipe)

    with pytest.raises(UnreadableFile) as unreadable:
        read_catalogue(pipe)
    with pytest.raises(InvalidAreaData) as area_data:
        load_cbs(pipe)

    clean(unreadable.value, "unreadable-file")
    clean(area_data.value, "unreadable-area-file")
