"""Scheduled backups in the workspace: admins set the plan (CSRF-protected, a custody entry,
never a password), and the dashboard warns them when the last good backup is missing or too old."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from web_support import custody_entries, page_csrf

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import archive_meta
from docket.evidence.custody import Action
from docket.model.access import Viewer
from docket.safekeeping import schedule

Client = Callable[[str], TestClient]
NEVER = "never been backed up"


def _stored_plan(archive: Archive) -> dict[str, str] | None:
    with reading(archive.kernel.engine) as connection:
        value = connection.execute(
            select(archive_meta.c.value).where(archive_meta.c.key == "backup_plan")
        ).scalar_one_or_none()
    return None if value is None else dict(json.loads(value))


def _set(client: TestClient, **fields: str) -> int:
    data = {"csrf_token": page_csrf(client), "every": "daily", "password_from": "env", **fields}
    return client.post("/admin/backups", data=data, follow_redirects=False).status_code


@pytest.mark.parametrize("role", ["editor", "analyst", "viewer"])
def test_only_admins_see_or_change_the_plan(
    role: str, archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    client = client_as(role)
    assert client.get("/admin/backups").status_code == 403
    assert _set(client, target=str(tmp_path / "b"), password_env="X") == 403
    csrf = page_csrf(client)
    assert client.post("/admin/backups/stop", data={"csrf_token": csrf}).status_code == 403
    assert _stored_plan(archive) is None
    dashboard = client.get("/").text
    assert NEVER not in dashboard and "/admin/backups" not in dashboard


def test_a_form_without_the_csrf_token_changes_nothing(
    archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    admin = client_as("admin")
    form = {"target": str(tmp_path / "b"), "every": "daily", "password_env": "X"}
    assert admin.post("/admin/backups", data=form).status_code == 403
    assert admin.post("/admin/backups", data={**form, "csrf_token": "forged"}).status_code == 403
    assert _stored_plan(archive) is None


def test_an_admin_sets_a_plan_that_names_where_the_password_is_never_the_password(
    archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    admin = client_as("admin")
    target = tmp_path / "backups"
    assert _set(admin, target=str(target), every="weekly", password_env="OFFICE_BACKUP_PW") == 303
    page = admin.get("/admin/backups?done=set").text
    assert "The backup plan was saved." in page
    assert str(target) in page and "OFFICE_BACKUP_PW" in page and "Weekly" in page
    assert _stored_plan(archive) == {
        "target": str(target),
        "every": "weekly",
        "password_env": "OFFICE_BACKUP_PW",
    }
    entry = custody_entries(archive)[-1]
    assert (entry.action, entry.actor) == (Action.BACKUP_PLAN_SET, "admin-user")
    assert entry.data == {
        "target": str(target),
        "every": "weekly",
        "password_from": "environment variable OFFICE_BACKUP_PW",
    }
    secret_file = tmp_path / "password"
    assert (
        _set(admin, target=str(target), password_from="file", password_file=str(secret_file)) == 303
    )
    assert _stored_plan(archive) == {
        "target": str(target),
        "every": "daily",
        "password_file": str(secret_file),
    }
    csrf = page_csrf(admin)
    stopped = admin.post("/admin/backups/stop", data={"csrf_token": csrf}, follow_redirects=False)
    assert stopped.status_code == 303
    assert _stored_plan(archive) is None
    assert custody_entries(archive)[-1].action == Action.BACKUP_PLAN_STOPPED
    assert "No backup plan is set" in admin.get("/admin/backups").text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"target": "relative/folder", "password_env": "X"}, "is not a full path"),
        ({"target": "/tmp/b", "every": "hourly", "password_env": "X"}, "choose daily or weekly"),
        ({"target": "/tmp/b"}, "need a password"),
        ({"target": "/tmp/b", "password_env": "NOT A NAME"}, "not an environment variable name"),
        ({"target": "/tmp/b", "password_from": "file", "password_file": "pw"}, "full path"),
        ({"target": "sftp://host//b", "password_env": "X"}, "as sftp:[user@]host:/path"),
        ({"target": "s3:https://store.example.org/Bad_Name", "password_env": "X"}, "bucket name"),
        ({"target": "s3:https://k:s@store.example.org/b0x", "password_env": "X"}, "no credentials"),
    ],
)
def test_a_plan_that_cannot_work_is_refused_in_one_line(
    fields: dict[str, str], message: str, archive: Archive, client_as: Client
) -> None:
    admin = client_as("admin")
    data = {"csrf_token": page_csrf(admin), "every": "daily", "password_from": "env", **fields}
    response = admin.post("/admin/backups", data=data)
    assert response.status_code == 400
    assert message in response.text
    # What the admin typed is kept in the form.
    assert f'value="{fields["target"]}"' in response.text
    assert _stored_plan(archive) is None


def test_a_folder_on_another_server_is_reached_over_sftp(
    archive: Archive, client_as: Client
) -> None:
    admin = client_as("admin")
    assert _set(admin, target="sftp:backup@vault.example.org:/srv/docket", password_env="X") == 303
    assert _stored_plan(archive) == {
        "target": "sftp:backup@vault.example.org:/srv/docket",
        "every": "daily",
        "password_env": "X",
    }


def test_a_bucket_of_an_s3_store_is_kept_without_its_credentials(
    archive: Archive, client_as: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    access_key, secret_key = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret_key)
    admin = client_as("admin")
    assert _set(admin, target="s3:store.example.org/docket-backups/ngo", password_env="X") == 303
    # Without a scheme restic means https: the plan says so.
    target = "s3:https://store.example.org/docket-backups/ngo"
    assert _stored_plan(archive) == {"target": target, "every": "daily", "password_env": "X"}
    assert target in admin.get("/admin/backups").text
    stored = json.dumps([_stored_plan(archive), *(e.data for e in custody_entries(archive))])
    assert access_key not in stored and secret_key not in stored
    assert custody_entries(archive)[-1].data["target"] == target


def test_a_backup_folder_inside_the_archive_is_refused(archive: Archive, client_as: Client) -> None:
    admin = client_as("admin")
    inside = archive.settings.home / "backups"
    response = admin.post(
        "/admin/backups",
        data={"csrf_token": page_csrf(admin), "target": str(inside), "every": "daily",
              "password_env": "X"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "cannot lie inside the archive" in response.text


def test_the_dashboard_warns_admins_until_the_plan_is_kept(
    archive: Archive, client_as: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # restic is a system package of the test suite (scripts/system-packages.sh): no skip.
    admin = client_as("admin")
    assert NEVER in admin.get("/").text
    assert _set(admin, target=str(tmp_path / "backups"), password_env="OFFICE_BACKUP_PW") == 303
    assert NEVER in admin.get("/").text
    monkeypatch.setenv("OFFICE_BACKUP_PW", "kept apart from the backup")
    ran = schedule.run_if_due(archive)
    assert ran.snapshot is not None
    dashboard = admin.get("/").text
    assert NEVER not in dashboard and "older than the plan allows" not in dashboard
    assert ran.snapshot.id[:8] in dashboard
    # Not due again until a day has passed: the scheduler makes no second snapshot.
    assert schedule.run_if_due(archive).snapshot is None
    door = archive.as_viewer(Viewer.owner())
    assert not door.backup_status().warn
    later = datetime.now(UTC) + timedelta(days=1, hours=3)
    assert door.backup_status(later).warn
    assert schedule.run_if_due(archive, later).snapshot is not None
