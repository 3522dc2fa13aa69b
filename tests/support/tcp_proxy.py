"""A TCP forwarder the tests can cut, to take a database away from a running app and give it back.

Cutting it closes the listening socket and every open connection, which is what the app
sees when the database server stops or the network to it fails.
"""

from __future__ import annotations

import asyncio
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, listen_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.listen_host = listen_host
        self.port: int | None = None
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _handle(self, client_reader, client_writer) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        self._writers |= {client_writer, server_writer}
        await asyncio.gather(self._pipe(client_reader, server_writer), self._pipe(server_reader, client_writer))
        self._writers -= {client_writer, server_writer}

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._handle, self.listen_host, self.port or 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    def start(self) -> int:
        """Listen (again, on the same port after a cut) and forward."""
        self._run(self._start())
        return self.port

    def cut(self) -> None:
        self._run(self._stop())

    def close(self) -> None:
        self.cut()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)


if __name__ == "__main__":
    # `python -m tests.support.tcp_proxy TARGET_HOST TARGET_PORT LISTEN_HOST LISTEN_PORT`: a forwarder in a
    # process of its own (tests/support/partition.py runs one inside a network namespace).
    import sys

    target_host, target_port, listen_host, listen_port = sys.argv[1:5]
    proxy = TcpProxy(target_host, int(target_port), listen_host)
    proxy.port = int(listen_port)
    print(proxy.start(), flush=True)
    threading.Event().wait()
