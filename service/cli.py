"""The `stakeholder-advisor` command: lint, test and cover the rules; assess a profile from a file."""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from service import strictjson
from service.access import parse_scopes
from service.assess import assess
from service.briefing import render_markdown
from service.errors import ConfigError, ProfileInvalid
from service.keys import authenticate, create_key, now_utc
from service.registry import Registry, load_registry
from service.rulecoverage import build_report
from service.ruletests import load_rule_tests, run_rule_tests
from service.settings import PROJECT_ROOT, Settings, SettingsError
from service.store import migrate
from service.store.clients import ClientRepository, NameTaken
from service.store.database import Database
from service.store.repository import AssessmentRepository

EXIT_FINDINGS = 1
EXIT_USAGE = 2
ANNOUNCE_ENV = "ADVISOR_ANNOUNCE"  # printed by gunicorn's when_ready hook, once it listens


def bind_problem(address: str) -> str | None:
    """Why HOST:PORT cannot be listened on (in use, not an address), or None if it can."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "0.0.0.0"
    if not port.isdigit():
        return "not HOST:PORT"
    try:
        infos = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return str(exc)
    family, kind, proto, _, sockaddr = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind(sockaddr)
        except OSError as exc:
            return "the address is already in use" if exc.errno == errno.EADDRINUSE else str(exc)
    return None


def _registry(ctx: click.Context) -> Registry:
    """Load the configuration or stop with exit code 2 and the loader's message."""
    try:
        return load_registry(ctx.obj["config_dir"])
    except ConfigError as exc:
        _fail_config(exc)
        raise AssertionError("unreachable") from exc


def _fail_config(exc: ConfigError, code: int = EXIT_USAGE) -> None:
    click.echo(f"configuration error ({len(exc.issues)}):", err=True)
    for issue in exc.issues:
        click.echo(f"  {issue}", err=True)
    sys.exit(code)


