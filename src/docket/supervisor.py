"""The process that keeps ``docket serve``'s web workers running.

``docket serve`` opens the archive, checks it, catches its search index up and binds the
address; with several workers it then replaces itself with this module (``exec``). Each worker
opens the archive itself, so the process that starts, watches and replaces them needs nothing of
it, and the 110 MiB that importing the workspace holds in each process are held only by the
workers. This module imports uvicorn and the address (:mod:`docket.listening`), nothing else.
It keeps one descriptor from the process it replaced: the archive's lock, held shared, so that
it still counts as serving the archive (``docket lock`` stops it, and its workers with it).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Final, NoReturn

import uvicorn
from uvicorn.supervisors import Multiprocess

from docket.listening import SharedAddress

APPLICATION: Final = "docket.web.server:application"
# What the process that bound the address hands over: the socket's descriptor and host, and
# uvicorn's options (no secret: the archive's key, if any, travels as the workers' own
# variables, as it did before).
HANDOVER_VARIABLE: Final = "DOCKET_SERVE_HANDOVER"


def hand_over(
    address: SharedAddress, options: dict[str, Any], workers: int, command: list[str]
) -> NoReturn:
    """Become the supervisor of ``workers`` worker processes listening on ``address``.

    ``command`` (what was typed, ``serve --port …``) follows the module on the new command
    line, unread, so that ``ps`` and ``docket lock`` show the server as it was started."""
    address.set_inheritable(True)
    os.environ[HANDOVER_VARIABLE] = json.dumps(
        {"descriptor": address.fileno(), "host": address.host, "workers": workers, **options}
    )
    sys.stdout.flush()
    sys.stderr.flush()
    # This interpreter and this module: nothing here comes from a request or a user.
    # -P: a folder named like this package where serve was started from is not imported.
    os.execv(sys.executable, [sys.executable, "-P", "-m", __name__, *command])  # noqa: S606


def supervise() -> None:
    """Start the workers and keep them running until interrupted."""
    options = json.loads(os.environ.pop(HANDOVER_VARIABLE))
    address = SharedAddress.inherited(options.pop("descriptor"), options.pop("host"))
    config = uvicorn.Config(APPLICATION, factory=True, **options)
    with address:
        Multiprocess(config, sockets=[address]).run()


if __name__ == "__main__":
    supervise()
