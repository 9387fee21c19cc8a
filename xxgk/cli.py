"""The ``xxgk`` command: loads settings, calls the flows (or the domain for eval/generate).

    xxgk run [--source SOURCE] [--lake URI]             the whole pipeline; SOURCE:
                                                        sources.yaml | folder | file | URL |
                                                        file of URLs
    xxgk ingest|parse|validate|publish                  one stage (parse/validate/publish take
                                                        --run-id, default: the last ingest)
    xxgk backfill [--years 2019-2021]                   re-parse from the raw zone (no fetching)
    xxgk eval --source DIR --gold FILE                  precision/recall against gold labels
    xxgk generate --out DIR|s3://B/P -n N               synthetic reports with known answers
    xxgk generate --out DIR --histories N [--years Y-Y]  organs followed over years
    xxgk releases [--prune --keep N]                    list releases; retention
    xxgk unlock [--force]                               remove the stale lease of a dead run
    xxgk sql ["SELECT …"]                               DuckDB over the current release
    xxgk agencies QUERY                                 one organ (agency_id, region code or
                                                        part of a name) and its reports by year
    xxgk review [--check C] [--agency A] [--year Y]     the review queue of the current release
    xxgk review decide REPORT CHECK --verdict V --note N --reviewer R
                                                        record a verdict (source_error,
                                                        parser_error, accepted)
    xxgk review export-parser-errors --out DIR          parser errors in the gold format
    xxgk suites                                         rewrite expectations/*.json
    xxgk dictionary                                     rewrite docs/data_dictionary.md
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

from xxgk import exit_codes
from xxgk.expected_errors import MissingInput, explain
from xxgk.prefect_env import apply_prefect_defaults, prefect_api
from xxgk.schema import CURATED_TABLES, VERDICTS
from xxgk.settings import Settings

SAMPLE_CORPUS = Path(__file__).parent / "sample_corpus"


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(lake=args.lake, s3_endpoint_url=args.s3_endpoint_url,
                             s3_region=args.s3_region, batch_size=args.batch_size,
                             run_id=getattr(args, "run_id", None),
                             runner=getattr(args, "runner", None),
                             dask_address=getattr(args, "dask_address", None),
                             workers=getattr(args, "workers", None))


def _last_run_id(settings: Settings) -> str:
    from xxgk.stages.ingest import last_run_id
    from xxgk.storage import open_lake

    run_id = last_run_id(open_lake(settings))
    if run_id is None:
        raise MissingInput(f"no ingested run in {settings.lake}: run `xxgk ingest` first or pass "
                           "--run-id")
    return run_id


def _prefect_flow_run_state(flow_run_id: str) -> str | None:
    from tasks.lease import flow_run_state  # imports Prefect: only when a lease names a run

    return flow_run_state(flow_run_id)


def _holding_the_lake(settings: Settings, work: Callable[[], int]) -> int:
    """Run ``work`` holding the lake's lease, taken before Prefect starts: a busy lake is one
    line on stderr and exit code 75, a lease lost during the run exit code 76."""
    from xxgk.stages.lease import LakeBusy, LeaseLost, holding
    from xxgk.storage import open_lake

    try:
        with holding(open_lake(settings), settings.run_id,
                     ttl_seconds=settings.lease_ttl_seconds,
                     clock_skew_seconds=settings.lease_clock_skew_seconds,
                     flow_run_state=_prefect_flow_run_state) as lease:
            line = lease.report_takeover()
            if line is not None:
                print(f"xxgk: {line}", file=sys.stderr, flush=True)
            return work()
    except LakeBusy as busy:
        print(f"xxgk: {busy}", file=sys.stderr)
        return exit_codes.LAKE_BUSY
    except LeaseLost as lost:
        print(f"xxgk: {lost}", file=sys.stderr)
        return exit_codes.LEASE_LOST


def _check_source(source: str) -> None:
    """A source that does not exist, or a sources file that cannot be used, stops the
    command before it takes the lake or starts Prefect (MissingInput, SourcesFileError)."""
    from xxgk.ingest.sources import classify_source
    from xxgk.ingest.sources_file import load_sources_file

    if classify_source(source) == "sources_file":
        load_sources_file(source)


def cmd_run(args: argparse.Namespace) -> int:
    apply_prefect_defaults()
    settings = _settings(args)
    _check_source(str(args.source))
    print(f"xxgk: {settings.describe()}; source {args.source}", flush=True)

    def run() -> int:
        with prefect_api(while_starting=lambda: importlib.import_module("flows.pipeline")):
            from flows.pipeline import pipeline_flow
            from xxgk.run_progress import shown_on

            with shown_on(sys.stdout):  # progress rows on a terminal; nothing when piped
                summary = pipeline_flow(settings, str(args.source), reparse=args.reparse)
        print(summary.render())
        return exit_codes.OK

    return _holding_the_lake(settings, run)


def cmd_backfill(args: argparse.Namespace) -> int:
    apply_prefect_defaults()
    settings = _settings(args)

    def backfill() -> int:
        with prefect_api():
            return _backfill(args, settings)

    return _holding_the_lake(settings, backfill)


def _backfill(args: argparse.Namespace, settings: Settings) -> int:
    from flows.backfill import backfill_flow

    first, last = None, None
    if args.years:
        first_text, _, last_text = args.years.partition("-")
        first, last = int(first_text), int(last_text or first_text)
    print(f"xxgk: backfill {args.years or 'all years'}; {settings.describe()}", flush=True)
    print(backfill_flow(settings, first, last).render())
    return exit_codes.OK


def cmd_unlock(args: argparse.Namespace) -> int:
    from xxgk.stages.lease import LakeBusy, unlock
    from xxgk.storage import open_lake

    settings = _settings(args)
    try:
        done = unlock(open_lake(settings), force=args.force,
                      clock_skew_seconds=settings.lease_clock_skew_seconds,
                      flow_run_state=_prefect_flow_run_state)
    except LakeBusy as busy:
        print(f"xxgk unlock: {busy}", file=sys.stderr)
        return exit_codes.LAKE_BUSY
    if done.removed is None:
        print(f"xxgk unlock: {settings.lake}: {done.why}")
    else:
        print(f"xxgk unlock: removed the lease of {done.removed.describe()} on {settings.lake}: "
              f"{done.why}")
    return exit_codes.OK


def cmd_stage(args: argparse.Namespace) -> int:
    apply_prefect_defaults()
    settings = _settings(args)
    # What is missing is said before Prefect starts (its server takes seconds to start).
    if args.command == "ingest":
        _check_source(str(args.source))
    elif not args.run_id:
        settings = settings.with_run_id(_last_run_id(settings))
    with prefect_api():
        return _stage(args, settings)


def _stage(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "ingest":
        from flows.ingest import ingest_flow

        result = ingest_flow(settings, str(args.source))
        print(f"ingested run {settings.run_id}: {result.documents} documents "
              f"({result.new_raw} new), {result.errors} errors")
        return 0
    if args.command == "parse":
        from flows.parse import parse_flow

        batches = parse_flow(settings, reparse=args.reparse)
        print(f"parsed run {settings.run_id}: {sum(b.reports for b in batches)} reports, "
              f"{sum(b.errors for b in batches)} errors in {len(batches)} batches")
    elif args.command == "validate":
        from flows.validate import validate_flow

        validated = validate_flow(settings)
        print(f"validated run {settings.run_id}: {validated.status_counts}; "
              f"Data Docs: {validated.data_docs_uri}")
    elif args.command == "publish":
        from flows.publish import publish_flow

        published = publish_flow(settings)
        if published.unchanged:
            print(f"nothing new to publish; release {published.release_id} stays current")
        else:
            print(f"published release {published.release_id}: {published.row_counts}")
        for uri in published.latest_uris.values():
            print(f"  {uri}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from xxgk.evaluation import evaluate, render

    groups = tuple(g for g in args.group_by.split(",") if g)
    report = evaluate(Path(args.source), Path(args.gold), groups=groups, split=args.split,
                      provenance_path=Path(args.provenance) if args.provenance else None)
    print(render(report, max_differences=args.max_differences))
    if args.json:
        Path(args.json).write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2,
                                              default=str), encoding="utf-8")
    if args.markdown:
        Path(args.markdown).write_text(render(report, max_differences=10**6, markdown=True)
                                       + "\n", encoding="utf-8")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from xxgk.generate import parse_years, write_corpus, write_histories

    options: dict[str, tuple[str, ...]] = {}
    if args.formats:
        options["formats"] = tuple(args.formats.split(","))
    if args.layouts:
        options["layouts"] = tuple(args.layouts.split(","))
    # Only the S3 endpoint and region matter here; a folder --out ignores them.
    settings = Settings.from_env(s3_endpoint_url=args.s3_endpoint_url, s3_region=args.s3_region)
    if args.histories is not None:
        if args.eras or args.violation_rate:
            raise SystemExit("--histories draws its own eras (by year) and plants no identity "
                             "violations: leave out --eras and --violation-rate")
        gold = write_histories(args.out, args.histories, parse_years(args.years), args.seed,
                               s3_endpoint_url=settings.s3_endpoint_url,
                               s3_region=settings.s3_region, **options)
        print(f"wrote the reports of {args.histories} organs over {args.years} to {args.out}; "
              f"answers in {gold}")
        return 0
    if args.eras:
        options["eras"] = tuple(args.eras.split(","))
    gold = write_corpus(args.out, args.n, args.seed, violation_rate=args.violation_rate,
                        s3_endpoint_url=settings.s3_endpoint_url, s3_region=settings.s3_region,
                        **options)
    print(f"wrote {args.n} reports to {args.out}; answers in {gold}")
    return 0


def cmd_suites(args: argparse.Namespace) -> int:
    from xxgk.quality.suites import write_suites

    for path in write_suites(Path(args.out) if args.out else None):
        print(f"wrote {path}")
    return 0


def cmd_dictionary(args: argparse.Namespace) -> int:
    from xxgk.dictionary import write_dictionary

    print(f"wrote {write_dictionary(Path(args.out) if args.out else None)}")
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    import polars as pl

    from xxgk.sql import EXAMPLES, connect, run_query
    from xxgk.storage import open_lake

    lake = open_lake(_settings(args))
    if args.duckdb_file:
        con = connect(lake, args.duckdb_file)
        views = [name for (name,) in con.sql(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()]
        con.close()
        print(f"wrote {args.duckdb_file}: views " + ", ".join(views))
        return 0
    queries = {"query": args.query} if args.query else EXAMPLES
    with pl.Config(tbl_rows=args.max_rows, tbl_cols=-1, fmt_str_lengths=60,
                   tbl_width_chars=160):
        for title, sql in queries.items():
            frame = run_query(lake, sql)
            if args.csv:
                sys.stdout.write(frame.write_csv())
            else:
                if not args.query:
                    print(f"-- {title}")
                print(frame)
    return 0


def cmd_agencies(args: argparse.Namespace) -> int:
    from xxgk.agency_lookup import NoRelease, lookup, render_lookup
    from xxgk.storage import open_lake

    try:
        result = lookup(open_lake(_settings(args)), args.query)
    except (NoRelease, ValueError) as exc:
        raise SystemExit(f"xxgk agencies: {exc}") from None
    if result.agencies.is_empty():
        print(f"xxgk agencies: no agency matches {result.query!r} ({result.kind}) in release "
              f"{result.release_id}", file=sys.stderr)
        return 1
    print(render_lookup(result, args.max_agencies))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from xxgk.review.queue import QueueFilter
    from xxgk.review.workflow import ReviewError, decide, export_gold, list_queue, render_queue
    from xxgk.storage import open_lake

    lake = open_lake(_settings(args))
    try:
        if args.review_command == "decide":
            key, row = decide(lake, args.report, args.check_id, args.verdict, args.note,
                              args.reviewer or os.environ.get("XXGK_REVIEWER", ""))
            print(f"recorded {args.verdict} on {args.check_id} of {row['report_id']} "
                  f"({row['agency'] or 'agency unknown'}, {row['report_year']}): "
                  f"{lake.uri_for(key)}")
        elif args.review_command == "export-parser-errors":
            done = export_gold(lake, Path(args.out))
            print(f"wrote {done.records} reports judged parser_error: {done.gold_path} "
                  f"(texts in {done.texts_dir}, provenance in {done.provenance_path})")
        else:
            queue, decided = list_queue(lake, QueueFilter(args.check, args.agency, args.year))
            print(render_queue(queue, decided, args.limit, lake.uri))
    except ReviewError as exc:
        print(f"xxgk review: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_releases(args: argparse.Namespace) -> int:
    from xxgk.stages.releases import list_releases, prune_releases
    from xxgk.storage import open_lake

    lake = open_lake(_settings(args))
    if args.prune:
        removed = prune_releases(lake, args.keep)
        print(f"removed {len(removed)} releases: {', '.join(removed) or 'none'}")
    for r in list_releases(lake):
        mark = "*" if r.is_current else " "
        state = r.created_at or "incomplete (no manifest)"
        rows = ", ".join(f"{k} {v}" for k, v in r.rows.items())
        print(f"{mark} {r.release_id}  {state}  {rows}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xxgk", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def lake_options(p: argparse.ArgumentParser, *, where_only: bool = False) -> None:
        # where_only: a sub-command's copy of the parent's lake options, which must not
        # overwrite what was given before the sub-command's name
        keep: dict[str, Any] = {"default": argparse.SUPPRESS} if where_only else {}
        p.add_argument("--lake", help="lake folder or s3://bucket/prefix (env XXGK_LAKE; "
                                      "default ./data/lake)", **keep)
        p.add_argument("--s3-endpoint-url", help="S3-compatible endpoint, e.g. MinIO, of an "
                                                 "s3:// lake and of s3:// sources that name "
                                                 "none (env XXGK_S3_ENDPOINT_URL)", **keep)
        p.add_argument("--s3-region", help="S3 region of the same (env XXGK_S3_REGION)",
                       **keep)
        if where_only:
            return
        p.add_argument("--batch-size", type=int, help="documents per parse task "
                                                      "(env XXGK_BATCH_SIZE; default 200)")
        p.add_argument("--runner", choices=("threads", "processes", "dask"),
                       help="where parse batches run: processes (default, a local pool with "
                            "one worker per core), threads (one core), dask (env XXGK_RUNNER)")
        p.add_argument("--dask-address", help="Dask scheduler, e.g. tcp://host:8786; without "
                                              "it --runner dask starts a local cluster")
        p.add_argument("--workers", type=int, help="processes or local Dask workers "
                                                   "(default: one per core)")

    p = sub.add_parser("run", help="run the whole pipeline")
    p.add_argument("--source", default=str(SAMPLE_CORPUS),
                   help="sources.yaml | folder | file | URL | file of URLs | s3://bucket/prefix "
                        "(default: the bundled sample)")
    p.add_argument("--run-id", help="run id (default: a new one)")
    p.add_argument("--reparse", action="store_true",
                   help="parse every document again, even those the current release holds "
                        "from the same parser version")
    lake_options(p)
    p.set_defaults(func=cmd_run)

    for name, text in (("ingest", "put a source's documents into the raw zone"),
                       ("parse", "parse a run's documents into staging"),
                       ("validate", "run the quality suites on a run"),
                       ("publish", "publish a validated run as a release")):
        p = sub.add_parser(name, help=text)
        if name == "ingest":
            p.add_argument("--source", default=str(SAMPLE_CORPUS),
                           help="sources.yaml | folder | file | URL | file of URLs | "
                                "s3://bucket/prefix")
        if name == "parse":
            p.add_argument("--reparse", action="store_true",
                           help="parse every document again (no carrying forward)")
        p.add_argument("--run-id", help="run id (ingest: default new; others: the last run)")
        lake_options(p)
        p.set_defaults(func=cmd_stage)

    p = sub.add_parser("backfill", help="re-parse published reports of some years from raw")
    p.add_argument("--years", help="a year or a range like 2019-2021 (default: everything, "
                                   "a full rebuild from the raw zone)")
    p.add_argument("--run-id", help="run id (default: a new one)")
    lake_options(p)
    p.set_defaults(func=cmd_backfill)

    p = sub.add_parser("eval", help="score extraction against gold labels")
    p.add_argument("--source", required=True, help="folder of documents named <id>.<ext>")
    p.add_argument("--gold", required=True, help="gold labels, one JSON object per line")
    p.add_argument("--provenance", help="sha256 of each labelled text (default: "
                                        "provenance.jsonl beside the gold file, if any)")
    p.add_argument("--split", help="score only the records of this split (dev, test)")
    p.add_argument("--group-by", default="template,admin_level,sector,layout",
                   help="gold keys to break every field down by, comma-separated")
    p.add_argument("--max-differences", type=int, default=40)
    p.add_argument("--json", help="also write the full report as JSON here")
    p.add_argument("--markdown", help="also write the full report, every difference "
                                      "included, as Markdown here")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("generate", help="write synthetic reports with their answers")
    p.add_argument("--out", required=True, help="a folder, or s3://bucket/prefix (one object "
                                                "per report, plus gold.jsonl)")
    p.add_argument("--s3-endpoint-url", help="S3-compatible endpoint for an s3:// --out "
                                             "(env XXGK_S3_ENDPOINT_URL)")
    p.add_argument("--s3-region", help="S3 region (env XXGK_S3_REGION)")
    p.add_argument("-n", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--formats", help="comma-separated subset of formats")
    p.add_argument("--eras", help="comma-separated subset of free_text,table_2019,table_2021")
    p.add_argument("--layouts", help="table layouts to draw from instead of the default mix, "
                                     "e.g. run_together,html_table_misspan (opt-in families "
                                     "of real reports)")
    p.add_argument("--violation-rate", type=float, default=0.0)
    p.add_argument("--histories", type=int, metavar="N",
                   help="instead: N organs of real divisions, one report per year over "
                        "--years, under changing name forms, with planted carry-over "
                        "mismatches and duplicates (html only unless --formats)")
    p.add_argument("--years", default="2019-2023",
                   help="the years of --histories, consecutive table years (2019-2023)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("suites", help="write the GX suites generated from the schema")
    p.add_argument("--out", help="folder (default: the repository's expectations/)")
    p.set_defaults(func=cmd_suites)

    p = sub.add_parser("sql", help="SQL (DuckDB) over the current release; no query: examples")
    p.add_argument("query", nargs="?", help="a query over the views " + ", ".join(
        t.name for t in CURATED_TABLES) + " (and review_verdicts once a verdict is recorded)")
    p.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    p.add_argument("--max-rows", type=int, default=40)
    p.add_argument("--duckdb-file", help="instead: write a DuckDB file with the views (local "
                                         "lakes; S3 lakes get a copy of the tables)")
    lake_options(p)
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("agencies", help="look organs up in the current release, with their "
                                        "reports by year")
    p.add_argument("query", help="an agency_id (a + 12 hex digits), a 6-digit region code "
                                 "(every organ of that division) or part of a name")
    p.add_argument("--max-agencies", type=int, default=20,
                   help="show at most this many matching organs (20)")
    lake_options(p)
    p.set_defaults(func=cmd_agencies)

    p = sub.add_parser("review", help="the review queue of the current release; `review "
                                      "decide` records a verdict; `review "
                                      "export-parser-errors` writes them in the gold format")
    p.add_argument("--check", help="only this check id (or a prefix ending in '.', e.g. "
                                   "table3.)")
    p.add_argument("--agency", help="only agencies whose name contains this")
    p.add_argument("--year", type=int, help="only this report year")
    p.add_argument("--limit", type=int, default=50, help="list at most this many (50)")
    lake_options(p)
    p.set_defaults(func=cmd_review)
    review_sub = p.add_subparsers(dest="review_command", metavar="{decide,export-parser-errors}")
    d = review_sub.add_parser("decide", help="record a verdict on a flagged check")
    d.add_argument("report", help="report_id or the raw document's sha256")
    d.add_argument("check_id", help="the failing check, e.g. table3.balance_identity")
    d.add_argument("--verdict", required=True, choices=VERDICTS,
                   help="source_error: the document is wrong; parser_error: we misread it; "
                        "accepted: the figures are right as read")
    d.add_argument("--note", required=True, help="why, in a sentence")
    d.add_argument("--reviewer", help="who decides (env XXGK_REVIEWER)")
    lake_options(d, where_only=True)
    e = review_sub.add_parser("export-parser-errors",
                              help="write reports judged parser_error in the gold format")
    e.add_argument("--out", required=True, help="folder: gold.jsonl, provenance.jsonl, texts/")
    lake_options(e, where_only=True)

    p = sub.add_parser("releases", help="list releases (* = current); --prune for retention")
    p.add_argument("--prune", action="store_true", help="delete all but the newest --keep")
    p.add_argument("--keep", type=int, default=10, help="complete releases to keep (10)")
    lake_options(p)
    p.set_defaults(func=cmd_releases)

    p = sub.add_parser("unlock", help="remove the lake's lease left by a dead run (refused "
                                      "while its holder lives, unless --force)")
    p.add_argument("--force", action="store_true",
                   help="remove the lease even if its holder looks alive; that run then stops "
                        "before publishing")
    lake_options(p)
    p.set_defaults(func=cmd_unlock)

    p = sub.add_parser("dictionary", help="write the data dictionary generated from the schema")
    p.add_argument("--out", help="file (default: docs/data_dictionary.md)")
    p.set_defaults(func=cmd_dictionary)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except Exception as error:
        explained = explain(error)
        if explained is None:
            raise
        code, line = explained
        print(f"xxgk {args.command}: {line}", file=sys.stderr, flush=True)
        return code


if __name__ == "__main__":
    sys.exit(main())
