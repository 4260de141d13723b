"""The exceptions and warnings iken raises.

Every error is an :class:`IkenError`; the subclasses say what went wrong, and those that
match a built-in error also derive from it, so that ``except FileNotFoundError`` or
``except TypeError`` catch what they would catch elsewhere:

==========================  =====================  ===========================================
class                       also a                 when
==========================  =====================  ===========================================
:class:`ReadError`                                 the input cannot be read: a format that does
                                                   not parse, an encoding, a PDF without a
                                                   table, a missing column, an empty or binary
                                                   file
:class:`InputNotFoundError` ``FileNotFoundError``  the input (or a configuration, a dictionary)
                                                   does not exist
:class:`WriteError`         ``OSError``            the report files cannot be written
:class:`ParameterError`     ``ValueError``         an unknown option, or a value that cannot
                                                   work
:class:`DictionaryError`                           a dictionary or user dictionary that cannot
                                                   be used
:class:`TooLittleInputError` ``ValueError``        no texts, or too few for what was asked
:class:`InputTypeError`     ``TypeError``          texts that are not a list of ``str``
:class:`AnalysisError`                             a stage failed on the input (a factorization,
                                                   the morphological analyser)
==========================  =====================  ===========================================

The Rust library makes these (``iken._iken`` imports this module to raise them), with the
attributes saying where when it knows.
"""

from __future__ import annotations

import errno
from typing import Any, Dict, List, Optional

__all__ = [
    "AnalysisError",
    "DictionaryError",
    "IkenError",
    "InputNotFoundError",
    "InputTypeError",
    "ParameterError",
    "ReadError",
    "ReadWarning",
    "TooLittleInputError",
    "WriteError",
]


class IkenError(Exception):
    """The base of every error iken raises.

    Attributes (``None`` when the error does not concern one):

    - ``message``: what went wrong and, where it can, what to do about it (also ``str(e)``).
    - ``kind``: the library's error kind in snake case: ``"io"``, ``"parse"``,
      ``"encoding"``, ``"pdf"``, ``"missing_column"``, ``"not_text"``, ``"empty_input"``,
      ``"invalid_parameter"``, ``"config"`` (an option that does not exist or has the
      wrong type), ``"too_little_input"``, ``"dictionary_not_found"``,
      ``"dictionary_invalid"``, ``"user_dictionary_invalid"``, ``"no_dictionary"``,
      ``"tokenize"``, ``"numerical"``, ``"type"``, ``"other"``.
    - ``file``: the file concerned (the input, a configuration, a dictionary).
    - ``line``: the line in a text input, from 1.
    - ``row``: the row in a table, the header being row 1.
    - ``page``: the page of a PDF, from 1.
    - ``name``: the option concerned (:class:`ParameterError`), e.g. ``"cluster.kk"``.
    """

    kind: str = "other"
    file: Optional[str] = None
    line: Optional[int] = None
    row: Optional[int] = None
    page: Optional[int] = None
    name: Optional[str] = None

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        for key, value in details.items():
            setattr(self, key, value)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> Any:
        # Pickles (multiprocessing) with its attributes, not only the message.
        details = {k: v for k, v in self.__dict__.items() if k != "message"}
        return (_rebuild, (type(self), self.message, details))


def _rebuild(cls: type, message: str, details: Dict[str, Any]) -> IkenError:
    return cls(message, **details)


class ReadError(IkenError):
    """The input cannot be read: a format that does not parse (``line`` or ``row`` says
    where), text that is not valid in its encoding (``encoding``), a PDF without an opinion
    table (``page``), a column asked for that is not there (``column``, ``available``),
    an empty or binary file, a file that cannot be opened."""

    encoding: Optional[str] = None
    column: Optional[str] = None
    available: Optional[List[str]] = None


class InputNotFoundError(ReadError, FileNotFoundError):
    """A file that does not exist: the input, a configuration file, a user dictionary.
    Also a :class:`FileNotFoundError` (``errno`` ``ENOENT``, ``filename`` the file)."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message, **details)
        self.errno = errno.ENOENT
        self.strerror = message
        self.filename = self.file


class WriteError(IkenError, OSError):
    """The report files cannot be written (``file`` says which). Also an :class:`OSError`."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message, **details)
        self.strerror = message
        self.filename = self.file


class ParameterError(IkenError, ValueError):
    """An option that does not exist (``kind`` ``"config"``; ``name`` says where, e.g.
    ``"cluster.kk"``) or a value that cannot work (``kind`` ``"invalid_parameter"``:
    ``k=0``, a threshold above 1). Also a :class:`ValueError`."""


class DictionaryError(IkenError):
    """A dictionary or user dictionary that cannot be used (``file`` says which; the
    message names the row of a user dictionary)."""


class TooLittleInputError(IkenError, ValueError):
    """No texts, or too few for what was asked (clusters of fewer than three distinct
    texts, more clusters than texts). Also a :class:`ValueError`."""

    what: Optional[str] = None


class InputTypeError(IkenError, TypeError):
    """Texts that are not a list of ``str`` (``index`` says which item). Also a
    :class:`TypeError`."""

    index: Optional[int] = None


class AnalysisError(IkenError):
    """A stage failed on the input: the morphological analyser on one text
    (``document``, its position), a factorization or k-means (``method``)."""

    document: Optional[int] = None
    method: Optional[str] = None


class ReadWarning(UserWarning):
    """Something the reader skipped or changed in the input (a row without text, a reply
    without opinion); ``iken analyze`` prints these as ``warning:`` lines. The report keeps
    them in :attr:`iken.Report.warnings`."""
