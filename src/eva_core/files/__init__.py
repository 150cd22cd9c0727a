"""Reading catalogue files into the format's records, once, with a report of every problem.

`read_eva_export` reads the instrument export of Eva's own back end (2022 and 2023 shapes).
"""

from eva_core.files._eva import EVA_FIELDS, EvaField, EvaReport, read_eva_export

__all__ = ["EVA_FIELDS", "EvaField", "EvaReport", "read_eva_export"]


def __dir__() -> list[str]:
    return __all__