@click.group()
@click.option(
    "--config-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Configuration directory (default: ADVISOR_CONFIG_DIR or the project's config/).",
)
@click.pass_context
def main(ctx: click.Context, config_dir: Path | None) -> None:
    """Stakeholder Advisor: grounded, prioritised recommendations."""
    ctx.ensure_object(dict)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        click.echo(f"settings error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if config_dir is not None:
        settings = settings.with_(config_dir=config_dir)
    ctx.obj["settings"] = settings
    ctx.obj["config_dir"] = settings.config_dir


@main.group()
def rules() -> None:
    """Check the rule sets: lint, test, coverage."""


@rules.command("lint")
@click.pass_context
def rules_lint(ctx: click.Context) -> None:
    """Load and verify every rule, article and test case; list every problem (exit 1 if any)."""
    try:
        registry = load_registry(ctx.obj["config_dir"])
        tests = load_rule_tests(registry)
    except ConfigError as exc:
        _fail_config(exc, EXIT_FINDINGS)
        return
    rules = [compiled.rule for compiled in registry.engine.rules]
    quotes = sum(len(rule.evidence) for rule in rules)
    indicators = [indicator for rule in rules for indicator in rule.indicators]
    grounded = sum(len(indicator.evidence) for indicator in indicators)
    click.echo(
        f"ok: {len(rules)} rules in {len(registry.rulesets)} rule sets, {quotes} quotes resolved, "
        f"{sum(len(rule.assumptions) for rule in rules)} assumptions, {len(indicators)} "
        f"indicators ({grounded} indicator quotes resolved), {len(tests)} test cases"
    )


@rules.command("test")
@click.pass_context
def rules_test(ctx: click.Context) -> None:
    """Run the test cases each rule set ships (exit 1 if any fails)."""
    registry = _registry(ctx)
    try:
        tests = load_rule_tests(registry)
    except ConfigError as exc:
        _fail_config(exc)
        return
    results = run_rule_tests(registry, tests)
    failed = [r for r in results if not r.passed]
    for result in failed:
        click.echo(f"FAIL {result.test.file}: {result.test.name}")
        if result.missing:
            click.echo(f"  expected to fire: {', '.join(result.missing)}")
        if result.unexpected:
            click.echo(f"  expected not to fire: {', '.join(result.unexpected)}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        sys.exit(EXIT_FINDINGS)


@rules.command("coverage")
@click.pass_context
def rules_coverage(ctx: click.Context) -> None:
    """Report sections cited, thin quotes, reach per stakeholder type, unread values (exit 1 on findings)."""
    registry = _registry(ctx)
    report = build_report(registry)
    for article in report.articles:
        sections = len(article.cited_sections) + len(article.uncited_sections)
        click.echo(
            f"{article.article_id}: {len(article.cited_sections)}/{sections} sections cited"
            + (
                f"; never cited: {', '.join(article.uncited_sections)}"
                if article.uncited_sections
                else ""
            )
        )
    click.echo(f"fragment quotes (under 8 words and not a whole sentence): {len(report.fragments)}")
    for fragment in report.fragments:
        click.echo(f"  {fragment.rule_id}: {fragment.quote!r}")
    click.echo("reach (rules some profile of the type could fire, per area):")
    areas = registry.vocabulary.values("areas")
    for kind in registry.vocabulary.values("stakeholder_types"):
        cells = {r.area: r for r in report.reach if r.stakeholder_type == kind}
        counts = ", ".join(
            f"{area} {len(cells[area].rules) if cells[area].rules else ('gap' if cells[area].gap else 'NONE')}"
            for area in areas
        )
        click.echo(f"  {kind}: {counts}")
    for reach in report.reach:
        if reach.gap is not None and not reach.rules:
            click.echo(f"  gap {reach.stakeholder_type} / {reach.area}: {reach.gap}")
        if reach.unexplained:
            click.echo(f"  UNREACHED {reach.stakeholder_type} / {reach.area}: no rule and no gap")
    for kind, area in report.stale_gaps:
        click.echo(f"  STALE GAP {kind} / {area}: declared a gap, yet rules can reach it")
    for group, values in report.unread.items():
        click.echo(f"unread {group}: {', '.join(values)}")
    if not report.unread:
        click.echo(
            "every stakeholder type, alignment, exposure level, alliance and circumstance is read"
        )
    click.echo(f"examples with the same top three: {len(report.same_top)}")
    for names, top in report.same_top:
        click.echo(f"  {', '.join(names)}: {', '.join(top)}")
    click.echo(f"{report.findings} findings")
    if report.findings:
        sys.exit(EXIT_FINDINGS)


@main.command("assess")
@click.argument("profile_file", type=click.File("r", encoding="utf-8"))
@click.option("--explain", is_flag=True, help="Also explain the rules that did not apply.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "markdown"]),
    default="json",
    show_default=True,
)
@click.pass_context
def assess_command(
    ctx: click.Context, profile_file: Any, explain: bool, output_format: str
) -> None:
    """Assess the profile in PROFILE_FILE (a JSON file, or - for stdin)."""
    registry = _registry(ctx)
    try:
        raw = strictjson.loads(profile_file.read())
    except strictjson.InvalidJson as exc:
        raise click.BadParameter(f"not valid JSON: {exc}", param_hint="PROFILE_FILE") from exc
    try:
        assessment = assess(registry, raw, explain=explain)
    except ProfileInvalid as exc:
        click.echo(json.dumps(exc.problem(), indent=2, ensure_ascii=False), err=True)
        sys.exit(EXIT_USAGE)
    if output_format == "markdown":
        click.echo(render_markdown(assessment, registry.vocabulary, registry.articles), nl=False)
    else:
        click.echo(json.dumps(assessment, indent=2, ensure_ascii=False))


@main.command("openapi")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@click.pass_context
def openapi(ctx: click.Context, output: Path | None) -> None:
    """Write the OpenAPI document the app serves (default settings), as the clients are made from."""
    from service.api.openapi_document import openapi_document, openapi_text

    _registry(ctx)  # a broken configuration stops here with its issues listed
    text = openapi_text(openapi_document(ctx.obj["config_dir"]))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@main.group()
def db() -> None:
    """Manage the database: upgrade, downgrade, prune."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Create or migrate the database schema (safe to run from several replicas at once)."""
    settings: Settings = ctx.obj["settings"]
    migrate.upgrade(settings.database_url)
    click.echo(f"database at revision {migrate.current_revision(settings.database_url)}", err=True)


@db.command("downgrade")
@click.argument("revision")
@click.pass_context
def db_downgrade(ctx: click.Context, revision: str) -> None:
    """Migrate the schema back to REVISION, to run an earlier release on the database (for the
    releases before results were packed: 0007 on SQLite, 0008 on PostgreSQL)."""
    settings: Settings = ctx.obj["settings"]
    try:
        migrate.downgrade(settings.database_url, revision)
    except migrate.RevisionError as exc:
        raise click.BadParameter(str(exc), param_hint="REVISION") from None
    click.echo(f"database at revision {migrate.current_revision(settings.database_url)}", err=True)


@db.command("prune")
@click.option(
    "--days", type=click.IntRange(min=1), default=None, help="Default: ADVISOR_RETENTION_DAYS."
)
@click.pass_context
def db_prune(ctx: click.Context, days: int | None) -> None:
    """Delete assessments older than the retention period."""
    settings: Settings = ctx.obj["settings"]
    keep = days or settings.retention_days
    cutoff = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=keep)
    database = Database(settings.database_url, settings.db_timeout_seconds)
    try:
        removed = AssessmentRepository(database).delete_older_than(cutoff)
    finally:
        database.dispose()
    click.echo(f"deleted {removed} assessments older than {keep} days")


@main.command("serve")
@click.option("--bind", default=None, help="HOST:PORT (default: ADVISOR_BIND, 127.0.0.1:8000).")
@click.option(
    "--announce",
    default=None,
    help="Text to print once the server is listening (make run's banner and example request).",
)
@click.pass_context
def serve(ctx: click.Context, bind: str | None, announce: str | None) -> None:
    """Serve the API with gunicorn and config/gunicorn.conf.py; the configuration is checked first.

    A bind address already in use is refused before anything starts, so a printed example request
    can never reach another program.
    """
    settings: Settings = ctx.obj["settings"]
    _registry(ctx)
    address = bind or settings.bind
    problem = bind_problem(address)
    if problem:
        click.echo(f"error: cannot listen on {address}: {problem}", err=True)
        ctx.exit(EXIT_USAGE)
    env = dict(os.environ, ADVISOR_CONFIG_DIR=str(settings.config_dir), ADVISOR_BIND=address)
    if announce:
        env[ANNOUNCE_ENV] = announce
    conf = PROJECT_ROOT / "config" / "gunicorn.conf.py"
    os.execvpe(
        sys.executable,
        [sys.executable, "-m", "gunicorn", "--config", str(conf)],
        env,
    )


@main.group()
def keys() -> None:
    """Manage API keys: create, list, revoke."""


def _clients(ctx: click.Context) -> ClientRepository:
    settings: Settings = ctx.obj["settings"]
    database = Database(settings.database_url, settings.db_timeout_seconds)
    ctx.call_on_close(database.dispose)
    return ClientRepository(database)


def _scopes(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    try:
        return parse_scopes(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@keys.command("create")
@click.option("--name", required=True, help="A unique name for the client, e.g. the portal's.")
@click.option(
    "--scopes", required=True, callback=_scopes, help="Comma-separated: assess, read, admin."
)
@click.option("--expires-in", type=click.IntRange(min=1), default=None, help="Days until expiry.")
@click.pass_context
def keys_create(
    ctx: click.Context, name: str, scopes: tuple[str, ...], expires_in: int | None
) -> None:
    """Create a key: only the key goes to stdout (it is shown once), details to stderr."""
    try:
        raw_key, client = create_key(_clients(ctx), name, scopes, expires_in)
    except NameTaken:
        click.echo(f"a client named '{name}' already exists", err=True)
        sys.exit(EXIT_USAGE)
    expiry = client.expires_at.isoformat(timespec="seconds") + "Z" if client.expires_at else "never"
    click.echo(
        f"created key for '{client.name}' (id {client.id}, scopes {' '.join(client.scopes)}, "
        f"expires {expiry}); store it now, it cannot be shown again",
        err=True,
    )
    click.echo(raw_key)


@keys.command("list")
@click.pass_context
def keys_list(ctx: click.Context) -> None:
    """List clients and the state of their keys (never the keys themselves)."""
    now = now_utc()

    def when(moment):
        return moment.isoformat(timespec="seconds") + "Z" if moment else "-"

    click.echo(f"{'id':36}  {'name':20}  {'scopes':18}  {'state':8}  {'last used':20}  expires")
    for client in _clients(ctx).all():
        state = "active" if client.active(now) else ("revoked" if client.revoked_at else "expired")
        click.echo(
            f"{client.id:36}  {client.name[:20]:20}  {' '.join(client.scopes):18}  {state:8}  "
            f"{when(client.last_used_at):20}  {when(client.expires_at)}"
        )


@keys.command("revoke")
@click.argument("client")
@click.pass_context
def keys_revoke(ctx: click.Context, client: str) -> None:
    """Revoke the key of CLIENT (its id or name); its assessments are kept."""
    clients = _clients(ctx)
    record = clients.find(client)
    if record is None or record.key_hash is None:
        click.echo(f"no client '{client}'", err=True)
        sys.exit(EXIT_USAGE)
    clients.revoke(record.id, now_utc())
    click.echo(f"revoked '{record.name}' ({record.id})", err=True)


@keys.command("dev")
@click.option(
    "--file",
    "key_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=PROJECT_ROOT / "var" / "dev-key",
    show_default=True,
)
@click.pass_context
def keys_dev(ctx: click.Context, key_file: Path) -> None:
    """Print the local development key, creating it (scopes assess, read) on first use."""
    clients = _clients(ctx)
    if key_file.exists():
        raw_key = key_file.read_text(encoding="utf-8").strip()
        if authenticate(clients, raw_key) is not None:
            click.echo(raw_key)
            return
    name = f"local-dev-{now_utc():%Y%m%d%H%M%S}"
    raw_key, _ = create_key(clients, name, ("assess", "read"))
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.touch(mode=0o600)
    key_file.write_text(raw_key + "\n", encoding="utf-8")
    click.echo(f"created development key '{name}' in {key_file}", err=True)
    click.echo(raw_key)
