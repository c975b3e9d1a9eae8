"""``tenders``: the command line of tenderwatch. Bad arguments: one line on stderr, exit code 2."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import click

from classify.textmodel import ModelError
from store.db import StoreError
from common.clock import beijing_now


class UserError(click.ClickException):
    """A problem the user can fix; printed as one line, exit code 1."""


def _json_default(value):  # noqa: ANN001, ANN202
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _dump(obj) -> str:  # noqa: ANN001
    return json.dumps(obj, ensure_ascii=False, default=_json_default)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tenderwatch")
def cli() -> None:
    """tenderwatch: monitor Chinese government procurement for the smart-city / government-ICT market.

    The store is the one TENDERWATCH_DB names (TENDERWATCH_ARCHIVE, TENDERWATCH_REPORTS: the archive and the
    reports), else the per-user one in DATA = ~/.local/share/tenderwatch ($XDG_DATA_HOME/tenderwatch):
    DATA/tenderwatch.db, DATA/archive, DATA/reports. Commands that only read never create a store.
    """


def _read_store():  # noqa: ANN202
    """Engine + sessions of the configured store for a command that only reads: a missing store is an error."""
    from store.db import open_store

    return open_store(create=False)


def _at() -> str:
    """`` (store: …)`` for a summary line: the resolved store, a PostgreSQL password hidden."""
    from common.config import store_label

    return f" (store: {store_label()})"


def _spider_name(ctx, param, value: str) -> str:  # noqa: ANN001
    from schedules.jobs import spider_names

    names = spider_names()
    if value not in names:
        raise click.BadParameter(f"{value!r} is not a spider; choose from {', '.join(names)}")
    return value


@cli.command()
@click.argument("source", metavar="SPIDER", callback=_spider_name)
@click.option("--base-url", help="Site root (default: the real site). A mirror on 127.0.0.1 is crawled without delays.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First publication day (default: incremental).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last publication day (default: today).")
@click.option("--no-process", is_flag=True, help="Only archive raw pages; do not parse, classify and store them.")
@click.option("-a", "--arg", "spider_args", multiple=True, metavar="NAME=VALUE",
              help="A spider argument, as `scrapy crawl -a` takes it (e.g. -a bid_type=7).")
@click.option("--redis", "redis_url", metavar="URL",
              help="Share one frontier with every worker started with the same Redis (redis://127.0.0.1:6379/0).")
@click.option("--redis-key", help="Name of the shared frontier (default: spider and window).")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
def crawl(source: str, base_url: str | None, since, until, no_process: bool, spider_args: tuple[str, ...],  # noqa: ANN001
          redis_url: str | None, redis_key: str | None, verbose: bool) -> None:
    """Crawl with SPIDER (ccgp, ccgp_columns, …) into the raw archive, then parse, classify and store what is new."""
    from schedules.jobs import process_archive, run_crawl

    if base_url and not base_url.startswith(("http://", "https://")):
        raise click.BadParameter("must start with http:// or https://", param_hint="--base-url")
    if since and until and since > until:
        raise click.BadParameter(f"{since:%Y-%m-%d} is after --until {until:%Y-%m-%d}", param_hint="--since")
    extra = {}
    for item in spider_args:
        name, sep, value = item.partition("=")
        if not sep or not name.isidentifier() or name in ("base_url", "since", "until", "known_ids"):
            raise click.BadParameter(f"{item!r} is not NAME=VALUE (base_url, since and until have options)",
                                     param_hint="-a")
        extra[name] = value
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise click.BadParameter("must start with redis://, rediss:// or unix://", param_hint="--redis")
    from schedules.jobs import CrawlSetupError

    try:
        outcome = run_crawl(source, base_url, since.date() if since else None, until.date() if until else None,
                            verbose, extra, redis_url, redis_key)
    except CrawlSetupError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"crawl {source}: {outcome.status}; {outcome.pages} responses, {outcome.new_pages} new pages archived, "
               f"{outcome.skipped_known} already archived, {outcome.throttles} throttled, "
               f"{outcome.unreadable_pages} unreadable list pages, {outcome.refused} refused, {outcome.errors} errors"
               + ("" if not no_process else _at()))
    if not no_process:
        p = process_archive()
        click.echo(f"processed {p.processed} pages into notices ({p.failed} unreadable, {p.warnings} with warnings)"
                   + _at())
    if outcome.status != "finished":
        sys.exit(1)


@cli.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", help="The notice's URL; it picks the layout (else the layout is guessed).")
@click.option("--archive", "from_archive", is_flag=True,
              help="Instead of FILE: process archived pages not yet processed by this parser version.")
@click.option("--all", "everything", is_flag=True, help="With --archive: re-process every archived page.")
@click.option("--reparse", is_flag=True, help="Rebuild every notice from the raw archive (= --archive --all).")
def parse(file: Path | None, url: str | None, from_archive: bool, everything: bool, reparse: bool) -> None:
    """Parse one saved notice (HTML, JSON or text) and print its fields as JSON; or re-parse the archive."""
    from parsers import parse_notice

    if reparse:
        from_archive = everything = True
    if from_archive:
        if file is not None:
            raise click.UsageError("give FILE or --archive, not both")
        from schedules.jobs import process_archive

        p = process_archive(reprocess_all=everything)
        click.echo(f"processed {p.processed} pages into notices ({p.failed} unreadable, {p.warnings} with warnings)"
                   + _at())
        return
    if file is None:
        raise click.UsageError("missing FILE (or --archive)")
    if everything:
        raise click.UsageError("--all goes with --archive")
    fields = parse_notice(url, file.read_bytes())
    fields.pop("text", None)
    click.echo(_dump(fields))


@cli.command()
@click.option("--jsonl", "jsonl", required=True, type=click.File("r", encoding="utf-8"),
              help='Input lines {"title":…, "text":…, "buyer":…, "region":…}; "-" reads stdin.')
@click.option("--out", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default stdout).")
@click.option("--model", "model_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Text model file (default: classify/models/text-model.json).")
def classify(jsonl, out, model_path: Path | None) -> None:  # noqa: ANN001
    """Classify notices given as JSON lines; each line is written back with relevance, level, categories,
    delivery_model, their confidences and evidence added."""
    from classify.classifier import classify as run
    from classify.textmodel import TextModel

    model = TextModel.load(model_path) if model_path else None
    bad = 0
    for lineno, line in enumerate(jsonl, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not a JSON object")
            fields = {k: item.get(k) for k in ("title", "text", "buyer", "region")}
            for k, v in fields.items():
                if v is not None and not isinstance(v, str):
                    raise ValueError(f'"{k}" must be a string')
        except ValueError as exc:
            bad += 1
            click.echo(f"tenders classify: line {lineno}: {exc}; skipped", err=True)
            continue
        result = run(fields["title"], fields["text"], fields["buyer"], fields["region"], model=model)
        out.write(_dump(item | result.as_dict()) + "\n")
    if bad:
        raise UserError(f"{bad} input line(s) were not usable JSON objects (see above)")


@cli.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Model file to write (default: classify/models/text-model.json).")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path),
              help="The shared folder holding realdata/ (default: ../shared or $TENDERWATCH_SHARED).")
def train(out: Path | None, shared: Path | None) -> None:
    """Rebuild the text model from the gold set's training split (offline, reproducible) and print its version."""
    from classify import gold
    from classify.textmodel import MODEL_FILE
    from classify.train import train as fit

    items, note = gold.load(shared)
    if note:
        if out is None:
            raise UserError(f"{note}; training now would replace {MODEL_FILE.name}, which was trained on the real "
                            "gold set, with a model of synthetic items only: give --out FILE to write it elsewhere")
        click.echo(f"train: {note}", err=True)
    try:
        body = fit(items, out or MODEL_FILE, progress=lambda m: click.echo(m, err=True))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"{body['version']} → {out or MODEL_FILE}")


