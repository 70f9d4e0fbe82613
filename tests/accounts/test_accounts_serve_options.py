"""`docket serve --trusted-proxy`: a value that is not an address stops it with one line."""

from __future__ import annotations

from tests.accounts.conftest import Run


def test_a_trusted_proxy_that_is_not_an_address_is_one_line(run: Run) -> None:
    run("init")
    result = run("serve", "--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "proxy.lan", code=2)
    assert result.stderr.startswith("error: trusted proxy 'proxy.lan' is not an IP address")
    assert len(result.stderr.strip().splitlines()) == 1
