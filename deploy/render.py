"""Writes deploy/nginx.conf.template with its values filled in.

    python deploy/render.py --listen 80 --server-name status.example.go.id \
        --worker 127.0.0.1:8000 --worker 127.0.0.1:8001 --prefix /var/lib/imigrasi-nginx > nginx.conf
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from string import Template

DEPLOY_DIR = Path(__file__).resolve().parent


def render(*, listen: str, server_name: str, workers: list[str], prefix: str, stale_hours: int = 12) -> str:
    template = Template((DEPLOY_DIR / "nginx.conf.template").read_text(encoding="utf-8"))
    # safe_substitute: nginx's own $variables stay as they are; every ${NAME} of ours is given below.
    config = template.safe_substitute(
        LISTEN=listen, SERVER_NAME=server_name, PREFIX=prefix, DEPLOY_DIR=str(DEPLOY_DIR),
        STALE_HOURS=str(stale_hours), UPSTREAM_SERVERS="\n        ".join(f"server {w} max_fails=1 fail_timeout=5s;"
                                                                     for w in workers),
    )
    if "${" in config:
        raise ValueError("a value of the template is not filled in")
    return config


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", default="80")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--worker", action="append", required=True, help="host:port of an app worker")
    parser.add_argument("--prefix", required=True, help="folder for nginx's pid, logs, temp files and cache")
    parser.add_argument("--stale-hours", type=int, default=12)
    args = parser.parse_args()
    sys.stdout.write(render(listen=args.listen, server_name=args.server_name, workers=args.worker,
                            prefix=args.prefix, stale_hours=args.stale_hours))
    return 0


if __name__ == "__main__":
    sys.exit(main())