@cli.command()
@click.option("--week", help="ISO week, e.g. 2026-W47 (default: the week of the newest notice).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), help="Default: TENDERWATCH_REPORTS.")
def report(week: str | None, out_dir: Path | None) -> None:
    """Write the weekly market report (HTML, plus CSV tables) and print its path."""
    from reports.weekly import write
    from reports.weeks import parse_week
    from common.config import reports_dir

    if week:
        try:
            parse_week(week)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--week") from None
    engine, Session = _read_store()
    with Session() as session:
        week = week or _newest_week(session)
        if week is None:
            raise UserError(f"the store holds no notice yet{_at()}: run `tenders crawl` (or `tenders demo`) first")
        path, rep = write(session, week, out_dir or reports_dir())
    engine.dispose()
    h = rep.headline
    click.echo(f"report {week}: {h['all']['notices']} notices ({h['relevant']['notices']} relevant) -> {path}"
               + _at())


def _newest_week(session) -> str | None:  # noqa: ANN001
    from sqlalchemy import func, select

    from reports.weeks import week_of
    from store.models import Notice

    newest = session.execute(select(func.max(Notice.published_at))).scalar()
    return week_of(newest) if newest else None


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "jsonl", "ocds", "ocds-records"]),
              required=True, help="csv, xlsx, parquet, jsonl, ocds (an OCDS 1.1 release package) or ocds-records (a "
                                  "record package: each process's releases and its compiled release, by ocdskit).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: tenderwatch-export-DATE-TIME.EXT here; '-' writes csv/jsonl/ocds to stdout).")
