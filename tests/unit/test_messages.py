"""The message catalogue: every code has a Dutch and an English message, and messages behave as values.

The completeness tests find codes where programs see them (RULES, type annotations, class attributes) and,
for codes written inline, in the source itself; so adding a code without a message fails here.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import pickle
import pkgutil
import string
import threading
import typing
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import eva_core
from eva_core import EvaError, Problem, in_language, set_language, validate_instrument
from eva_core.analysis import _quality
from eva_core.domain import (
    LANGUAGES,
    MESSAGES,
    RULES,
    Message,
    MissingMessage,
    current_language,
    dutch_day,
    dutch_list,
    dutch_moment,
    dutch_number,
    euros,
    say,
)
from eva_core.search import Exclusion, Reason
from eva_core.storage import BatchConflict
from eva_core.testing import broken_documents

SOURCE = Path(eva_core.__file__).parent


def _all_modules() -> None:
    """Import every module of eva_core, so that every error class exists (the CLI only with its extra)."""
    for module in pkgutil.walk_packages(eva_core.__path__, "eva_core."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)


def _callee(call: ast.Call) -> str:
    """``f`` for ``f(...)``, ``check.add`` for ``check.add(...)``, ``add`` for ``a.b.add(...)``."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return f"{func.value.id}.{func.attr}" if isinstance(func.value, ast.Name) else func.attr
    return ""


def _literal_arguments(callees: str, position: int, keyword: str) -> set[str]:
    """Every text literal passed to a call of one of *callees* (``|``-separated) at *position* or *keyword*."""
    wanted = set(callees.split("|"))
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _callee(node) not in wanted:
                continue
            given = [*node.args[position : position + 1], *(k.value for k in node.keywords if k.arg == keyword)]
            found |= {a.value for a in given if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return found


def _literal_codes(cls: type, name: str) -> set[str]:
    """The codes a ``Literal`` annotation on *cls*'s field *name* allows; empty when it is a plain ``str``."""
    hint = typing.get_type_hints(cls).get(name)
    return {a for a in typing.get_args(hint) if isinstance(a, str)}


def _missing(keys: set[str]) -> list[str]:
    return sorted(k for k in keys if k not in MESSAGES)


def test_every_rule_code_has_a_summary_and_a_problem_message():
    assert [] == _missing({f"rule.{code}" for code in RULES} | {f"problem.{code}" for code in RULES})


def test_every_problem_code_given_in_the_code_is_a_rule():
    """A problem's code is one of RULES, so `rule.` and `problem.` messages exist for it."""
    given = _literal_arguments("check.add|self.add", 1, "code") | _literal_arguments("Problem", 2, "code")

    assert set() == given - set(RULES)


def test_every_exclusion_code_has_a_message():
    codes = _literal_codes(Exclusion, "code") | _literal_arguments("Exclusion", 0, "code")

    assert codes
    assert [] == _missing({f"exclusion.{code}" for code in codes})


def test_every_choice_list_has_a_name():
    from eva_core.domain import Choice

    assert [] == _missing({f"choice.{cls.__name__}" for cls in _subclasses(Choice) if cls is not Choice})


def test_every_reason_kind_has_a_message():
    kinds = _literal_codes(Reason, "kind")

    assert kinds
    assert [] == _missing({f"reason.{kind}" for kind in kinds})


def test_every_quality_code_has_a_message():
    codes = set(_quality.CODES) | _literal_arguments("add", 1, "code")

    assert codes
    assert [] == _missing({f"quality.{code}" for code in codes})


def _subclasses(cls: type) -> set[type]:
    return {cls, *(c for sub in cls.__subclasses__() for c in _subclasses(sub))}


def test_every_error_code_has_a_message():
    """Error classes name their code in ``code``, or every code they can carry in ``codes``."""
    _all_modules()
    codes: set[str] = set()
    for cls in _subclasses(EvaError):
        code = vars(cls).get("code")
        if isinstance(code, str):
            codes.add(code)
        codes |= set(vars(cls).get("codes", ()))

    assert [] == _missing({f"error.{code}" for code in codes})


def test_every_batch_conflict_code_has_a_message():
    codes = _literal_codes(BatchConflict, "code") | _literal_arguments("BatchConflict", 0, "code")

    assert codes
    assert [] == _missing({f"conflict.{code}" for code in codes})


def test_every_key_said_in_the_code_is_in_the_catalogue():
    said = _literal_arguments("say", 0, "key") | _literal_arguments("Message", 0, "key")

    assert said
    assert [] == _missing(said)


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_every_language_with_the_same_placeholders(key):
    texts = MESSAGES[key]

    assert set(LANGUAGES) == set(texts)
    assert all(t.strip() == t and t for t in texts.values())
    assert len({frozenset(_placeholders(t)) for t in texts.values()}) == 1


def test_dutch_is_the_default_and_english_is_available():
    message = say("exclusion.too-expensive", costs=Decimal("1234.5"))

    assert "nl" == current_language()
    assert "kost € 1.234,50, meer dan het maximum" == str(message)
    assert "costs €1,234.50, more than the maximum" == message.text("en")
    with in_language("en"):
        assert "costs €1,234.50, more than the maximum" == str(message)
    assert "kost € 1.234,50, meer dan het maximum" == str(message)


def test_set_language_changes_the_whole_process():
    try:
        set_language("en")
        seen: list[str] = []
        thread = threading.Thread(target=lambda: seen.append(str(say("exclusion.already-used"))))
        thread.start()
        thread.join()

        assert ["was already used"] == seen
    finally:
        set_language("nl")


def test_in_language_stays_in_its_own_thread():
    seen: list[str] = []
    with in_language("en"):
        thread = threading.Thread(target=lambda: seen.append(str(say("exclusion.already-used"))))
        thread.start()
        thread.join()

    assert ["is al gebruikt"] == seen


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="kies nl of en"):
        set_language("fr")  # type: ignore[arg-type]


