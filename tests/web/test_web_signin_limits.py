"""Sign-in limits per account and per address, and what a reverse proxy may tell the app.

One person's typos must not lock a whole office out behind one proxy; a client must not pick
its own address for the limits by sending ``X-Forwarded-For``.
"""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import PASSWORD, Person, accounts_of

from docket.archive import Archive
from docket.errors import DocketError
from docket.web import WebSettings, create_app
from docket.web.proxy import TrustedProxies

PROXY = ("10.0.0.2", 40000)
OUTSIDER = ("203.0.113.9", 40000)


def _app(archive: Archive, **settings: object) -> FastAPI:
    return create_app(
        archive,
        WebSettings(secure_cookies=False, **settings),  # type: ignore[arg-type]
        accounts=accounts_of(archive),
    )


def _login(
    client: TestClient, name: str, password: str, headers: dict[str, str] | None = None
) -> int:
    page = client.get("/login", headers=headers)
    token = page.text.split('name="login_token" value="')[1].split('"')[0]
    response = client.post(
        "/login",
        data={"name": name, "password": password, "login_token": token},
        headers=headers,
        follow_redirects=False,
    )
    return response.status_code


def test_one_accounts_typos_do_not_stop_another_account_at_the_same_address(
    archive: Archive, people: dict[str, Person]
) -> None:
    app = _app(archive, login_attempts_per_minute=3)
    with TestClient(app, client=OUTSIDER) as client:
        codes = [_login(client, "viewer-user", "wrong password!!") for _ in range(4)]
        assert codes == [401, 401, 401, 429]
        assert _login(client, "viewer-user", PASSWORD) == 429
        assert _login(client, "analyst-user", PASSWORD) == 303


def test_the_address_ceiling_stops_trying_many_names(
    archive: Archive, people: dict[str, Person]
) -> None:
    app = _app(archive, address_failures_per_minute=4)
    with TestClient(app, client=OUTSIDER) as client:
        for name in ("viewer-user", "analyst-user", "nobody", "someone-else"):
            assert _login(client, name, "wrong password!!") == 401
        assert _login(client, "editor-user", PASSWORD) == 429
    with TestClient(app, client=("198.51.100.7", 1)) as elsewhere:
        assert _login(elsewhere, "editor-user", PASSWORD) == 303


def test_an_accounts_pause_holds_from_every_address(
    archive: Archive, people: dict[str, Person]
) -> None:
    app = _app(archive, trusted_proxies=("10.0.0.0/24",))
    with TestClient(app, client=PROXY) as client:
        for number in range(5):
            headers = {"X-Forwarded-For": f"198.51.100.{number + 1}"}
            assert _login(client, "analyst-user", "wrong password!!", headers) == 401
        fresh = {"X-Forwarded-For": "198.51.100.200"}
        assert _login(client, "analyst-user", PASSWORD, fresh) == 401
        assert _login(client, "viewer-user", PASSWORD, fresh) == 303


def test_forwarded_for_from_an_untrusted_peer_is_ignored(
    archive: Archive, people: dict[str, Person]
) -> None:
    app = _app(archive, login_attempts_per_minute=2)
    with TestClient(app, client=OUTSIDER) as client:
        codes = [
            _login(client, "viewer-user", "wrong", {"X-Forwarded-For": f"192.0.2.{n}"})
            for n in range(1, 4)
        ]
    assert codes == [401, 401, 429]


def test_forwarded_for_from_a_trusted_proxy_is_the_client(
    archive: Archive, people: dict[str, Person]
) -> None:
    app = _app(archive, login_attempts_per_minute=2, trusted_proxies=("10.0.0.2",))
    with TestClient(app, client=PROXY) as client:
        codes = [
            _login(client, "viewer-user", "wrong", {"X-Forwarded-For": f"192.0.2.{n}"})
            for n in range(1, 4)
        ]
        assert codes == [401, 401, 401]
        same = {"X-Forwarded-For": "192.0.2.50"}
        assert [_login(client, "viewer-user", "wrong", same) for _ in range(3)] == [401, 401, 429]


def test_the_client_is_the_nearest_untrusted_hop() -> None:
    proxies = TrustedProxies(["10.0.0.0/8", "::1"])

    def scope(peer: str, forwarded: str) -> dict[str, object]:
        return {"client": (peer, 1), "headers": [(b"x-forwarded-for", forwarded.encode())]}

    # The client wrote the leftmost value itself; the proxies appended the rest.
    assert proxies.client(scope("10.0.0.2", "6.6.6.6, 192.0.2.1, 10.0.0.9")) == "192.0.2.1"
    assert proxies.client(scope("::1", "192.0.2.1")) == "192.0.2.1"
    assert proxies.client(scope("192.0.2.77", "6.6.6.6")) == "192.0.2.77"
    assert proxies.client(scope("10.0.0.2", "not-an-address")) == "10.0.0.2"
    assert proxies.client(scope("10.0.0.2", "")) == "10.0.0.2"


def test_https_behind_a_trusted_proxy_makes_cookies_secure_and_sends_hsts(
    archive: Archive, people: dict[str, Person]
) -> None:
    app = _app(archive, trusted_proxies=("10.0.0.2",))
    https = {"X-Forwarded-Proto": "https"}
    with TestClient(app, client=PROXY) as client:
        page = client.get("/login", headers=https)
        assert page.headers["strict-transport-security"] == "max-age=31536000"
        assert "secure" in page.headers["set-cookie"].lower()
    with TestClient(app, client=OUTSIDER) as client:
        page = client.get("/login", headers=https)
        assert "strict-transport-security" not in page.headers
        assert "secure" not in page.headers["set-cookie"].lower()


def test_a_trusted_proxy_must_be_an_address() -> None:
    with pytest.raises(DocketError, match=r"'proxy\.example' is not an IP address"):
        WebSettings(trusted_proxies=("proxy.example",))
    assert WebSettings(trusted_proxies=["10.0.0.0/8"]).trusted_proxies == ("10.0.0.0/8",)  # type: ignore[arg-type]