@click.option("--region", help="GB/T 2260 code prefix (43, 4301, 430121) or a division name (湖南省, 长沙市).")
@click.option("--level", help="中央, 省级, 地市级, 区县级 or 新区或开发区.")
@click.option("--category", help="系统/场景, 数据, 基础设施, 安全 or 综合.")
@click.option("--delivery-model", help="EPC, PPP, 政府购买服务 or 其他.")
@click.option("--method", help="采购方式 as stored (公开招标, 竞争性磋商, 单一来源 …).")
@click.option("--notice-type", help="招标/采购公告, 中标/成交公告, 更正公告, 终止/废标公告, 合同公告.")
@click.option("--min-amount", type=click.FloatRange(min=0), help="Minimum amount in yuan (award, else budget).")
@click.option("--max-amount", type=click.FloatRange(min=0), help="Maximum amount in yuan.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Published before (YYYY-MM-DD).")
@click.option("--deadline-within", type=click.IntRange(0, 3650), help="Bid deadline in the next N days.")
@click.option("--relevant", is_flag=True, help="Only smart-city / government-ICT notices.")
def export(fmt: str, out: Path | None, region, level, category, delivery_model, method, notice_type,  # noqa: ANN001
           min_amount, max_amount, date_from, date_to, deadline_within, relevant: bool) -> None:
    """Export notices (same filters as search) as CSV, Excel, Parquet, JSON lines or OCDS; streams, so memory
    stays bounded. Columns: docs/data-dictionary.md."""
    from store.export import EXTENSIONS, export as run
    from store.filters import FilterError, NoticeFilter

    f = NoticeFilter(region=region, level=level, category=category, delivery_model=delivery_model, method=method,
                     notice_type=notice_type,
                     min_amount=None if min_amount is None else Decimal(str(min_amount)),
                     max_amount=None if max_amount is None else Decimal(str(max_amount)),
                     published_from=date_from, published_to=date_to, deadline_within_days=deadline_within,
                     relevant_only=relevant)
    try:
        f.check()
        f.region_prefix()
    except FilterError as exc:
        raise click.UsageError(str(exc)) from None
    to_stdout = out is not None and str(out) == "-"
    if to_stdout and fmt in ("xlsx", "parquet"):
        raise click.UsageError(f"{fmt} is a binary format: give --out FILE")
    if out is None:
        out = Path(f"tenderwatch-export-{beijing_now():%Y%m%d-%H%M%S}.{EXTENSIONS[fmt]}")
    if not to_stdout and not out.parent.is_dir():
        raise UserError(f"no directory {out.parent} for {out.name}")
    engine, Session = _read_store()
    with Session() as session:
        n = run(session, f, fmt, None if to_stdout else out, stdout=sys.stdout,
                progress=lambda k: click.echo(f"  exported {k:,} notices", err=True))
    engine.dispose()
    click.echo(f"exported {n:,} notices" + ("" if to_stdout else f" -> {out.absolute()}") + _at(), err=to_stdout)


