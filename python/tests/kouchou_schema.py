"""Pydantic (v2) model of kouchou-ai's ``hierarchical_result.json``.

kouchou-ai (広聴AI, https://github.com/digitaldemocracy2030/kouchou-ai) renders a
report from one JSON file. This module describes that file as the public
viewer consumes it, so that iken's exporter can be checked against it in tests.
It is written in our own words from reading these kouchou-ai sources:

* Writer (pipeline step that produces the file):
  ``packages/analysis-core/src/analysis_core/steps/hierarchical_aggregation.py``
  (earlier copies: ``apps/api/broadlistening/pipeline/steps/hierarchical_aggregation.py``,
  ``server/broadlistening/pipeline/steps/hierarchical_aggregation.py``).
* Where cluster ids, ``value``, ``parent`` and ``density_rank_percentile`` come from:
  ``packages/analysis-core/src/analysis_core/steps/hierarchical_clustering.py`` and
  ``packages/analysis-core/src/analysis_core/steps/hierarchical_merge_labelling.py``.
* Argument ids and the input CSV columns:
  ``packages/analysis-core/src/analysis_core/steps/extraction.py``,
  ``apps/api/src/services/report_launcher.py``,
  ``docs/development/plugin-output-data-structures.md``.
* Viewer types and the fields the viewer reads:
  ``apps/public-viewer/type.ts`` (formerly ``client/type.ts``),
  ``apps/public-viewer/components/report/{ClientContainer,Overview,Analysis,ClusterOverview}.tsx``,
  ``apps/public-viewer/components/charts/{ScatterChart,TreemapChart,HierarchyListChart}.tsx``,
  ``apps/public-viewer/components/charts/plugins/scatter.tsx``.
* kouchou-ai's own structural checker:
  ``packages/analysis-core/src/analysis_core/validate_output.py``.
* Cluster-count defaults: ``client-admin/app/create/hooks/useClusterSettings.ts``
  (admin UI), ``packages/analysis-core/src/analysis_core/specs/hierarchical_specs.json``.

Deliberate strictness beyond kouchou-ai's own writer (see /tmp/kouchou-notes.md):

* ``comment_id`` must be a JSON integer (the viewer's TypeScript type says
  ``number``); the current Python writer emits it as a string.
* ``density_rank_percentile`` must be a number in [0, 1] (the viewer compares it
  numerically; the writer's TypedDict allows ``None``).
* ``attributes`` values must be str/int/float (the writer may emit ``null``/NaN).

Run as a script to check a file: ``python3 kouchou_schema.py path/to/hierarchical_result.json``.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

__all__ = [
    "ROOT_CLUSTER_ID",
    "ROOT_PARENT",
    "ADMIN_DEFAULT_CLUSTER_NUMS",
    "LEGACY_SPEC_DEFAULT_CLUSTER_NUMS",
    "KouchouArgument",
    "KouchouCluster",
    "KouchouComment",
    "KouchouPlanStep",
    "KouchouClusteringConfig",
    "KouchouConfig",
    "HierarchicalResult",
    "kouchou_recommended_cluster_nums",
    "validate_hierarchical_result",
]

#: The aggregation step always prepends one root cluster with this id ...
ROOT_CLUSTER_ID = "0"
#: ... whose ``parent`` is the empty string (level-1 clusters have parent "0").
ROOT_PARENT = ""
#: Initial [level-1, level-2] counts in kouchou's admin "create report" form.
ADMIN_DEFAULT_CLUSTER_NUMS = (5, 50)
#: Default in the older pipeline spec (server/broadlistening/pipeline/hierarchical_specs.json);
#: the current analysis-core spec has ``null`` and computes a recommendation instead.
LEGACY_SPEC_DEFAULT_CLUSTER_NUMS = (3, 6)

# Steps the viewer's "分析手順" timeline knows; for each one listed in config.plan
# it dereferences config.<step>.<field>, so that section must be an object.
_PLAN_STEPS_READ_BY_VIEWER = (
    "extraction",
    "embedding",
    "hierarchical_clustering",
    "hierarchical_initial_labelling",
    "hierarchical_merge_labelling",
    "hierarchical_overview",
    "hierarchical_aggregation",
    "hierarchical_visualization",
)

# --------------------------------------------------------------------------- types

FiniteFloat = Annotated[float, Field(strict=True, allow_inf_nan=False)]
"""A finite JSON number (ints accepted, bools/strings/NaN/inf rejected)."""
NonNegInt = Annotated[int, Field(strict=True, ge=0)]
NonEmptyStr = Annotated[str, Field(strict=True, min_length=1)]
AttributeValue = Union[StrictStr, StrictInt, FiniteFloat]
Percentile = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0.0, le=1.0)]


class KouchouArgument(BaseModel):
    """One extracted opinion (意見) = one point in the scatter plot / treemap leaf."""

    model_config = ConfigDict(extra="forbid")

    arg_id: NonEmptyStr
    """Unique id; kouchou forms it as ``A{comment-id}_{index}``. Must not equal any
    cluster id (the treemap puts clusters and arguments in one id space)."""
    argument: StrictStr
    """The opinion text shown on hover and in lists."""
    comment_id: StrictInt
    """Id of the source comment (``comment-id`` column of the input CSV)."""
    x: FiniteFloat
    y: FiniteFloat
    """2-D coordinates (kouchou: UMAP of the embeddings)."""
    p: FiniteFloat
    """Legacy membership-probability slot; kouchou always writes 0, the viewer ignores it."""
    cluster_ids: list[StrictStr] = Field(min_length=1)
    """Path from the root: ``["0", <level-1 id>, <level-2 id>, ...]``, one id per level."""
    attributes: Optional[dict[StrictStr, AttributeValue]] = None
    """``attribute_*`` input columns with the prefix removed; ``null`` when there are none."""
    url: Optional[StrictStr] = None
    """Source link, used only when ``config.enable_source_link`` is true."""


class KouchouCluster(BaseModel):
    """One node of the cluster tree (意見グループ)."""

    model_config = ConfigDict(extra="forbid")

    level: NonNegInt
    """0 for the root, 1 for the coarsest groups, up to len(cluster_nums)."""
    id: NonEmptyStr
    """Root is "0"; kouchou names the others ``{level}_{n}`` (e.g. "1_3", "2_17")."""
    label: StrictStr
    takeaway: StrictStr
    """Group description; kouchou writes "" for the root."""
    value: NonNegInt
    """Number of arguments in the group (root: all arguments)."""
    parent: StrictStr
    """Id of the parent cluster; "" for the root, "0" for level 1."""
    density_rank_percentile: Percentile
    """rank/n within the level, densest = 1/n, sparsest = 1.0; root = 0."""
    density: Optional[FiniteFloat] = None
    density_rank: Optional[FiniteFloat] = None
    """Present in kouchou's intermediate CSV only; tolerated here, unused by the viewer."""


