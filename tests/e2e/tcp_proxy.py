"""A TCP proxy the test owns, between the app and PostgreSQL, so a test can cut the database off.

The machine's PostgreSQL is never touched: `cut()` only drops what goes through this proxy.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from types import TracebackType

from sqlalchemy.engine import make_url

OPEN, RESET, HANG = "open", "reset", "hang"


def _abort(sock: socket.socket) -> None:
    """Close with a reset (RST), waking any thread blocked on the socket first."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target. `cut(RESET)` resets every connection and resets new
    ones as they arrive; `cut(HANG)` resets every connection and leaves new ones unanswered (a
    database that accepts but never replies); `restore()` forwards again."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._mode = OPEN
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._closed = threading.Event()
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    @classmethod
    def to_database(cls, database_url: str) -> TcpProxy:
        url = make_url(database_url)
        return cls(url.host or "127.0.0.1", url.port or 5432)

    def url_through(self, database_url: str) -> str:
        """The same database URL, reaching the server through this proxy."""
        url = make_url(database_url).set(host="127.0.0.1", port=self.port)
        return url.render_as_string(hide_password=False)

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._sockets)

    def cut(self, mode: str = RESET) -> None:
        assert mode in (RESET, HANG)
        with self._lock:
            self._mode = mode
            doomed, self._sockets = self._sockets, set()
        for sock in doomed:
            _abort(sock)

    def restore(self) -> None:
        with self._lock:
            self._mode = OPEN
            doomed, self._sockets = self._sockets, set()  # the ones left hanging
        for sock in doomed:
            _abort(sock)

    def close(self) -> None:
        self._closed.set()
        self._acceptor.join()
        self._listener.close()
        self.cut(RESET)

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _accept_loop(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            with self._lock:
                mode = self._mode
                if mode == HANG:
                    self._sockets.add(client)  # accepted, never answered
                    continue
            if mode == RESET:
                _abort(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _abort(client)
                continue
            with self._lock:
                self._sockets.update((client, upstream))
            pumps = [threading.Thread(target=self._pump, args=(client, upstream), daemon=True)]
            pumps.append(threading.Thread(target=self._pump, args=(upstream, client), daemon=True))
            for pump in pumps:
                pump.start()
            threading.Thread(target=self._close_after, args=(pumps, client, upstream)).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):  # one side ended: end the other direction too
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _close_after(self, pumps: list[threading.Thread], *socks: socket.socket) -> None:
        for pump in pumps:
            pump.join()
        with self._lock:
            self._sockets.difference_update(socks)
        for sock in socks:
            sock.close()