@cli.command(name="search")
@click.argument("query", required=False, default="")
@click.option("--relevant", is_flag=True, help="Only smart-city / government-ICT notices.")
@click.option("--sort", type=click.Choice(["date", "amount", "deadline"]), default="date")
@click.option("--limit", type=click.IntRange(1, 100), default=20)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def search_cmd(query: str, relevant: bool, sort: str, limit: int, as_json: bool) -> None:
    """Search titles and texts: words must all occur, "exact phrase", -excluded (e.g. '城市大脑 -监理')."""
    from store.filters import NoticeFilter
    from store.search import QueryError, search

    engine, Session = _read_store()
    with Session() as s:
        try:
            page = search(s, query, NoticeFilter(relevant_only=relevant), sort, 1, limit)
        except QueryError as exc:
            raise click.UsageError(str(exc)) from None
        for n, c in page.items:
            if as_json:
                click.echo(_dump({"id": n.id, "published_at": n.published_at, "title": n.title, "url": n.url,
                                  "notice_type": n.notice_type, "relevant": None if c is None else c.relevant}))
            else:
                when = n.published_at.strftime("%Y-%m-%d") if n.published_at else "          "
                click.echo(f"{when}  {n.id:>7}  {n.title}")
    engine.dispose()
    click.echo(f"{page.total} notices match" + (f" (first {len(page.items)} shown)" if page.total > len(page.items)
                                                 else "") + _at(), err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
def serve(host: str, port: int) -> None:
    """Serve the web interface and the JSON API (OpenAPI at /openapi.json)."""
    import uvicorn

    from store.db import check_sqlite_file
    from common.config import db_url
    from web.app import create_app

    check_sqlite_file(db_url(), create=False)  # serving only reads: a missing store is an error, not a new one
    click.echo(f"tenderwatch on http://{host}:{port}/" + _at(), err=True)
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


@cli.group()
def alerts() -> None:
    """Saved searches and their alerts (e-mail, webhook, Atom feed)."""


@alerts.command(name="add")
@click.argument("name")
@click.option("--query", default="", help="Words (all must occur), \"exact phrase\", -excluded.")
@click.option("--email", help="Send new matches to this address (SMTP server: TENDERWATCH_SMTP=smtp://host:port).")
@click.option("--webhook", help="POST new matches as JSON to this http(s) URL.")
@click.option("--region")
@click.option("--level")
@click.option("--category")
@click.option("--delivery-model")
@click.option("--relevant", is_flag=True)
def alerts_add(name, query, email, webhook, region, level, category, delivery_model, relevant) -> None:  # noqa: ANN001
    """Save a search; only notices stored from now on are alerted."""
    from schedules.alerts import AlertError, create
    from store.db import open_store
    from store.filters import NoticeFilter

    engine, Session = open_store()
    try:
        with Session.begin() as s:
            ss = create(s, name, query, NoticeFilter(region=region, level=level, category=category,
                                                     delivery_model=delivery_model, relevant_only=relevant),
                        email, webhook)
            click.echo(f"saved search {ss.id} '{ss.name}'; Atom feed: /feeds/{ss.feed_token}.atom" + _at())
    except AlertError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        engine.dispose()


@alerts.command(name="list")
def alerts_list() -> None:
    """The saved searches, where they deliver, and what was delivered."""
    from sqlalchemy import func, select

    from store.models import AlertDelivery, SavedSearch

    engine, Session = _read_store()
    shown = 0
    with Session() as s:
        for ss in s.execute(select(SavedSearch).order_by(SavedSearch.id)).scalars():
            counts = dict(s.execute(select(AlertDelivery.status, func.count()).where(
                AlertDelivery.saved_search_id == ss.id).group_by(AlertDelivery.status)).all())
            to = ", ".join(x for x in (ss.email, ss.webhook_url) if x) or "feed only"
            click.echo(f"{ss.id:>4}  {ss.name}  query={ss.query!r} filters={ss.filters} -> {to}; "
                       f"sent {counts.get('sent', 0)}, pending {counts.get('pending', 0)}, "
                       f"failed {counts.get('failed', 0)}")
            shown += 1
    engine.dispose()
    click.echo(f"{shown} saved searches" + _at())


@alerts.command(name="run")
def alerts_run() -> None:
    """Deliver each saved search's new matches once (failures are retried on the next run; exit code 1)."""
    from schedules.alerts import run

    engine, Session = _read_store()
    outcome = run(Session, progress=lambda m: click.echo(m, err=True),
                  crash_after_send=os.environ.get("TENDERWATCH_TEST_CRASH_AFTER_SEND") == "1")
    engine.dispose()
    click.echo(f"alerts: {outcome.sent} notices in {outcome.messages} messages; {outcome.failed} failed" + _at())
    if outcome.failed:
        sys.exit(1)


@cli.group(name="eval")
def eval_group() -> None:
    """Measure a stage on the labelled corpus."""


@eval_group.command(name="classify")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path),
              help="The shared folder holding realdata/ (default: ../shared or $TENDERWATCH_SHARED).")