class KouchouComment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: StrictStr


class KouchouPlanStep(BaseModel):
    model_config = ConfigDict(extra="allow")

    step: NonEmptyStr
    run: Optional[Union[StrictBool, StrictStr]] = None
    reason: Optional[StrictStr] = None


class KouchouClusteringConfig(BaseModel):
    model_config = ConfigDict(extra="allow")

    cluster_nums: Optional[list[Annotated[int, Field(strict=True, ge=1)]]] = None
    source_code: Optional[StrictStr] = None


class KouchouConfig(BaseModel):
    """The run configuration echoed into the result. Only some keys are read by
    the viewer: ``question`` (title), ``intro`` (分析の概要), ``plan`` (iterated
    unconditionally), ``enable_source_link`` and the per-step sections named in
    ``plan``. Everything else is tolerated."""

    model_config = ConfigDict(extra="allow")

    question: NonEmptyStr
    intro: StrictStr
    plan: list[KouchouPlanStep]
    name: Optional[StrictStr] = None
    input: Optional[StrictStr] = None
    model: Optional[StrictStr] = None
    output_dir: Optional[StrictStr] = None
    is_pubcom: Optional[StrictBool] = None
    is_embedded_at_local: Optional[StrictBool] = None
    enable_source_link: Optional[StrictBool] = None
    hierarchical_clustering: Optional[KouchouClusteringConfig] = None


class HierarchicalResult(BaseModel):
    """Top level of ``hierarchical_result.json``."""

    model_config = ConfigDict(extra="allow")

    arguments: list[KouchouArgument]
    clusters: list[KouchouCluster] = Field(min_length=1)
    """Root cluster first (the treemap treats clusters[0] as the root)."""
    comments: dict[StrictStr, KouchouComment]
    """kouchou currently always writes {} (its builder is commented out)."""
    propertyMap: dict[StrictStr, dict[StrictStr, Any]]
    """{property: {arg_id: value-or-null}}; {} unless hidden_properties/categories are set."""
    translations: dict[StrictStr, Any]
    """{} unless config.translation.languages is set."""
    overview: StrictStr
    config: KouchouConfig
    comment_num: NonNegInt
    """Row count of the input comments CSV (all rows, not only those yielding arguments)."""
    visibility: Optional[Literal["public", "private", "unlisted"]] = None
    """Added by kouchou's API when serving; not written by the pipeline."""
    visualizationConfig: Optional[dict[StrictStr, Any]] = None
    """Added by kouchou's API when serving; not written by the pipeline."""


# --------------------------------------------------------------------------- helpers


