"""End to end: every email kanban_portal queues arrives within a minute, sent
by Odoo's cron thread (see e2e_mail_queue.sh); prints how long each took.

    python3 e2e/e2e_mail_queue.py BASE_URL SINK_FILE IDS_JSON
"""

import json
import os
import sys
import time

# tools/portal_client.py: the login the scripts of benchmarks/ and e2e/ share
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tools"))
import portal_client

BASE, SINK_FILE, IDS = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
assert BASE.startswith("http://127.0.0.1:"), "loopback only"
DEADLINE = 60  # seconds
failures = []
checks = 0


def check(ok, what):
    global checks
    checks += 1
    print(f"  [{'ok' if ok else 'FAIL'}] {what}", flush=True)
    if not ok:
        failures.append(what)


def emails_to(address):
    with open(SINK_FILE, encoding="utf-8") as sink:
        return [record for record in map(json.loads, sink) if address in record["rcpt"]]


def wait_for_email(address, since):
    """Seconds until the first email to ``address`` reached the sink, or None."""
    while time.time() - since < DEADLINE + 5:
        if emails_to(address):
            return time.time() - since
        time.sleep(0.5)
    return None


def call_kw(session, model, method, args, kwargs=None, context=None):
    response = session.post(
        f"{BASE}/web/dataset/call_kw/{model}/{method}",
        json={
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": {**(kwargs or {}), "context": context or {}},
            }
        },
        timeout=120,
    )
    body = response.json()
    assert "error" not in body, body["error"]
    return body["result"]


def main():
    print("1. staff grant portal access from a contact: the invitation")
    admin = portal_client.login(BASE, "admin", "admin")
    context = {"active_model": "res.partner", "active_ids": [IDS["contact"]], "active_id": IDS["contact"]}
    wizard_id = call_kw(admin, "portal.wizard", "create", [{}], context=context)
    [line] = call_kw(admin, "portal.wizard", "read", [[wizard_id], ["user_ids"]])[0]["user_ids"]
    started = time.time()
    call_kw(admin, "portal.wizard.user", "action_grant_access", [[line]], context=context)
    delay = wait_for_email(IDS["contact_email"], started)
    print(f"  invitation delivered after {delay:.1f}s" if delay is not None else "  invitation never delivered")
    check(delay is not None and delay <= DEADLINE, f"the invitation arrives within {DEADLINE}s")

    print("2. a customer comments on a document: the salesperson's email")
    customer = portal_client.login(BASE, IDS["customer"], IDS["customer_password"])
    started = time.time()
    response = customer.post(
        f"{BASE}/mail/message/post",
        json={
            "params": {
                "thread_model": "account.move",
                "thread_id": IDS["invoice"],
                "post_data": {
                    "body": "e2e: comprobante",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            }
        },
        timeout=120,
    )
    check(response.status_code == 200 and "error" not in response.json(), "the comment is posted")
    delay = wait_for_email(IDS["salesperson_email"], started)
    print(f"  salesperson's email delivered after {delay:.1f}s" if delay is not None else "  never delivered")
    check(delay is not None and delay <= DEADLINE, f"the salesperson's email arrives within {DEADLINE}s")
    print(f"e2e mail queue: {checks - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