@click.option("--model", "model_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Text model file (default: classify/models/text-model.json).")
@click.option("--cv", is_flag=True, help="Cross-validate on the training split instead (for development).")
@click.option("--baseline", is_flag=True, help="The text model alone, without the rules (the baseline to beat).")
@click.option("--misses", is_flag=True, help="List every item with a wrong label.")
def eval_classify(shared: Path | None, model_path: Path | None, cv: bool, baseline: bool, misses: bool) -> None:
    """Accuracy, macro-F1 and confusion matrix per label on the gold set's test split."""
    from classify import gold
    from evals.classify import cross_validate, predict, report, score
    from evals.classify import misses as list_misses
    from classify.textmodel import TextModel, default_model

    items, note = gold.load(shared)
    if note:
        raise UserError(f"eval classify needs the real gold set: {note}")
    use_rules = not baseline
    if cv:
        scored, results = cross_validate(items, progress=lambda m: click.echo(m, err=True), use_rules=use_rules)
        title = f"5-fold cross-validation over the training split ({len(scored)} real items)"
    else:
        model = TextModel.load(model_path) if model_path else default_model()
        scored = [i for i in items if i.split == "test"]
        results = predict(scored, model, use_rules)
        title = f"test split: {len(scored)} real items never used in training (model {model.version})"
    title += "; text model alone (baseline)" if baseline else "; rules + text model"
    click.echo(report(score(scored, results), title))
    if misses:
        click.echo(list_misses(scored, results, limit=10_000))


@eval_group.command(name="parse")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              help="Fixture folders with expected.json (default: evals/fixtures/parse, installed with tenderwatch).")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path),
              help="The shared folder holding realdata/ (default: ../shared or $TENDERWATCH_SHARED).")
@click.option("--misses", is_flag=True, help="List every field the parser got wrong.")
def eval_parse(corpus: Path | None, shared: Path | None, misses: bool) -> None:
    """Per field precision, recall and exact match of the parser on real notices and on the mirror."""
    from evals.parse import FIELDS, TARGETS, default_corpus, default_shared, mirror_cases, real_cases, score

    corpus = corpus or default_corpus()
    if not corpus.is_dir():
        raise UserError(f"no corpus at {corpus}")
    shared = shared or default_shared()
    cases, missing = real_cases(corpus, shared)
    groups = [("real notices", cases), ("ccgp mirror", mirror_cases())]
    if missing:
        click.echo(f"{missing} fixtures skipped: their pages are not under {shared}/realdata", err=True)
    for title, group in groups:
        click.echo(f"{title}: {len(group)} notices")
        click.echo(f"  {'field':<16}{'labelled':>9}{'precision':>11}{'recall':>9}{'exact':>8}  target")
        scores = score(group)
        for name in FIELDS:
            s = scores[name]
            if not s.labelled:
                continue
            fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
            target = TARGETS.get(name)
            flag = "" if target is None or title != "real notices" else \
                (f"{target:.2f} ok" if (s.exact_match or 0) >= target else f"{target:.2f} BELOW")
            click.echo(f"  {name:<16}{s.labelled:>9}{fmt(s.precision):>11}{fmt(s.recall):>9}{fmt(s.exact_match):>8}  {flag}")
            if misses:
                for m in s.misses:
                    click.echo(f"      miss {m}")


@eval_group.command(name="link")
@click.option("--data-seed", "data_seeds", type=int, multiple=True,
              help="Also score a mirror data set made with this seed (mirrors/ccgp/make_data.build); repeatable.")
