"""Worker processes each listening through a socket of their own on the server's address."""

from __future__ import annotations

import io
import pickle
import socket
import threading
from collections import Counter
from multiprocessing.reduction import ForkingPickler

import pytest

from docket.listening import SharedAddress, balances_connections

pytestmark = pytest.mark.skipif(
    not balances_connections(), reason="the kernel spreads connections over sockets on Linux"
)

CONNECTIONS = 64
# Each of two sockets is given at least this many of 64 connections, unless the kernel's spread
# is as uneven as 13 to 51 or worse (by chance about once in ten million tries, by a binomial
# count), while the one socket all workers shared gave one worker most of them.
FAIR_SHARE = 12


def _as_a_worker_gets_it(address: SharedAddress) -> socket.socket:
    """What a worker process unpickles from what the server hands it, as uvicorn hands it."""
    buffer = io.BytesIO()
    ForkingPickler(buffer).dump([address])
    [own] = pickle.loads(buffer.getvalue())
    assert isinstance(own, socket.socket)
    return own


def _accepted_by_each(listeners: list[socket.socket], port: int) -> list[int]:
    """Open CONNECTIONS connections to ``port`` one after another; how many each listener took."""
    taken: Counter[int] = Counter()
    lock = threading.Lock()
    done = threading.Event()

    def accept(index: int, listener: socket.socket) -> None:
        listener.settimeout(0.2)
        while not done.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            connection.close()
            with lock:
                taken[index] += 1

    threads = [
        threading.Thread(target=accept, args=(i, listener)) for i, listener in enumerate(listeners)
    ]
    for thread in threads:
        thread.start()
    try:
        for _ in range(CONNECTIONS):
            with socket.create_connection(("127.0.0.1", port), timeout=5):
                pass
        for _ in range(100):
            with lock:
                if sum(taken.values()) == CONNECTIONS:
                    break
            done.wait(0.05)
    finally:
        done.set()
        for thread in threads:
            thread.join()
    return [taken[i] for i in range(len(listeners))]


def test_each_worker_listens_through_its_own_socket_and_takes_a_share() -> None:
    with SharedAddress("127.0.0.1", 0) as address:
        workers = [_as_a_worker_gets_it(address) for _ in range(2)]
        try:
            for own in workers:
                assert own.getsockname() == address.getsockname()
                assert own.fileno() != address.fileno()
                assert own.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
                own.listen(128)
            taken = _accepted_by_each(workers, address.port)
        finally:
            for own in workers:
                own.close()
    # Every connection reached a worker: the server's own socket, bound and not listening,
    # is given none.
    assert sum(taken) == CONNECTIONS
    assert min(taken) >= FAIR_SHARE, taken


def test_the_address_is_held_until_the_server_lets_it_go() -> None:
    with SharedAddress("127.0.0.1", 0) as address:
        port = address.port
        with socket.socket() as other, pytest.raises(OSError, match="in use"):
            # A program that does not join the group cannot take the address meanwhile.
            other.bind(("127.0.0.1", port))
    with socket.socket() as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        other.bind(("127.0.0.1", port))


def test_an_address_in_use_is_refused() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        with pytest.raises(OSError, match="in use"):
            SharedAddress("127.0.0.1", taken.getsockname()[1])
