"""The result of :func:`iken.analyze`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Tuple, Union

from . import _iken

if TYPE_CHECKING:  # pragma: no cover
    import pandas  # type: ignore[import-untyped,import-not-found,unused-ignore]

__all__ = ["Report"]

# The columns of opinions.csv, first; any other field of a report row follows them.
_OPINION_COLUMNS = (
    "id",
    "text",
    "section",
    "cluster",
    "cluster_keywords",
    "duplicate_group",
    "reply",
    "reply_class",
    "boilerplate_share",
)


class Report:
    """Everything an analysis found: the library's ``Report``, what ``report.json`` holds.

    Made by :func:`iken.analyze`, not by hand. The report stays in the Rust library, which
    writes its files (:meth:`write`) and its JSON (:meth:`to_json`) exactly as
    ``iken analyze`` does; the attributes below are Python views of that JSON, made on
    first use:

    - :attr:`opinions`: one dict per opinion in input order, with what every stage said.
    - :attr:`clusters`: the clusters, largest first.
    - :attr:`copies`: the groups of copies (form letters), largest first.
    - :attr:`replies`, :attr:`templates`: each reply analysed, and the boilerplate
      sentences the replies repeat.
    - :attr:`summary`, :attr:`notes`, :attr:`config`.

    Every top-level field of ``report.json`` is also ``report["name"]``, and the whole of it
    :attr:`raw`. The dicts are shared between calls: copy one before changing it.

    >>> import iken
    >>> report = iken.analyze("data/osaka-dx-strategy-pubcomment.txt")  # doctest: +SKIP
    >>> report.summary["opinions"], len(report.clusters)  # doctest: +SKIP
    (52, 17)
    """

    __slots__ = ("_native", "_raw", "_opinions")

    def __init__(self, native: _iken.NativeReport) -> None:
        self._native = native
        self._raw: Optional[Dict[str, Any]] = None
        self._opinions: Optional[List[Dict[str, Any]]] = None

    @property
    def raw(self) -> Dict[str, Any]:
        """The report as a dict: ``json.loads`` of ``report.json``."""
        if self._raw is None:
            self._raw = json.loads(self._native.to_json())
        return self._raw

    def __getitem__(self, key: str) -> Any:
        """A top-level field of ``report.json`` (``report["unclustered"]``,
        ``report["how_k_was_chosen"]``, ``report["replies"]`` for the whole reply analysis)."""
        return self.raw[key]

    def __contains__(self, key: object) -> bool:
        return key in self.raw

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def keys(self) -> List[str]:
        """The top-level fields of ``report.json``."""
        return list(self.raw)

    @property
    def opinions(self) -> List[Dict[str, Any]]:
        """One dict per opinion, in input order: ``id``, ``text``, ``section``, ``cluster``
        (``None`` when unclustered), ``cluster_keywords`` (the keywords of its cluster, empty
        when unclustered), ``duplicate_group`` (its group of copies), ``reply`` (the id of
        the reply answering it), ``reply_class`` (how that reply answers: ``revised``,
        ``deferred``, ``explained``, ``declined``, ``noted``, ``unclassified``),
        ``boilerplate_share`` (of that reply), then the row's other fields (``map``: its
        position on the report's map; ``copies`` when copies were folded while reading)."""
        if self._opinions is None:
            keywords = {
                c["id"]: [term for term, _weight in c.get("keywords", [])] for c in self.clusters
            }
            rows = []
            for row in self.raw["opinions"]:
                out = {}
                for column in _OPINION_COLUMNS:
                    if column == "cluster_keywords":
                        cluster = row.get("cluster")
                        out[column] = list(keywords.get(cluster, [])) if cluster is not None else []
                    else:
                        out[column] = row.get(column)
                for key, value in row.items():
                    out.setdefault(key, value)
                rows.append(out)
            self._opinions = rows
        return self._opinions

    @property
    def clusters(self) -> List[Dict[str, Any]]:
        """The clusters, largest first: ``id``, ``size`` (copies counted), ``distinct``,
        ``keywords`` (``[term, weight]`` pairs), ``representatives`` and ``members`` (opinion
        ids), ``cohesion``, ``replies`` (``[reply id, opinions]``), ``reply_classes``."""
        return self.raw["clusters"]

    @property
    def copies(self) -> List[Dict[str, Any]]:
        """The groups of copies (``duplicates`` in ``report.json``), largest first: ``id``,
        ``size``, ``distinct``, ``representative`` and ``members`` (opinion ids), ``text``
        (the representative's), ``measure`` (the weakest that joined a member),
        ``similarity`` (``min`` and ``median`` to the representative)."""
        return self.raw["duplicates"]

    @property
    def replies(self) -> List[Dict[str, Any]]:
        """Each reply analysed: ``id``, ``text``, ``class``, ``decided_by`` and
        ``decided_in`` (the phrase and sentence that decided it), ``boilerplate_share``,
        ``boilerplate_only``, ``templates``, ``reused``, ``opinions`` (ids), ``section``.
        Empty when the input had no replies (the reply analysis as a whole is
        ``report["replies"]``, ``None`` then)."""
        replies = self.raw.get("replies")
        return replies["replies"] if replies else []

    @property
    def templates(self) -> List[Dict[str, Any]]:
        """The template sentences the replies repeat: ``id``, ``text`` (the most frequent
        wording), ``variants``, ``replies`` (ids). Empty without replies."""
        replies = self.raw.get("replies")
        return replies["templates"] if replies else []

    @property
    def summary(self) -> Dict[str, Any]:
        """The counts a reader looks at first: ``opinions``, ``distinct_opinions``,
        ``replies``, ``sections``, ``campaigns``, ``opinions_in_copies``, ``clusters``,
        ``unclustered``, ``boilerplate_only_replies``, …"""
        return self.raw["summary"]

    @property
    def notes(self) -> List[str]:
        """What a stage could not do, and why (too few opinions to cluster, no replies)."""
        return self.raw["notes"]

    @property
    def config(self) -> Dict[str, Any]:
        """Every option the analysis ran with: ``config.json``. ``iken.analyze(path,
        config=report.config)`` runs it again."""
        return self.raw["analysis"]

    @property
    def warnings(self) -> List[str]:
        """What the reader skipped or changed in the input, one line each (also issued as
        :class:`iken.ReadWarning`)."""
        return self._native.warnings

    def to_json(self) -> str:
        """The report as JSON: byte for byte the ``report.json`` that ``iken analyze``
        writes for the same input and options."""
        return self._native.to_json()

    def write(
        self,
        out_dir: Union[str, "os.PathLike[str]"],
        *,
        title: Optional[str] = None,
        kouchou: bool = False,
    ) -> Dict[str, Path]:
        """Writes the files ``iken analyze --out DIR`` writes into ``out_dir`` (created if
        missing): ``report.html``, ``report.json``, ``config.json``, ``opinions.csv``,
        ``clusters.csv``, ``templates.csv``, ``replies.csv``, ``classes.csv``; with
        ``kouchou=True`` also those of ``--kouchou``: ``kouchou/hierarchical_result.json``
        (kouchou-ai's viewer, 広聴AI) and ``kouchou/comments.csv`` (its pipeline's input).

        ``title`` names the report on the HTML page (default: the input file's name, as
        the command line does, or ``"iken"`` for texts). Returns each file's path by name:
        ``html``, ``json``, ``config``, ``opinions_csv``, ``clusters_csv``,
        ``templates_csv``, ``replies_csv``, ``classes_csv`` (and
        ``kouchou_hierarchical_result``, ``kouchou_comments``).

        Raises :class:`iken.WriteError` (an :class:`OSError`) when a file cannot be written.
        """
        files = self._native.write(os.fspath(out_dir), title, kouchou)
        return {name: Path(path) for name, path in files}

    def to_pandas(self) -> Dict[str, "pandas.DataFrame"]:
        """The report as pandas DataFrames: ``opinions``, ``clusters``, ``copies``,
        ``replies`` and ``templates``, one row per item of the attribute of that name
        (cluster and copy-group numbers as nullable integers).

        Needs pandas, which iken does not install: ``pip install pandas``.
        """
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError(
                "Report.to_pandas() needs pandas, which iken does not install: "
                "pip install pandas (or use the lists of dicts: report.opinions, "
                "report.clusters, …)"
            ) from e

        def frame(rows: List[Dict[str, Any]], nullable: Tuple[str, ...] = ()) -> "pandas.DataFrame":
            df = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
            for column in nullable:
                if column in df:
                    df[column] = df[column].astype("Int64")
            return df

        return {
            "opinions": frame(self.opinions, ("cluster", "duplicate_group")),
            "clusters": frame(self.clusters),
            "copies": frame(self.copies),
            "replies": frame(self.replies),
            "templates": frame(self.templates),
        }

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<iken.Report: {s.get('opinions')} opinions, {s.get('clusters')} clusters "
            f"({s.get('unclustered')} unclustered), {len(self.copies)} copy groups, "
            f"{s.get('replies')} replies>"
        )