@click.option("--misses", is_flag=True, help="List the pairs linked wrongly and the pairs missed.")
def eval_link(data_seeds: tuple[int, ...], misses: bool) -> None:
    """Pairwise precision and recall of project linking on the mirrors, whose data files know each project."""
    import tempfile

    from evals.link import evaluate_mirror

    click.echo(f"  {'data':<22}{'order':<10}{'notices':>8}{'true pairs':>11}{'precision':>10}{'recall':>8}"
               f"   code-only P / R")
    runs = [(None, order) for order in ("published", "reverse", "shuffled")] + [(s, "shuffled") for s in data_seeds]
    pooled = [0, 0, 0, 0]  # over the --data-seed sets: notices, true pairs, linked pairs, correct pairs
    for seed, order in runs:
        with tempfile.TemporaryDirectory() as tmp:
            linked, baseline = evaluate_mirror(f"sqlite:///{tmp}/link-eval.db", order, data_seed=seed)
        name = "ccgp + ggzy mirrors" if seed is None else f"ccgp, seed {seed}"
        if seed is not None:
            for i, v in enumerate((linked.notices, linked.true_pairs, linked.linked_pairs, linked.correct_pairs)):
                pooled[i] += v
        click.echo(f"  {name:<22}{order:<10}{linked.notices:>8}{linked.true_pairs:>11}{linked.precision:>10.3f}"
                   f"{linked.recall:>8.3f}   {baseline.precision:.3f} / {baseline.recall:.3f}")
        if misses:
            for pair in linked.wrong:
                click.echo(f"      wrong  {pair}")
            for pair in linked.missed:
                click.echo(f"      missed {pair}")
    if len(data_seeds) > 1:
        n, true, made, right = pooled
        click.echo(f"  {'seeds pooled':<22}{'':<10}{n:>8}{true:>11}{right / made if made else 1:>10.3f}"
                   f"{right / true if true else 1:>8.3f}")


@cli.command()
@click.option("--all", "everything", is_flag=True,
              help="Forget every link and link the whole store again (after a change of the linking rules).")
def link(everything: bool) -> None:
    """Link notices into projects (new ones only, unless --all) and report what the links say."""
    from sqlalchemy import func, select

    from store.linking import link_pending, relink_all
    from store.models import Project, ProjectLink

    engine, Session = _read_store()
    progress = lambda i, n: click.echo(f"  linked {i}/{n} notices", err=True)  # noqa: E731
    with Session.begin() as session:
        done = relink_all(session, progress) if everything else link_pending(session, progress)
    with Session() as session:
        methods = dict(session.execute(select(ProjectLink.method, func.count()).group_by(ProjectLink.method)).all())
        conflicts = links_with_conflicts(session)
        projects = session.execute(select(func.count()).select_from(Project)).scalar_one()
    engine.dispose()
    click.echo(f"linked {done} notices; {projects} projects; links by method: "
               + ", ".join(f"{k} {v}" for k, v in sorted(methods.items())) + f"; with conflicts kept: {conflicts}"
               + _at())


def links_with_conflicts(session) -> int:  # noqa: ANN001
    """Links that keep at least one conflicting candidate. ``conflicts`` is a JSON column: a link without
    conflicts holds JSON ``null`` (or ``[]``), which SQL's IS NOT NULL counts, so count the non-empty lists."""
    from sqlalchemy import select

    from store.models import ProjectLink

    rows = session.execute(select(ProjectLink.conflicts).execution_options(yield_per=2000)).scalars()
    return sum(1 for c in rows if c)


_SOURCE_HELP = "A source to crawl: a spider name, or NAME=BASE_URL for a mirror (repeatable; default ccgp)."
_CRON_HELP = "JOB=CRON (five fields, Asia/Shanghai) for crawl:<source> (or the source name), reparse, report."


def _plan(sources: tuple[str, ...], crons: tuple[str, ...]):  # noqa: ANN202
    from schedules.scheduler import ScheduleError, plan

    parsed = {}
    for c in crons:
        job, sep, expr = c.partition("=")
        if not sep or not expr.strip():
            raise click.BadParameter(f"{c!r} is not JOB=CRON", param_hint="--cron")
        parsed[job.strip()] = expr.strip()
    try:
        return plan(list(sources or ("ccgp",)), parsed)
    except ScheduleError as exc:
        raise UserError(str(exc)) from None


@cli.group()
def schedule() -> None:
    """The recurring jobs: crawl each source, re-process after a parser change, alerts, the weekly report."""