def test_an_unknown_key_warns_and_still_shows_something():
    with pytest.warns(MissingMessage):
        text = str(say("exclusion.no-such-code", id="x"))

    assert "exclusion.no-such-code id=x" == text


def test_a_missing_parameter_warns_and_shows_its_name():
    with pytest.warns(MissingMessage):
        text = str(say("exclusion.outside-area"))

    assert "wordt alleen aangeboden in {places}" == text


def test_values_are_written_the_dutch_way():
    message = say("exclusion.target-group", groups=["jongeren", "statushouders", "55-plussers"])

    assert "is alleen bedoeld voor jongeren, statushouders of 55-plussers" == str(message)
    assert "1 probleem" == str(say("error.problem-count", count=1))
    assert "2 problemen" == str(say("error.problem-count", count=2))
    assert "werd gepubliceerd tot en met 1 maart 2025" == str(
        say("exclusion.no-longer-published", day=dt.date(2025, 3, 1))
    )


def test_a_problem_compares_and_pickles_the_same_in_every_language():
    problem = Problem("$.summary", "Samenvatting", "too-long", say("problem.too-long", limit=500, length=12345))
    with in_language("en"):
        english = pickle.loads(pickle.dumps(problem))

    assert problem == english
    assert hash(problem) == hash(english)
    assert "mag hoogstens 500 tekens lang zijn, maar is er 12.345" == english.message
    assert {"limit": 500, "length": 12345} == problem.params


def test_a_plain_text_is_shown_as_it_is():
    problem = Problem("$.x", "X", "type", "nog niet in de catalogus")

    assert Message.plain("nog niet in de catalogus") == problem.said
    assert "nog niet in de catalogus" == problem.message


def test_list_parameters_keep_a_message_hashable():
    assert hash(say("exclusion.group-form", offered=["groep"])) == hash(say("exclusion.group-form", offered=("groep",)))


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1234.5"), "€ 1.234,50"),
        (Decimal(0), "€ 0,00"),
        (Decimal("0.005"), "€ 0,01"),
        (12, "€ 12,00"),
        (Decimal("-1234567.891"), "€ -1.234.567,89"),
        (1.1, "€ 1,10"),
    ],
)
def test_euros(amount, text):
    assert text == euros(amount)


@pytest.mark.parametrize(
    ("number", "text"),
    [(2025, "2025"), (12345, "12.345"), (Decimal("1.50"), "1,5"), (0.25, "0,25"), (-10000, "-10.000"), (3.0, "3")],
)
def test_dutch_number(number, text):
    assert text == dutch_number(number)


def test_days_moments_and_lists():
    assert "1 maart 2025" == dutch_day(dt.date(2025, 3, 1))
    assert "31 december 1999 om 09:05" == dutch_moment(dt.datetime(1999, 12, 31, 9, 5))  # noqa: DTZ001
    assert "a, b en c" == dutch_list(["a", "b", "c"])
    assert "a of b" == dutch_list(["a", "b"], "of")
    assert "a" == dutch_list(["a"])


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**12), max_value=10**12))
def test_euros_read_back_to_the_amount(amount):
    text = euros(amount)

    assert text.startswith("€ ")
    assert amount == Decimal(text[2:].replace(".", "").replace(",", "."))


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12))
def test_dutch_numbers_read_back_to_the_number(number):
    assert number == Decimal(dutch_number(number).replace(".", "").replace(",", "."))


@given(broken_documents())
def test_every_problem_of_a_broken_document_is_said_from_the_catalogue(broken):
    """No rule writes its own sentence: each problem's message is a catalogue key, readable in both languages."""
    document, _ = broken

    report = validate_instrument(document)

    for problem in (*report.errors, *report.warnings):
        assert problem.said.key in MESSAGES, problem
        assert problem.said.text("nl") != problem.said.text("en"), problem
