"""The address several worker processes listen on, each through a socket of its own.

uvicorn's worker processes share the one listening socket their parent bound: the kernel gives
each new connection to the worker that waited last, which under load is the busiest one, and a
kept-alive connection stays with the worker that took it. Under 50 clients on two cores, one
worker did 75-85 % of the work while the other waited. With ``SO_REUSEPORT`` each worker listens
through a socket of its own bound to the same address, and the kernel spreads new connections
over those sockets by a hash of the two ends' addresses (Linux; other systems may send them all
to one socket, so they keep the shared socket).

A worker unpickles its socket before uvicorn starts answering the supervisor's health checks,
so this module imports nothing of the workspace: importing that takes seconds on a busy
machine, and a worker silent for five seconds is killed as hung.
"""

from __future__ import annotations

import socket
import sys
from typing import Any

__all__ = ["SharedAddress", "balances_connections"]


def balances_connections() -> bool:
    """Whether this system spreads connections over sockets bound with ``SO_REUSEPORT``."""
    return sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT")


class SharedAddress(socket.socket):
    """The address held by the server process, bound and not listening, so that no other
    program takes it while workers start and restart; a worker process is given, instead of
    this socket, one of its own bound to the same address (:func:`worker_socket`)."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(_family(host), socket.SOCK_STREAM)
        _bind_beside_others(self, host, port)
        self.host = host

    @classmethod
    def inherited(cls, descriptor: int, host: str) -> SharedAddress:
        """The address a process bound before it was replaced by this one (``exec``)."""
        address = cls.__new__(cls)
        socket.socket.__init__(address, fileno=descriptor)
        address.host = host
        return address

    @property
    def port(self) -> int:
        """The port bound (the one chosen by the system when asked for port 0)."""
        return int(self.getsockname()[1])

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        # uvicorn hands its workers the sockets it was given through pickling: each unpickles
        # as its own socket in the address's group.
        return (worker_socket, (self.host, self.port))


def worker_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` beside the server's and the other workers' (not yet
    listening: the worker's server listens on it)."""
    own = socket.socket(_family(host), socket.SOCK_STREAM)
    _bind_beside_others(own, host, port)
    return own


def _bind_beside_others(sock: socket.socket, host: str, port: int) -> None:
    """Bind ``sock`` into the address's group (closed again when it cannot be)."""
    try:
        # SO_REUSEADDR as uvicorn sets it (a restart does not wait for old connections to end).
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET
