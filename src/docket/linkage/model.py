"""The Splink model: blocking rules, comparisons, training and scoring, on DuckDB or Spark.

One settings builder serves every engine, so DuckDB and Spark score with the same rules. The
levels start from priors that hold for lists of names (most true pairs agree on the folded name;
a birth year that disagrees is strong evidence against), so a small archive links sensibly;
u-probabilities are then estimated from random pairs, the comparisons other than the name by EM
on pairs that share a name, and the name's m-probabilities from the reviewers' "same person"
judgements when there are enough of them. Term-frequency adjustments weigh an exact match on a
common name less than one on a rare name.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from docket.errors import DocketError
from docket.linkage.features import FEATURE_COLUMNS

__all__ = [
    "ENGINES",
    "EngineUnavailable",
    "Pair",
    "Scored",
    "score",
    "settings_for",
]

ENGINES: Final = ("duckdb", "spark")
DATASET: Final = "records"
# Judgements of "same" it takes before they re-estimate the name's m-probabilities.
MIN_LABELS: Final = 10
# Fewer records than this say little about random pairs: the priors' u-probabilities stand.
MIN_SAMPLE: Final = 1000
_SEED: Final = 12
_U_PAIRS: Final = 2_000_000

Progress = Callable[[str], None]


class EngineUnavailable(DocketError):
    """The engine asked for cannot run here."""


@dataclass(frozen=True)
class Pair:
    """Two records scored by the model; ``reason`` says which comparisons moved the weight."""

    a: int
    b: int
    probability: float
    weight: float
    reason: str


@dataclass(frozen=True)
class Scored:
    pairs: list[Pair]
    model: dict[str, Any]


def _compared(
    name: str, description: str, column: str, levels: Sequence[tuple[Any, str, float, float]]
) -> Any:
    """A comparison of ``column`` (null when it is missing) with levels given as (level, label,
    prior m-probability, prior u-probability), most alike first."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name=name,
        comparison_description=description,
        comparison_levels=[
            cll.NullLevel(column),
            *(
                level.configure(m_probability=m, u_probability=u, label_for_charts=label)
                for level, label, m, u in levels
            ),
        ],
    )


def _levels(frequencies: bool) -> dict[str, Any]:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    surname = _compared(
        "surname",
        "the word of the name read as the surname",
        "surname",
        [
            (cll.ExactMatchLevel("surname", frequencies), "same", 0.80, 0.01),
            (cll.JaroWinklerLevel("surname", 0.92), "nearly the same", 0.10, 0.002),
            (cll.ExactMatchLevel("surname_sound"), "same sound", 0.05, 0.02),
            (cll.JaroWinklerLevel("surname", 0.8), "similar", 0.03, 0.05),
            (cll.ElseLevel(), "different", 0.02, 0.934),
        ],
    )
    swapped = cll.CustomLevel("surname_l = given_r OR surname_r = given_l")
    given = _compared(
        "given",
        "the other words of the name (given names)",
        "given",
        [
            (cll.ExactMatchLevel("given", frequencies), "same", 0.85, 0.02),
            (cll.JaroWinklerLevel("given", 0.92), "nearly the same", 0.07, 0.004),
            (cll.ExactMatchLevel("given_sound"), "same sound", 0.04, 0.01),
            (swapped, "surname and given name swapped", 0.02, 0.001),
            (cll.ElseLevel(), "different", 0.02, 0.965),
        ],
    )
    year = cl.CustomComparison(
        output_column_name="born",
        comparison_description="year of birth (a range when only an age is known)",
        comparison_levels=[
            cll.CustomLevel("year_low_l IS NULL OR year_low_r IS NULL", "year unknown").configure(
                is_null_level=True
            ),
            cll.CustomLevel(
                "year_low_l = year_high_l AND year_low_r = year_high_r AND year_low_l = year_low_r",
                "same year",
            ).configure(m_probability=0.85, u_probability=0.02),
            cll.CustomLevel(
                "year_low_l <= year_high_r AND year_low_r <= year_high_l", "years overlap"
            ).configure(m_probability=0.09, u_probability=0.02),
            cll.CustomLevel(
                "ABS((year_low_l + year_high_l) - (year_low_r + year_high_r)) <= 4",
                "within two years",
            ).configure(m_probability=0.04, u_probability=0.08),
            cll.ElseLevel().configure(
                m_probability=0.02, u_probability=0.88, label_for_charts="different years"
            ),
        ],
    )
    gender = _compared(
        "gender",
        "gender, when stated",
        "gender",
        [
            (cll.ExactMatchLevel("gender"), "same", 0.98, 0.5),
            (cll.ElseLevel(), "different", 0.02, 0.5),
        ],
    )
    return {"surname": surname, "given": given, "born": year, "gender": gender}