@schedule.command(name="run")
@click.option("--source", "sources", multiple=True, help=_SOURCE_HELP)
@click.option("--cron", "crons", multiple=True, help=_CRON_HELP)
def schedule_run(sources: tuple[str, ...], crons: tuple[str, ...]) -> None:
    """Run the scheduler until stopped (Ctrl-C or SIGTERM); one scheduler per store."""
    import signal

    from schedules.scheduler import ScheduleError, Scheduler, clock_from_env
    from common.config import db_url

    specs = _plan(sources, crons)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    try:
        sched = Scheduler(db_url(), specs, clock_from_env(), log=lambda m: click.echo(m, err=True))
        click.echo(f"scheduler: {len(specs)} jobs: " + ", ".join(f"{s.id} [{s.cron}]" for s in specs) + _at(),
                   err=True)
        sched.run_forever(stop=lambda: bool(stopping))
    except ScheduleError as exc:
        raise UserError(str(exc)) from None


@schedule.command(name="list")
@click.option("--limit", default=20, show_default=True, help="How many past runs to show.")
def schedule_list(limit: int) -> None:
    """The jobs in the store with their next run, the scheduler lock, and the latest runs."""
    from sqlalchemy import select

    from schedules.scheduler import lock_holder, planned_jobs
    from store.models import JobRun

    engine, Session = _read_store()
    jobs = planned_jobs(engine)
    with Session() as session:
        runs = session.execute(select(JobRun).order_by(JobRun.id.desc()).limit(limit)).scalars().all()
    holder = lock_holder(Session)
    engine.dispose()
    if not jobs:
        click.echo("no jobs in the store yet: start `tenders schedule run`")
    for job_id, when in jobs:
        click.echo(f"{job_id:<20} next {when:%Y-%m-%d %H:%M %Z}" if when else f"{job_id:<20} paused")
    click.echo((f"lock: held by {holder.holder}, heartbeat {holder.heartbeat_at:%Y-%m-%d %H:%M:%S}" if holder
                else "lock: free (no scheduler running)") + _at())
    _print_runs(runs)


def _print_runs(runs) -> None:  # noqa: ANN001
    for r in runs:
        took = f"{r.duration_s:.1f} s" if r.duration_s is not None else "-"
        click.echo(f"  {r.job_id:<18} due {r.scheduled_for:%Y-%m-%d %H:%M}  {r.outcome.upper():<11} {took:>9}"
                   f"  attempt {r.attempt}" + (f"  {r.message.splitlines()[-1][:100]}" if r.message else ""))


@schedule.command(name="export")
@click.option("--cron", "as_cron", is_flag=True, help="A crontab.")
@click.option("--systemd", "as_systemd", is_flag=True, help="systemd service + timer units.")
@click.option("--source", "sources", multiple=True, help=_SOURCE_HELP)
@click.option("--job-cron", "crons", multiple=True, help=_CRON_HELP)
@click.option("--tenders", "tenders_path", help="The tenders command to call (default: this one, by absolute path).")
@click.option("--workdir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The jobs' working directory (default: the current one).")
def schedule_export(as_cron: bool, as_systemd: bool, sources, crons, tenders_path: str | None,  # noqa: ANN001
                    workdir: Path | None) -> None:
    """Print the same plan for a system scheduler instead of `tenders schedule run`: absolute paths, a working
    directory, and TENDERWATCH_DB, _ARCHIVE and _REPORTS as this shell resolves them, so the jobs open this store."""
    from schedules.scheduler import _sh, export_cron, export_systemd

    if as_cron == as_systemd:
        raise click.UsageError("say --cron or --systemd")
    specs = _plan(sources, crons)
    tenders_path = tenders_path or _sh(_this_tenders())
    workdir = str((workdir or Path.cwd()).absolute())
    click.echo(export_cron(specs, tenders_path, workdir) if as_cron
               else export_systemd(specs, tenders_path, workdir), nl=False)
    click.echo(f"# {len(specs)} jobs" + _at(), err=True)


def _this_tenders() -> str:
    """The absolute path of the `tenders` script of this installation (beside its Python), else on PATH."""
    import shutil

    beside = Path(sys.executable).with_name("tenders")
    if beside.is_file():
        return str(beside.absolute())
    found = shutil.which("tenders")
    return str(Path(found).absolute()) if found else "tenders"


