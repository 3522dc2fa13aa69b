"""Where a sign-in may lead: only pages of the workspace, however the path is written."""

from __future__ import annotations

import pytest

from imigrasi_site.core.links import workspace_path


@pytest.mark.parametrize("target, expected", [
    ("/admin", "/admin"),
    ("/admin/akun", "/admin/akun"),
    ("/admin/pengumuman/12", "/admin/pengumuman/12"),
    ("/admin//audit", "/admin/audit"),
    ("/admin/insiden/../status", "/admin/status"),
])
def test_workspace_pages_are_kept(target, expected):
    assert workspace_path(target) == expected


@pytest.mark.parametrize("target", [
    "/admin/..//evil.example/",  # resolves to /evil.example/ (the report in issue 12)
    "/admin/../kantor",
    "/admin/%2e%2e/%2e%2e/evil",
    "/admin/%2E%2E//evil.example",
    "//evil.example/admin",
    "https://evil.example/admin",
    "/\\evil.example",
    "/admin\\..\\..\\evil",
    "/administrator",
    "/adminx/akun",
    "admin/akun",
    "/admin/masuk",  # the sign-in page itself would loop
    "/admin/%0d%0aSet-Cookie:x=y",
    "/admin?next=//evil.example",
    "",
    None,
    ["/admin"],
    "/admin/" + "a" * 600,
])
def test_anything_else_leads_to_the_workspace_start(target):
    assert workspace_path(target) == "/admin"
