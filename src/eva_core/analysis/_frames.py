"""Plain records that turn into a DataFrame on request, importing pandas or polars only then."""

from __future__ import annotations

from typing import Any

from eva_core.domain import say


class Frame:
    """Anything with ``rows()``: a list of flat dicts, one per row."""

    def rows(self) -> list[dict[str, Any]]:
        """The result as plain rows."""
        raise NotImplementedError  # pragma: no cover - every result defines its rows

    def to_pandas(self) -> Any:  # noqa: ANN401 - pandas is optional, so no type to name here
        """The rows as a pandas DataFrame (extra ``pandas``)."""
        try:
            import pandas as pd  # noqa: PLC0415 - an optional extra, imported when asked for
        except ImportError:
            raise ImportError(
                str(say("error.needs-extra", what="to_pandas()", package="pandas", extra="pandas"))
            ) from None
        return pd.DataFrame(self.rows())

    def to_polars(self) -> Any:  # noqa: ANN401
        """The rows as a polars DataFrame (extra ``polars``)."""
        try:
            import polars as pl  # noqa: PLC0415
        except ImportError:
            raise ImportError(
                str(say("error.needs-extra", what="to_polars()", package="polars", extra="polars"))
            ) from None
        return pl.DataFrame(self.rows())