@cli.command()
def status() -> None:
    """Show the store, the archive and the last crawl run of each source; exit code 1 when there is no store or it
    holds no notice."""
    from sqlalchemy import func, select

    from store.models import Classification, CrawlRun, Notice, RawPage
    from common.config import archive_dir, reports_dir, store_label

    engine, Session = _read_store()
    with Session() as session:
        count = lambda m: session.execute(select(func.count()).select_from(m)).scalar_one()  # noqa: E731
        click.echo(f"store:    {store_label()}")
        click.echo(f"archive:  {archive_dir()}")
        click.echo(f"reports:  {reports_dir()}")
        notices = count(Notice)
        click.echo(f"raw pages: {count(RawPage)}  notices: {notices}  classifications: {count(Classification)}")
        from schedules.jobs import process_version

        current = process_version()
        stale = session.execute(select(func.count()).select_from(RawPage).where(
            (RawPage.parsed_version.is_(None)) | (RawPage.parsed_version != current))).scalar_one()
        click.echo(f"parser + classifier: {current}; pages not yet processed by it: {stale}"
                   + (" (tenders parse --archive)" if stale else ""))
        last_ids = session.execute(select(func.max(CrawlRun.id)).group_by(CrawlRun.spider)).scalars().all()
        runs = session.execute(select(CrawlRun).where(CrawlRun.id.in_(last_ids)).order_by(CrawlRun.spider)).scalars()
        runs = runs.all()
        if not runs:
            click.echo("no crawl run yet")
        for r in runs:
            click.echo(f"{r.spider or r.source}: last run {r.id} {r.status.upper()} started {r.started_at:%Y-%m-%d %H:%M}, "
                       f"window {r.since:%Y-%m-%d}..{r.until:%Y-%m-%d}")
            click.echo(f"    responses {r.pages}, listed {r.listed}, notices {r.items} ({r.new_items} new), "
                       f"throttled {r.throttles}, refused {r.refused}, errors {r.errors}")
            if r.status != "finished" and r.message:
                click.echo(f"    what went wrong: {r.message}")
        from store.models import JobRun

        latest = session.execute(select(JobRun).where(JobRun.id.in_(
            select(func.max(JobRun.id)).group_by(JobRun.job_id))).order_by(JobRun.job_id)).scalars().all()
        failing = session.execute(select(func.count()).select_from(JobRun)
                                  .where(JobRun.outcome.in_(("failed", "interrupted")))).scalar_one()
        if latest:
            click.echo(f"scheduled jobs (latest run of each; failed or interrupted runs in the history: {failing}):")
            _print_runs(latest)
    engine.dispose()
    if not notices:
        raise UserError(f"the store {store_label()} holds no notice yet: run `tenders crawl` (or `tenders demo`)")


@cli.command()
def demo() -> None:
    """Serve the bundled ccgp mirror, crawl it, parse, classify, store, and write the newest week's report."""
    from tenderwatch.demo import run_demo

    run_demo()


def main() -> None:
    try:
        code = cli.main(prog_name="tenders", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else "tenders --help", err=True)
        sys.exit(2)
    except click.UsageError as exc:
        ctx = f" {exc.ctx.command_path.split(' ', 1)[1]}" if exc.ctx and " " in exc.ctx.command_path else ""
        _fail(f"tenders{ctx}: {exc.format_message()}", 2)
    except click.ClickException as exc:
        _fail(f"tenders: {exc.format_message()}", exc.exit_code)
    except click.exceptions.Abort:
        _fail("tenders: aborted", 1)
    except StoreError as exc:
        _fail(f"tenders: {exc}", 1)
    except ModelError as exc:
        _fail(f"tenders: {exc}", 1)
    except KeyboardInterrupt:
        _fail("tenders: interrupted", 130)
    except Exception as exc:  # noqa: BLE001 - a bug: say so in one line; TENDERWATCH_DEBUG=1 shows the traceback
        if os.environ.get("TENDERWATCH_DEBUG"):
            raise
        _fail(f"tenders: internal error: {type(exc).__name__}: {exc} (TENDERWATCH_DEBUG=1 shows the traceback)", 1)
    else:
        sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int) -> None:
    click.echo(" ".join(message.split()), err=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
