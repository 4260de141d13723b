"""The functions of the package: each a view of one stage of the Rust library's analysis."""

from __future__ import annotations

import functools
import json
import os
import warnings
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional, Union

from . import _iken
from ._errors import InputTypeError, ParameterError, ReadWarning, TooLittleInputError
from ._report import Report

__all__ = ["analyze", "cluster", "dedup", "default_config", "parse", "tokenize"]

PathLike = Union[str, "os.PathLike[str]"]
#: A configuration: a ``config.json`` file, or such a dict (``Report.config``).
Config = Union[PathLike, Mapping[str, Any], None]


def _json_value(value: Any) -> Any:
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not a configuration value")


def _to_json(options: Mapping[str, Any]) -> str:
    try:
        return json.dumps(dict(options), ensure_ascii=False, allow_nan=False, default=_json_value)
    except (TypeError, ValueError) as e:
        raise ParameterError(
            f"invalid configuration: {e} (options are what config.json holds: numbers, "
            "strings, lists and dicts)",
            kind="config",
        ) from None


def _config_args(config: Config) -> Dict[str, Optional[str]]:
    """The configuration as the native functions take it: a file, or JSON."""
    if config is None:
        return {"config_file": None, "config": None}
    if isinstance(config, (str, os.PathLike)):
        return {"config_file": os.fspath(config), "config": None}
    if isinstance(config, Mapping):
        return {"config_file": None, "config": _to_json(config)}
    raise InputTypeError(
        f"config is {type(config).__name__}: give the path of a config.json, or a dict such "
        "as Report.config",
        kind="type",
    )


def _texts(texts: Any, allow_empty: bool = False) -> List[str]:
    """The texts as a list of str, or the error that says what is wrong with them."""
    if isinstance(texts, (str, bytes)):
        raise InputTypeError(
            "texts is a single str: give a list of texts (iken.analyze also takes the path "
            "of a file as a str)",
            kind="type",
        )
    try:
        texts = list(texts)
    except TypeError:
        raise InputTypeError(
            f"texts is {type(texts).__name__}: give a list of str", kind="type"
        ) from None
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise InputTypeError(
                f"texts[{i}] is {type(text).__name__}, not str: every text must be a str "
                "(convert missing values to '' or drop them)",
                kind="type",
                index=i,
            )
    if not texts and not allow_empty:
        raise TooLittleInputError(
            "no texts were given: there is nothing to analyse (give a list of at least one str)",
            kind="too_little_input",
            what="texts",
        )
    return texts


@functools.lru_cache(maxsize=None)
def _default_config_json() -> str:
    return _iken.default_config()


def default_config() -> Dict[str, Any]:
    """Every option with its default: the ``config.json`` of a default run.

    The names are those every function takes as keyword arguments (and ``config.json``
    holds): ``read``, ``normalizer``, ``dictionary``, ``content_words``, ``dedup``,
    ``cluster``, ``compounds``, ``user_dictionary``, ``user_terms``, ``stop_words``,
    ``tfidf``, ``dimensions``, ``boilerplate``, ``rules``, ``seed``.
    """
    return json.loads(_default_config_json())


def _section_fields(section: str) -> FrozenSet[str]:
    """The option names inside ``section`` (``dedup``, ``cluster``), but its ``seed``: the
    analysis' ``seed`` sets every stage's."""
    return frozenset(default_config()[section]) - {"seed"}


def _route(section: str, params: Dict[str, Any]) -> Dict[str, Any]:
    """Puts the names of ``section``'s options into it; the others stay at the top level."""
    fields = _section_fields(section)
    inner = {k: params.pop(k) for k in list(params) if k in fields}
    if inner:
        given = params.get(section) or {}
        if not isinstance(given, Mapping):
            raise ParameterError(
                f"{section} must be a dict of options, not {type(given).__name__}",
                kind="config",
                name=section,
            )
        params[section] = {**given, **inner}
    return params


