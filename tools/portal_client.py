"""What the scripts of benchmarks/ and e2e/ share to talk to a running Odoo on
loopback."""

import re

import requests


def login(base, login_name, password=None):
    """A requests session logged in as ``login_name`` (password: the login,
    as the scripts' data sets it)."""
    assert base.startswith("http://127.0.0.1:"), "the scripts only talk to loopback"
    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=60)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    session.post(
        f"{base}/web/login",
        data={"login": login_name, "password": password or login_name, "csrf_token": csrf},
        timeout=60,
    )
    return session