def kouchou_recommended_cluster_nums(count: int) -> list[int]:
    """Cluster counts kouchou suggests for ``count`` items.

    Level 1 is the cube root of the count, rounded and kept within 2..10; level 2
    is the square of level 1 (capped at 1000 and, in analysis-core, at the
    number of arguments). The admin UI applies this to the comment count, the
    pipeline (when ``cluster_nums`` is missing) to the argument count.
    """
    if count < 2:
        raise ValueError("count must be at least 2")
    lv1 = max(2, min(10, round(count ** (1 / 3))))
    lv2 = max(2, min(1000, count, lv1 * lv1))
    return sorted({lv1, lv2})


def _kouchou_id_problems(result: HierarchicalResult) -> list[str]:
    problems = []
    for c in result.clusters[1:]:
        if not re.fullmatch(rf"{c.level}_\d+", c.id):
            problems.append(f"cluster {c.id!r}: kouchou ids look like '{c.level}_<n>' at level {c.level}")
    for a in result.arguments:
        if not re.fullmatch(r"A.+_\d+", a.arg_id):
            problems.append(f"argument {a.arg_id!r}: kouchou ids look like 'A<comment-id>_<n>'")
    return problems


def _fail(errors: list[str]) -> None:
    shown = errors[:40]
    more = f"\n  ... and {len(errors) - len(shown)} more" if len(errors) > len(shown) else ""
    raise ValueError(
        f"hierarchical_result is not valid for kouchou-ai ({len(errors)} problem(s)):\n  "
        + "\n  ".join(shown)
        + more
    )