def blocking_rules() -> list[Any]:
    from splink import block_on

    return [
        block_on("block_name_sorted"),
        block_on("block_sound"),
        block_on("block_tokens", arrays_to_explode=["block_tokens"]),
    ]


def settings_for(kind: str, records: int) -> Any:
    """Splink settings for records of ``kind`` (person compares birth years and gender)."""
    from splink import SettingsCreator

    levels = _levels(records >= MIN_SAMPLE)
    comparisons = [levels["surname"], levels["given"], levels["born"]]
    if kind == "person":
        comparisons.append(levels["gender"])
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=min(0.5, 2.0 / max(records, 4)),
        blocking_rules_to_generate_predictions=blocking_rules(),
        comparisons=comparisons,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=[],
        em_convergence=0.001,
        max_iterations=20,
    )


@contextmanager
def _quiet() -> Iterator[None]:
    """Splink logs every step on the root of its own loggers: kept out of the command's output."""
    logger = logging.getLogger("splink")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.ERROR)
    logger.propagate = False
    try:
        yield
    finally:
        logger.setLevel(level)
        logger.propagate = propagate


class _Backend:
    """One engine: a Splink database API and a way to hand it rows."""

    def __init__(self, engine: str) -> None:
        if engine not in ENGINES:
            raise EngineUnavailable(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
        self.engine = engine
        self._spark: Any = None
        if engine == "duckdb":
            import duckdb
            from splink import DuckDBAPI

            self._duckdb = duckdb.connect(":memory:")
            self.api = DuckDBAPI(connection=self._duckdb)
        else:
            self.api = self._spark_api()

    def _spark_api(self) -> Any:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise EngineUnavailable(
                "--engine spark needs PySpark, which is not installed here: "
                "install it (pip install pyspark) or use --engine duckdb"
            ) from None
        from splink import SparkAPI
        from splink.backends.spark import similarity_jar_location

        try:
            self._spark = (
                SparkSession.builder.master("local[2]")
                # Splink's string similarity functions (Jaro-Winkler) ship in its jar.
                .config("spark.jars", similarity_jar_location())
                .appName("docket-link")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate()
            )
        except Exception as error:  # Java missing or refusing to start: one line, not a trace
            first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise EngineUnavailable(f"--engine spark cannot start Spark here: {first}") from None
        self._spark.sparkContext.setLogLevel("ERROR")
        self._spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="docket-spark-"))
        return SparkAPI(spark_session=self._spark)  # type: ignore[no-untyped-call]

    def close(self) -> None:
        """Let go of DuckDB's memory; a Spark session stays for the next run of the process."""
        if self.engine == "duckdb":
            self._duckdb.close()

    def register(self, rows: Sequence[dict[str, Any]], name: str) -> Any:
        if self.engine == "duckdb":
            import pyarrow as pa

            table = pa.table(
                {column: [row[column] for row in rows] for column in _columns(rows)},
                schema=_arrow_schema(),
            )
            return self.api.register(table, dataset_display_name=name)
        from pyspark.sql.types import (
            ArrayType,
            LongType,
            StringType,
            StructField,
            StructType,
        )

        types = {"unique_id": LongType(), "year_low": LongType(), "year_high": LongType()}
        schema = StructType(
            [
                StructField(
                    column,
                    ArrayType(StringType())
                    if column in ("tokens", "block_tokens")
                    else types.get(column, StringType()),
                )
                for column in _columns(rows)
            ]
        )
        frame = self._spark.createDataFrame(
            [tuple(row[c] for c in _columns(rows)) for row in rows], schema
        )
        return self.api.register(frame, dataset_display_name=name)


def _columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    del rows
    return [*FEATURE_COLUMNS, "block_name_sorted", "block_sound"]


def _arrow_schema() -> Any:
    import pyarrow as pa

    text, number, words = pa.string(), pa.int64(), pa.list_(pa.string())
    types = {"unique_id": number, "year_low": number, "year_high": number}
    return pa.schema(
        [
            (column, words if column in ("tokens", "block_tokens") else types.get(column, text))
            for column in _columns([])
        ]
    )


def _uses_frequencies(model: dict[str, Any]) -> bool:
    return any(
        level.get("tf_adjustment_column")
        for comparison in model.get("comparisons", [])
        for level in comparison["comparison_levels"]
    )


def _labels(model: dict[str, Any]) -> dict[tuple[str, int], str]:
    """Label of each comparison level by its gamma (Splink numbers the levels that are not
    the null level from the last, 0, up)."""
    labels = {}
    for comparison in model.get("comparisons", []):
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for gamma, level in enumerate(reversed(levels)):
            labels[(comparison["output_column_name"], gamma)] = (
                level.get("label_for_charts") or level["sql_condition"]
            )
    return labels


