"""A link to the database that fails silently, as the network does in a data-centre failure.

The app reaches PostgreSQL through a forwarder inside a network namespace of its own, across a veth
pair, and a second forwarder on this side takes the traffic on to the server. `drop()` takes the
namespace's end of the pair down: packets are lost without a reset, so an open connection hears
nothing, as from a partitioned data centre. (Stopping the server or cutting a TcpProxy answers with a
reset instead, which every client notices at once.) Needs root and iproute2, as CI has.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys

from tests.support.harness import PROJECT_ROOT
from tests.support.services import skip_or_fail
from tests.support.tcp_proxy import TcpProxy

_links = itertools.count(1)


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


class Partition:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        number = (os.getpid() + next(_links)) % 250 + 1
        self.namespace = f"imgpart{number}"
        self._outside, self._inside = f"vimo{number}", f"vimi{number}"  # interface names: 15 characters at most
        self._outside_ip, self.host = f"10.231.{number}.1", f"10.231.{number}.2"
        self.port = 15432
        self._outer: TcpProxy | None = None
        self._inner: subprocess.Popen[str] | None = None

    def __enter__(self) -> Partition:
        if os.geteuid() != 0 or shutil.which("ip") is None:
            skip_or_fail("a silent network failure needs root and iproute2 (ip netns)")
        try:
            _ip("netns", "add", self.namespace)
            _ip("link", "add", self._outside, "type", "veth", "peer", "name", self._inside)
            _ip("link", "set", self._inside, "netns", self.namespace)
            _ip("addr", "add", f"{self._outside_ip}/30", "dev", self._outside)
            _ip("link", "set", self._outside, "up")
            for command in (["addr", "add", f"{self.host}/30", "dev", self._inside], ["link", "set", self._inside, "up"],
                            ["link", "set", "lo", "up"]):
                _ip("netns", "exec", self.namespace, "ip", *command)
        except subprocess.CalledProcessError as error:
            self.__exit__()
            skip_or_fail(f"no network namespace could be made here: {error.stderr.strip()}")
        self._outer = TcpProxy(*self.target, listen_host=self._outside_ip)
        outer_port = self._outer.start()
        self._inner = subprocess.Popen(
            ["ip", "netns", "exec", self.namespace, sys.executable, "-m", "tests.support.tcp_proxy",
             self._outside_ip, str(outer_port), self.host, str(self.port)],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
        assert self._inner.stdout is not None and self._inner.stdout.readline().strip() == str(self.port)
        return self

    def drop(self) -> None:
        """From now on every packet between the app and the database is lost."""
        _ip("netns", "exec", self.namespace, "ip", "link", "set", self._inside, "down")

    def heal(self) -> None:
        _ip("netns", "exec", self.namespace, "ip", "link", "set", self._inside, "up")

    def __exit__(self, *_exc: object) -> None:
        if self._inner is not None:
            self._inner.kill()
            self._inner.wait()
        if self._outer is not None:
            self._outer.close()
        subprocess.run(["ip", "link", "del", self._outside], capture_output=True)
        subprocess.run(["ip", "netns", "del", self.namespace], capture_output=True)
