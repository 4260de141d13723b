"""Types of the extension module ``iken._iken`` (Rust). Use the package ``iken`` instead:
these functions take options as JSON and return JSON."""

import os
from pathlib import Path
from typing import List, Optional, Tuple, Union

__version__: str

class NativeReport:
    """The library's ``Report``, kept in Rust; wrapped by :class:`iken.Report`."""

    @property
    def title(self) -> str:
        """The name the HTML page shows by default."""
    @property
    def warnings(self) -> List[str]:
        """What the reader skipped or changed, one line each."""
    def to_json(self) -> str:
        """``report.json``, byte for byte."""
    def write(
        self,
        dir: Union[str, "os.PathLike[str]"],
        title: Optional[str] = None,
        kouchou: bool = False,
    ) -> List[Tuple[str, Path]]:
        """Writes the report files; returns (name, path) pairs."""

def analyze_file(
    path: str,
    config_file: Optional[str] = None,
    config: Optional[str] = None,
    options: Optional[str] = None,
) -> NativeReport:
    """Reads a file and runs every stage."""

def analyze_texts(
    texts: List[str],
    config_file: Optional[str] = None,
    config: Optional[str] = None,
    options: Optional[str] = None,
) -> NativeReport:
    """Runs every stage on texts o1, o2, …"""

def parse(
    path: str,
    config_file: Optional[str] = None,
    config: Optional[str] = None,
    options: Optional[str] = None,
) -> str:
    """JSON of what the reader read."""

def dedup(texts: List[str], options: Optional[str] = None) -> str:
    """JSON of ``iken dedup --json``."""

def cluster(texts: List[str], options: Optional[str] = None) -> str:
    """JSON of ``iken cluster --json``."""

def tokenize(texts: List[str], all_tokens: bool = False, options: Optional[str] = None) -> str:
    """JSON of each text's terms, or tokens."""

def default_config() -> str:
    """JSON of every option's default."""
