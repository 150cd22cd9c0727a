"""Problems with data and the exceptions that carry them.

::

    EvaError
    ├── InvalidField(ValueError)          one broken rule: path, Dutch label, code, message
    ├── InvalidRecord(ExceptionGroup)     every broken rule of one record, found in one pass
    │   ├── InvalidInstrument             ... of an instrument or a document of instruments
    │   ├── InvalidCriteria               ... of a query; never shows the values
    │   └── InvalidProfile                ... of a client profile; never shows the values
    ├── UnsupportedFormat(ValueError)     a document of another format or a newer version
    └── AreaError(ValueError)             a place the area classification cannot use (``_areas.py``)
        ├── UnknownArea                   ... a code or name it does not have
        ├── AmbiguousArea                 ... a name that fits several areas
        ├── AreaMismatch                  ... levels that do not nest
        └── InvalidAreaData               ... a broken classification or CBS export

Problems are values (`Problem`) first, so a validation report can hold warnings too; an exception is made
only for errors. A problem's message is a `Message` (a catalogue key and parameters), shown in the current
language when read; its ``code`` is the stable, language-free name of the broken rule.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Any, Self

from attrs import field, frozen

from eva_core.domain._messages import Message, as_message, say

__all__ = [
    "EvaError",
    "InvalidCriteria",
    "InvalidField",
    "InvalidInstrument",
    "InvalidProfile",
    "InvalidRecord",
    "Problem",
    "Severity",
    "UnsupportedFormat",
]


class Severity(enum.Enum):
    """How bad a broken rule is: an error rejects the data, a warning only reports it."""

    ERROR = "error"
    WARNING = "warning"


@frozen
class Problem:
    """One broken rule at one place in the data.

    ``path`` is a JSONPath-like address (``$.locations[0].type``), ``label`` the Dutch field label a
    person recognises from the back end, ``code`` the rule's stable code (see `eva_core.domain.RULES`). Give the
    message as ``say("problem.<code>", **params)``; ``message`` reads it in the current language, ``params``
    are its parameters for programs. Equality and pickling do not depend on the language.
    """

    path: str
    label: str
    code: str
    _message: Message = field(converter=as_message)
    severity: Severity = Severity.ERROR

    @property
    def message(self) -> str:
        """What is wrong, in the current language, without the path and label."""
        return self._message.text()

    @property
    def said(self) -> Message:
        """The message as a value: its catalogue key and parameters."""
        return self._message

    @property
    def params(self) -> dict[str, object]:
        """The message's parameters (the limit, the value, ...), for programs."""
        return self._message.arguments

    def under(self, prefix: str) -> Problem:
        """The same problem, seen from a container: ``$.email`` under ``$.contacts[0]``."""
        return Problem(prefix + self.path[1:], self.label, self.code, self._message, self.severity)

    def __str__(self) -> str:
        return f"{self.label} ({self.path}): {self.message}"


class EvaError(Exception):
    """Base of every exception eva_core raises on purpose.

    Raise one with a `Message` (``NotFound(say("error.not-found", ...))``): ``str()`` then reads it in the
    language current at that moment, and `said` gives it back as a value.
    """

    @property
    def said(self) -> Message:
        """The error's message as a value (a catalogue key and parameters)."""
        first = self.args[0] if self.args else ""
        return first if isinstance(first, Message) else as_message(str(first))


class InvalidField(ValueError, EvaError):
    """One value breaks one rule of the Instrumentenformat."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)  # str() reads the problem in the language current at that moment
        self.problem = problem

    @property
    def path(self) -> str:
        """Where the value sits, e.g. ``$.summary``."""
        return self.problem.path

    @property
    def label(self) -> str:
        """The Dutch field label, e.g. ``Samenvatting``."""
        return self.problem.label

    @property
    def code(self) -> str:
        """The broken rule's code, e.g. ``too-long``."""
        return self.problem.code

    @property
    def message(self) -> str:
        """What is wrong, without the path and label."""
        return self.problem.message

    @property
    def said(self) -> Message:
        """The problem's message as a value."""
        return self.problem.said

    def __reduce__(self) -> tuple[type[InvalidField], tuple[Problem]]:
        return (type(self), (self.problem,))


class InvalidRecord(ExceptionGroup[InvalidField], EvaError):
    """Every broken rule of one record, reported at once; each problem carries its own code.

    ``warnings`` holds the record's warnings where they were found too, so a report can show both.
    ``message`` is fixed when the error is made; ``str()`` reads every part in the current language.
    """

    code = "invalid-record"

    def __new__(
        cls,
        message: str | Message,
        problems: Iterable[Problem | InvalidField],
        *,
        warnings: Iterable[Problem] = (),  # noqa: ARG004 - kept by __init__
    ) -> Self:
        fields = [p if isinstance(p, InvalidField) else InvalidField(p) for p in problems]
        if not fields:  # a programming error; ExceptionGroup's own message would puzzle a user
            raise ValueError(f"{cls.__name__} needs at least one problem")
        return super().__new__(cls, str(message), fields)

    def __init__(
        self,
        message: str | Message,
        problems: Iterable[Problem | InvalidField],  # noqa: ARG002 - used by __new__
        *,
        warnings: Iterable[Problem] = (),
    ) -> None:
        super().__init__(str(message), [e for e in self.exceptions if isinstance(e, InvalidField)])
        self._said = as_message(message)
        self.warnings: tuple[Problem, ...] = tuple(warnings)

    @property
    def said(self) -> Message:
        """The error's own message (what was invalid) as a value."""
        return self._said

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The errors, in the order they were found."""
        return tuple(e.problem for e in self.exceptions if isinstance(e, InvalidField))

    def derive(self, excs: Sequence[InvalidField]) -> InvalidRecord:  # type: ignore[override]
        return type(self)(self._said, excs, warnings=self.warnings)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_invalid, (type(self), self._said, self.problems, self.warnings))

    def __str__(self) -> str:
        lines = [f"{self._said} ({say('error.problem-count', count=len(self.exceptions))})"]
        lines.extend(f"  - {p}" for p in self.problems)
        return "\n".join(lines)


def _rebuild_invalid(
    cls: type[InvalidRecord], message: Message, problems: tuple[Problem, ...], warnings: tuple[Problem, ...]
) -> InvalidRecord:
    return cls(message, problems, warnings=warnings)


class InvalidInstrument(InvalidRecord):
    """Every problem found in one instrument, or in a document of instruments, reported at once."""


class InvalidCriteria(InvalidRecord):
    """Every broken rule of a query's parts; each problem names the part and the rule, never the value."""

    code = "invalid-criteria"


class InvalidProfile(InvalidRecord):
    """Every broken rule of a client profile; each problem names the field and the rule, never the value.

    A profile holds special-category personal data, so neither the message nor the problems repeat it.
    """

    code = "invalid-profile"


class UnsupportedFormat(ValueError, EvaError):
    """A document that is not an Eva instrument document, or was written by a newer eva_core."""

    code = "unsupported-format"
