"""iken (意見): what a public consultation's comments say.

iken reads the comments a public consultation (パブリックコメント, 意見募集) receives and
the official replies to them: which opinions say the same thing (clusters), which
submissions are copies of one form letter (copy groups), which replies are only
boilerplate, and how each reply answers. Japanese first; offline: the Japanese dictionary
(MeCab IPADIC) is compiled into the package.

The Rust library does the work, with the GIL released; this package is a thin view of it:

- :func:`analyze` — every stage on a file or a list of texts → :class:`Report`, which
  writes the report files of ``iken analyze`` (:meth:`Report.write`), its JSON
  (:meth:`Report.to_json`) and DataFrames (:meth:`Report.to_pandas`).
- :func:`dedup`, :func:`cluster`, :func:`tokenize`, :func:`parse` — one stage each.
- :func:`default_config` — every option, with the names all of them take as keywords.

Errors are :class:`IkenError` subclasses saying the file, line, row or page.

>>> import iken
>>> report = iken.analyze("data/osaka-dx-strategy-pubcomment.txt")  # doctest: +SKIP
>>> report.write("osaka-report")["html"]  # doctest: +SKIP
PosixPath('osaka-report/report.html')
"""

from ._api import analyze, cluster, dedup, default_config, parse, tokenize
from ._errors import (
    AnalysisError,
    DictionaryError,
    IkenError,
    InputNotFoundError,
    InputTypeError,
    ParameterError,
    ReadError,
    ReadWarning,
    TooLittleInputError,
    WriteError,
)
from ._iken import __version__
from ._report import Report

__all__ = [
    "AnalysisError",
    "DictionaryError",
    "IkenError",
    "InputNotFoundError",
    "InputTypeError",
    "ParameterError",
    "ReadError",
    "ReadWarning",
    "Report",
    "TooLittleInputError",
    "WriteError",
    "__version__",
    "analyze",
    "cluster",
    "dedup",
    "default_config",
    "parse",
    "tokenize",
]