def analyze(
    source: Union[PathLike, Iterable[str]], *, config: Config = None, **options: Any
) -> Report:
    """Runs the whole analysis: copies, clusters, and the replies' boilerplate and classes.

    ``source`` is the path of a file (``str`` or :class:`os.PathLike`), read as
    ``iken analyze FILE`` reads it: the published PDF table or its extracted text, CSV/TSV
    in any Japanese encoding, Excel, JSON Lines or plain text, with its replies. Or a list
    of texts, the opinions ``o1``, ``o2``, … (without replies).

    ``config`` is a ``config.json`` (a path, or such a dict: ``Report.config``) to start
    from; keyword arguments are options with the names ``config.json`` uses
    (:func:`default_config` lists them), merged over it: a dict changes only the fields it
    names (``cluster={"k": 12}``). Without ``config``, the keyword arguments are the
    configuration, as if written in a file passed to ``iken analyze --config``::

        report = iken.analyze("comments.csv", cluster={"k": 12}, seed=1)
        report = iken.analyze(["窓口を増やしてほしい。", ...], dedup={"threshold": 0.7})

    Returns a :class:`Report`. The same input and options give the same report as
    ``iken analyze`` (byte for byte as JSON), and the same report every time.

    Raises :class:`InputNotFoundError` (a :class:`FileNotFoundError`) for a file that does
    not exist, :class:`ReadError` for one that cannot be read (with ``file``, ``line``,
    ``row`` or ``page``), :class:`ParameterError` for an unknown option or a value that
    cannot work, :class:`TooLittleInputError` for an empty list, :class:`InputTypeError`
    (a :class:`TypeError`) for texts that are not ``str``. Warnings of the reader are
    issued as :class:`ReadWarning` and kept in :attr:`Report.warnings`.
    """
    settings = dict(_config_args(config), options=_to_json(options))
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        try:
            native = _iken.analyze_file(path, **settings)
        except FileNotFoundError as e:
            if isinstance(source, str) and hasattr(e, "add_note") and not os.path.exists(path):
                e.add_note(
                    "iken.analyze reads a str as the path of a file; to analyse texts, "
                    "give a list of str"
                )
            raise
    else:
        native = _iken.analyze_texts(_texts(source), **settings)
    report = Report(native)
    for warning in native.warnings:
        warnings.warn(warning, ReadWarning, stacklevel=2)
    return report


def parse(path: PathLike, *, config: Config = None, **options: Any) -> Dict[str, Any]:
    """Reads a file into opinions and replies, as ``iken parse FILE`` does.

    Returns a dict: ``opinions`` and ``replies`` (each with ``id``, ``text``, ``section``,
    ``reply`` or ``link``, and ``source``: the file and line, row or page), ``format`` (as
    read: ``pdf-table``, ``csv``, …), ``why`` (that format), ``encoding`` and ``warnings``
    (``source`` and ``message`` each). Options as :func:`analyze` takes them; only ``read``
    matters here (``read={"format": "csv", "columns": {"opinion": "ご意見"}}``).

    Raises as :func:`analyze` does for a file.
    """
    return json.loads(
        _iken.parse(os.fspath(path), **_config_args(config), options=_to_json(options))
    )


def _ids_to_positions(value: Any, position: Dict[str, int]) -> Any:
    return [position[i] for i in value]


def _group_positions(group: Dict[str, Any], position: Dict[str, int]) -> Dict[str, Any]:
    """A group of copies or a cluster with input positions for ``representative(s)`` and
    ``members``, their ids moved to ``representative_id(s)`` and ``member_ids``."""
    out = dict(group)
    if "representative" in group:
        out["representative"] = position[group["representative"]]
        out["representative_id"] = group["representative"]
    if "representatives" in group:
        out["representatives"] = _ids_to_positions(group["representatives"], position)
        out["representative_ids"] = group["representatives"]
    if "members" in group:
        out["members"] = _ids_to_positions(group["members"], position)
        out["member_ids"] = group["members"]
    return out


def dedup(texts: Iterable[str], threshold: float = 0.8, **params: Any) -> Dict[str, Any]:
    """Finds copies among texts: exact, near (MinHash/LSH verified by Jaccard), partial and
    edited copies, grouped into campaigns; ``iken dedup --json`` on texts ``o1``, ``o2``, …

    ``threshold`` is the Jaccard similarity of 5-character shingles at or above which two
    texts are near copies. Other keyword arguments are the ``dedup`` options of
    ``config.json`` (``shingle``, ``containment``, ``mutual``, ``short_similarity`` … ; see
    ``default_config()["dedup"]``) or top-level ones (``seed``).

    Returns a dict with ``groups``, largest first, each with ``members`` and
    ``representative`` as positions in ``texts`` (and ``member_ids``,
    ``representative_id`` as ids ``o1``, ``o2``, …), ``size``, ``distinct``, ``text``,
    ``measure``, ``similarity``, ``details`` (each member's similarity, with its ``index``)
    and ``pairs`` (``a``, ``b`` positions); and ``texts``, ``distinct``, ``in_groups``,
    ``empty`` (positions of texts with no letter or digit), ``candidates``, ``verified``,
    ``bands``, ``params``.

    >>> texts = ["窓口を増やして。", "公園を直して。", "窓口を増やして。"]
    >>> result = iken.dedup(texts)  # doctest: +SKIP
    >>> result["groups"][0]["members"], result["groups"][0]["member_ids"]  # doctest: +SKIP
    ([0, 2], ['o1', 'o3'])
    """
    texts = _texts(texts)
    params = _route("dedup", {**params, "threshold": threshold})
    result = json.loads(_iken.dedup(texts, options=_to_json(params)))
    position = {f"o{i + 1}": i for i in range(len(texts))}
    groups = []
    for group in result.get("groups", []):
        out = _group_positions(group, position)
        out["details"] = [{**d, "index": position[d["id"]]} for d in group.get("details", [])]
        out["pairs"] = [
            {**p, "a": position[p["a"]], "b": position[p["b"]], "a_id": p["a"], "b_id": p["b"]}
            for p in group.get("pairs", [])
        ]
        groups.append(out)
    result["groups"] = groups
    result["empty_ids"] = result.get("empty", [])
    result["empty"] = _ids_to_positions(result["empty_ids"], position)
    return result


