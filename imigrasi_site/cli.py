"""Command line: python -m imigrasi_site migrate | seed | setup."""

from __future__ import annotations

import argparse
import sys

from imigrasi_site.core import db
from imigrasi_site.core.seed import seed
from imigrasi_site.core.settings import get_settings


def _migrate(_args: argparse.Namespace) -> int:
    db.migrate()
    print(f"Database at schema revision {db.current_revision()}.")
    return 0


def _seed(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        report = seed(session, demo=not args.no_demo)
    print(
        f"Seeded {report.provinces} provinces, {report.services} services, {report.offices} offices "
        f"({report.cells_added} office services added); demo content "
        f"{'added' if report.demo_added else 'already present or skipped'}."
    )
    return 0


def _setup(args: argparse.Namespace) -> int:
    _migrate(args)
    return _seed(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m imigrasi_site", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the database migrations").set_defaults(run=_migrate)
    for name, run, text in (("seed", _seed, "load offices and demo content (idempotent)"),
                            ("setup", _setup, "migrate, then seed")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--no-demo", action="store_true", help="load the office network only")
        sub.set_defaults(run=run)
    args = parser.parse_args(argv)
    print(f"Database: {get_settings().db_url.split('@')[-1]}", file=sys.stderr)
    return args.run(args)
