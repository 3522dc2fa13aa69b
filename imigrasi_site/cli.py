"""Command line: python -m imigrasi_site migrate | seed | setup | create-editor | demo-accounts."""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys

from sqlmodel import select

from imigrasi_site.core import accounts, db
from imigrasi_site.core.errors import DomainError
from imigrasi_site.core.models import Editor
from imigrasi_site.core.seed import seed
from imigrasi_site.core.settings import PROJECT_ROOT, get_settings

DEMO_ACCOUNTS_FILE = PROJECT_ROOT / "data" / "demo-accounts.txt"
DEMO_ACCOUNTS = (("admin", "Admin Demo", "admin"), ("penerbit", "Penerbit Demo", "publisher"),
                 ("editor", "Editor Demo", "editor"))


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


def _create_editor(args: argparse.Namespace) -> int:
    password = os.environ.get("IMIGRASI_EDITOR_PASSWORD") or getpass.getpass("Password (12+ characters): ")
    try:
        with db.session_scope() as session:
            account = accounts.create_editor(session, username=args.username, display_name=args.display_name,
                                             password=password, role=args.role, operator=True)
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return 2
    print(f"Created {account.role} '{account.username}'.")
    return 0


def _demo_accounts(_args: argparse.Namespace) -> int:
    """On the demo database only: make one account per role once, and print their credentials."""
    if not get_settings().is_demo_database:
        print("Not the demo database: no demo accounts are made.", file=sys.stderr)
        return 0
    with db.session_scope() as session:
        if session.exec(select(Editor.id).where(Editor.username == DEMO_ACCOUNTS[0][0])).first() is None:
            lines = []
            for username, name, role in DEMO_ACCOUNTS:
                password = secrets.token_urlsafe(12)
                accounts.create_editor(session, username=username, display_name=name, password=password,
                                       role=role, operator=True)
                lines.append(f"{role:<10} {username:<10} {password}")
            DEMO_ACCOUNTS_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
            DEMO_ACCOUNTS_FILE.chmod(0o600)
    if DEMO_ACCOUNTS_FILE.exists():
        print(f"Demo accounts for {get_settings().public_url}/admin (role, user, password):")
        print(DEMO_ACCOUNTS_FILE.read_text(encoding="utf-8"), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m imigrasi_site", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the database migrations").set_defaults(run=_migrate)
    for name, run, text in (("seed", _seed, "load offices and demo content (idempotent)"),
                            ("setup", _setup, "migrate, then seed")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--no-demo", action="store_true", help="load the office network only")
        sub.set_defaults(run=run)
    create = commands.add_parser("create-editor", help="create an account (password from a prompt or "
                                                        "IMIGRASI_EDITOR_PASSWORD)")
    create.add_argument("--username", required=True)
    create.add_argument("--display-name", required=True)
    create.add_argument("--role", default="admin", choices=["editor", "publisher", "admin"])
    create.set_defaults(run=_create_editor)
    commands.add_parser("demo-accounts", help="demo database only: one account per role, printed"
                        ).set_defaults(run=_demo_accounts)
    args = parser.parse_args(argv)
    print(f"Database: {get_settings().db_url.split('@')[-1]}", file=sys.stderr)
    return args.run(args)