def cluster(texts: Iterable[str], k: Any = None, **params: Any) -> Dict[str, Any]:
    """Groups texts by what they say, as ``iken cluster --json`` does for texts ``o1``,
    ``o2``, …: copies enter once, content words and noun compounds weighted by TF-IDF, an
    average-linkage hierarchy cut where the silhouette is best (or k-means).

    ``k`` is the number of clusters (k-means), ``"auto"`` or ``None`` (the default: the
    best cut), or a form of ``config.json`` (``{"threshold": {"distance": 0.85}}``). Other
    keyword arguments are ``cluster`` options of ``config.json`` (``min_similarity``,
    ``hierarchy_up_to``, ``keywords`` … ; see ``default_config()["cluster"]``) or top-level
    ones (``seed``, ``dimensions``, ``stop_words``, ``user_dictionary`` …).

    Returns a dict with ``clusters``, largest first, each with ``members`` and
    ``representatives`` as positions in ``texts`` (and ``member_ids``,
    ``representative_ids``), ``size``, ``distinct``, ``keywords`` (``[term, weight]``),
    ``cohesion``; ``labels`` (each text's cluster, ``None`` when unclustered),
    ``unclustered`` (positions), ``map`` (each text's position on the map),
    ``how_k_was_chosen``, ``vectors``, ``duplicates`` (groups of copies, positions too),
    ``notes``, ``summary`` and ``config``.

    Raises :class:`TooLittleInputError` when the texts cannot be clustered (fewer than three
    distinct texts, no content word).
    """
    texts = _texts(texts)
    if k is not None:
        params["k"] = k
    params = _route("cluster", params)
    raw = json.loads(_iken.cluster(texts, options=_to_json(params)))
    if raw.get("vectors") is None:
        why = [n for n in raw.get("notes", []) if n.startswith("Not clustered")]
        raise TooLittleInputError(
            " ".join(why or raw.get("notes", [])) or "the texts could not be clustered",
            kind="too_little_input",
            what="texts",
        )
    position = {f"o{i + 1}": i for i in range(len(texts))}
    rows = raw.get("opinions", [])
    result: Dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("opinions", "replies", "analysis"):
            continue
        result[key] = value
    result["clusters"] = [_group_positions(c, position) for c in raw.get("clusters", [])]
    result["duplicates"] = [_group_positions(g, position) for g in raw.get("duplicates", [])]
    result["unclustered_ids"] = raw.get("unclustered", [])
    result["unclustered"] = _ids_to_positions(result["unclustered_ids"], position)
    result["labels"] = [row.get("cluster") for row in rows]
    result["map"] = [row.get("map") for row in rows]
    result["config"] = raw.get("analysis")
    return result


def tokenize(
    texts: Iterable[str],
    user_dict: Optional[PathLike] = None,
    *,
    all_tokens: bool = False,
    **options: Any,
) -> List[Any]:
    """The terms the analysis counts in each text, as ``iken tokenize`` prints them.

    Returns one list per text: its terms (content words by base form, and noun compounds
    after their parts, without stop words), or with ``all_tokens=True`` every token the
    dictionary finds as a dict: ``surface``, ``base_form``, ``pos`` (IPADIC's
    comma-separated levels), ``reading``, ``start`` and ``end`` (byte offsets into the
    normalized text).

    ``user_dict`` is a user dictionary (CSV rows ``surface,part_of_speech,reading``, e.g.
    ``ワンスオンリー原則,名詞,ワンスオンリーゲンソク``) that keeps domain terms whole. Other
    keyword arguments are options of ``config.json`` (``stop_words``, ``compounds``,
    ``content_words``, ``normalizer``, ``user_terms``). No texts give an empty list.

    >>> iken.tokenize(["母子手帳のアプリ化を進めてください。"])  # doctest: +SKIP
    [['母子', '手帳', '母子手帳', 'アプリ', '進める']]
    """
    texts = _texts(texts, allow_empty=True)
    if not texts:
        return []
    if user_dict is not None:
        options["user_dictionary"] = os.fspath(user_dict)
    return json.loads(_iken.tokenize(texts, all_tokens, options=_to_json(options)))