def validate_hierarchical_result(
    data: dict,
    *,
    check_density_ranks: bool = True,
    require_kouchou_id_format: bool = False,
) -> HierarchicalResult:
    """Parse ``data`` and check the invariants the kouchou-ai viewer relies on.

    Raises ``ValueError`` listing every problem found. With
    ``check_density_ranks`` the per-level ``density_rank_percentile`` values
    must be exactly {1/n, 2/n, ..., 1} as kouchou computes them; with
    ``require_kouchou_id_format`` ids must follow kouchou's naming.
    """
    if not isinstance(data, dict):
        raise ValueError(f"hierarchical_result must be a JSON object, got {type(data).__name__}")
    try:
        result = HierarchicalResult.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"hierarchical_result does not match the kouchou-ai schema:\n{exc}") from exc

    errors: list[str] = []
    clusters = result.clusters
    args = result.arguments

    # ---- cluster tree -----------------------------------------------------
    id_counts = Counter(c.id for c in clusters)
    errors += [f"cluster id {cid!r} appears {n} times" for cid, n in id_counts.items() if n > 1]
    by_id = {c.id: c for c in clusters}

    roots = [c for c in clusters if c.level == 0]
    if len(roots) != 1:
        errors.append(f"expected exactly one level-0 (root) cluster, found {len(roots)}")
    root = clusters[0]
    if root.id != ROOT_CLUSTER_ID or root.level != 0:
        errors.append(
            f"clusters[0] must be the root (id {ROOT_CLUSTER_ID!r}, level 0); "
            f"got id {root.id!r} at level {root.level}"
        )
    if root.parent != ROOT_PARENT:
        errors.append(f"root cluster parent must be {ROOT_PARENT!r}, got {root.parent!r}")
    if root.density_rank_percentile != 0:
        errors.append(f"root density_rank_percentile must be 0, got {root.density_rank_percentile}")

    max_level = max(c.level for c in clusters)
    present_levels = {c.level for c in clusters}
    if max_level < 1:
        errors.append("there must be at least one level-1 cluster")
    missing = sorted(set(range(max_level + 1)) - present_levels)
    if missing:
        errors.append(f"cluster levels must be contiguous from 0; missing level(s) {missing}")

    for c in clusters:
        if c is root:
            continue
        if c.level == 0:
            continue  # already reported as an extra root
        if c.parent == ROOT_PARENT:
            errors.append(f"cluster {c.id!r} (level {c.level}) has an empty parent; only the root may")
            continue
        parent = by_id.get(c.parent)
        if parent is None:
            errors.append(f"cluster {c.id!r}: parent {c.parent!r} does not exist")
        elif parent.level != c.level - 1:
            errors.append(
                f"cluster {c.id!r} (level {c.level}): parent {c.parent!r} is at level {parent.level}, "
                f"expected {c.level - 1}"
            )
        if c.value < 1:
            errors.append(f"cluster {c.id!r}: value must be >= 1 (kouchou never emits empty groups)")

    # ---- arguments --------------------------------------------------------
    arg_counts = Counter(a.arg_id for a in args)
    errors += [f"arg_id {aid!r} appears {n} times" for aid, n in arg_counts.items() if n > 1]
    clash = sorted(set(arg_counts) & set(by_id))
    if clash:
        errors.append(f"arg_id(s) equal to cluster ids (treemap ids collide): {clash[:10]}")

    members: Counter[str] = Counter()
    for a in args:
        path = a.cluster_ids
        where = f"argument {a.arg_id!r}"
        if path[0] != ROOT_CLUSTER_ID:
            errors.append(f"{where}: cluster_ids must start with {ROOT_CLUSTER_ID!r}, got {path}")
            continue
        if len(path) != max_level + 1:
            errors.append(f"{where}: cluster_ids must name one cluster per level 0..{max_level}, got {path}")
            continue
        ok = True
        for depth, cid in enumerate(path):
            c = by_id.get(cid)
            if c is None:
                errors.append(f"{where}: unknown cluster id {cid!r}")
                ok = False
                break
            if c.level != depth:
                errors.append(f"{where}: cluster_ids[{depth}] = {cid!r} is at level {c.level}")
                ok = False
                break
            if depth and c.parent != path[depth - 1]:
                errors.append(
                    f"{where}: {cid!r} has parent {c.parent!r}, but the path puts it under {path[depth - 1]!r}"
                )
                ok = False
                break
        if ok:
            members.update(path)

    # ---- counts (value) ----------------------------------------------------
    if root.value != len(args):
        errors.append(f"root value must equal the number of arguments ({len(args)}), got {root.value}")
    for c in clusters[1:]:
        if c.value != members[c.id]:
            errors.append(f"cluster {c.id!r}: value {c.value} but {members[c.id]} argument(s) reference it")

    # ---- density ranks ----------------------------------------------------
    for c in clusters[1:]:
        if not 0 < c.density_rank_percentile <= 1:
            errors.append(f"cluster {c.id!r}: density_rank_percentile must be in (0, 1], got {c.density_rank_percentile}")
    if check_density_ranks:
        for level in range(1, max_level + 1):
            got = sorted(c.density_rank_percentile for c in clusters if c.level == level)
            n = len(got)
            want = [k / n for k in range(1, n + 1)]
            if n and not all(math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-9) for g, w in zip(got, want)):
                errors.append(
                    f"level {level}: density_rank_percentile values should be rank/n = {{1/{n}, ..., {n}/{n}}}, got {got}"
                )

    # ---- attributes / propertyMap / comment_num ----------------------------
    keysets = {frozenset(a.attributes) for a in args if a.attributes is not None}
    if len(keysets) > 1:
        errors.append(
            "arguments carry different attribute key sets (kouchou gives every argument the same "
            f"attribute_* columns): {sorted(sorted(k) for k in keysets)[:5]}"
        )
    for prop, mapping in result.propertyMap.items():
        unknown = sorted(set(mapping) - set(arg_counts))
        if unknown:
            errors.append(f"propertyMap[{prop!r}] has keys that are not arg_ids: {unknown[:10]}")

    distinct_comments = len({a.comment_id for a in args})
    if result.comment_num < distinct_comments:
        errors.append(
            f"comment_num ({result.comment_num}) is smaller than the number of distinct "
            f"comment_id values in arguments ({distinct_comments})"
        )

    # ---- overview / config -------------------------------------------------
    if not result.overview.strip():
        errors.append("overview must be non-empty")
    cfg = result.config
    raw_cfg = data["config"]
    for step in cfg.plan:
        if step.step in _PLAN_STEPS_READ_BY_VIEWER and not isinstance(raw_cfg.get(step.step), dict):
            errors.append(f"config.plan lists {step.step!r} but config.{step.step} is not an object")
    if cfg.hierarchical_clustering is not None and cfg.hierarchical_clustering.cluster_nums is not None:
        nums = cfg.hierarchical_clustering.cluster_nums
        if len(nums) != max_level:
            errors.append(f"config.hierarchical_clustering.cluster_nums has {len(nums)} levels, clusters have {max_level}")
        else:
            for level, limit in enumerate(nums, start=1):
                n = sum(1 for c in clusters if c.level == level)
                if n > limit:
                    errors.append(f"level {level} has {n} clusters, more than cluster_nums[{level - 1}] = {limit}")

    if require_kouchou_id_format:
        errors += _kouchou_id_problems(result)

    if errors:
        _fail(errors)
    return result


def _main(argv: list[str]) -> int:
    import json

    if len(argv) != 2:
        print("usage: kouchou_schema.py hierarchical_result.json", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        print(f"cannot read {argv[1]}: {exc}", file=sys.stderr)
        return 2
    try:
        result = validate_hierarchical_result(data)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    levels = Counter(c.level for c in result.clusters)
    print(f"ok: {len(result.arguments)} arguments, clusters per level {dict(sorted(levels.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