def explain(row: dict[str, Any], names: Iterable[str], labels: dict[tuple[str, int], str]) -> str:
    """Which comparisons moved the weight, strongest first: "name: same words (+6.1); ..."."""
    parts = []
    for name in names:
        weight = row.get(f"mw_{name}")
        gamma = row.get(f"gamma_{name}")
        if weight is None or gamma is None or gamma < 0:
            continue
        weight = float(weight) + float(row.get(f"mw_tf_adj_{name}") or 0.0)
        parts.append((abs(weight), f"{name}: {labels.get((name, gamma), gamma)} ({weight:+.1f})"))
    return "; ".join(text for _, text in sorted(parts, key=lambda p: -p[0]))


def score(
    kind: str,
    rows: Sequence[dict[str, Any]],
    *,
    engine: str = "duckdb",
    same: Sequence[tuple[int, int]] = (),
    threshold: float = 0.5,
    model: dict[str, Any] | None = None,
    new_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
) -> Scored:
    """Score the candidate pairs of ``rows`` at or above ``threshold``.

    With ``model`` (a trained model saved from an earlier run), nothing is trained again; with
    ``new_ids`` only pairs that involve one of those records are scored (the rest were scored
    before). ``same`` are pairs reviewers judged the same record: with enough of them they
    re-estimate the name's m-probabilities.
    """
    tell = progress or (lambda _message: None)
    if len(rows) < 2:
        return Scored([], model or {})
    backend = _Backend(engine)
    from splink import Linker

    with _quiet():
        table = backend.register(rows, DATASET)
        settings: Any = model if model is not None else settings_for(kind, len(rows))
        linker = Linker(table, settings, log_level=None)
        if model is None:
            train(linker, backend.api, len(rows), same, tell)
        saved = linker.misc.save_model_to_json()
        tell("scoring candidate pairs")
        if _uses_frequencies(saved):
            for column in ("surname", "given"):
                linker.table_management.compute_tf_table(column)
        if new_ids is None:
            predictions = linker.inference.predict(
                threshold_match_probability=threshold, warning_mode="never"
            )
        else:
            predictions = _predict_new(backend, linker, rows, set(new_ids), threshold)
        names = [c["output_column_name"] for c in saved["comparisons"]]
        labels_of = _labels(saved)
        pairs = []
        for row in _records(predictions):
            a, b = sorted((int(row["unique_id_l"]), int(row["unique_id_r"])))
            probability = float(row["match_probability"])
            pairs.append(
                Pair(a, b, probability, float(row["match_weight"]), explain(row, names, labels_of))
            )
        backend.close()
    return Scored(pairs, saved)


def train(
    linker: Any,
    api: Any,
    records: int,
    same: Sequence[tuple[int, int]] = (),
    progress: Progress | None = None,
) -> None:
    """Train ``linker``: u from random pairs and m by EM once there are enough records (the
    priors stand below that), the names' m from reviewed "same" pairs when there are enough."""
    from splink import block_on

    tell = progress or (lambda _message: None)
    if records >= MIN_SAMPLE:
        tell("training: u-probabilities from random pairs")
        linker.training.estimate_u_using_random_sampling(max_pairs=_U_PAIRS, seed=_SEED)
        tell("training: EM on pairs sharing a name, then on pairs sharing a sound and a year")
        _try_em(linker, block_on("block_name_sorted"))
        _try_em(linker, block_on("block_sound", "year_low"))
    if len(same) >= MIN_LABELS:
        tell(f"training: name m-probabilities from {len(same)} reviewed pairs")
        labels = [
            {
                "source_dataset_l": DATASET,
                "unique_id_l": a,
                "source_dataset_r": DATASET,
                "unique_id_r": b,
            }
            for a, b in same
        ]
        registered = api.register(labels, dataset_display_name="labels")
        linker.training.estimate_m_from_pairwise_labels(registered)


def _predict_new(
    backend: _Backend, linker: Any, rows: Sequence[dict[str, Any]], new: set[int], threshold: float
) -> Any:
    old_rows = [row for row in rows if row["unique_id"] not in new]
    new_rows = [row for row in rows if row["unique_id"] in new]
    new_table = backend.register(new_rows, "new_records")
    within = list(
        _records(
            linker.inference.predict_within(
                new_table, threshold_match_probability=threshold, warning_mode="never"
            )
        )
    )
    if not old_rows:
        return within
    old_table = backend.register(old_rows, "known_records")
    between = _records(
        linker.inference.predict_between(
            old_table, new_table, threshold_match_probability=threshold, warning_mode="never"
        )
    )
    return within + list(between)


def _records(predictions: Any) -> list[dict[str, Any]]:
    if isinstance(predictions, list):
        return predictions
    return list(predictions.as_record_list())


def _try_em(linker: Any, rule: Any) -> None:
    """EM on the pairs ``rule`` finds; too few pairs to learn from leaves the priors as they are."""
    from splink.internals.exceptions import SplinkException

    try:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    except (SplinkException, ZeroDivisionError, ValueError):
        return
