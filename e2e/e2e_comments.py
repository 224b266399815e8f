"""End to end: customers' comments reach the salesperson exactly once, under
concurrency and across a mail server outage. Driven by e2e/e2e_comments.sh
against a real Odoo with 2 workers, a real PostgreSQL and a local SMTP sink,
all on loopback; stops by itself.

    python3 e2e/e2e_comments.py BASE_URL PG_DSN DB ODOO_CONF SINK_PORT SINK_FILE
"""

import json
import os
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg2

# tools/portal_client.py: the login the scripts of benchmarks/ and e2e/ share
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tools"))
import portal_client

BASE, PG_DSN, DB, CONF, SINK_PORT, SINK_FILE = sys.argv[1:7]
assert BASE.startswith("http://127.0.0.1:"), "loopback only"
SELLER = "e2e.seller@example.com"
failures = []


def check(ok, what):
    print(f"  [{'ok' if ok else 'FAIL'}] {what}", flush=True)
    if not ok:
        failures.append(what)


def sql(query, params=()):
    with psycopg2.connect(PG_DSN, dbname=DB) as conn, conn.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall()


def odoo_shell(code):
    subprocess.run(
        [sys.executable, "-m", "odoo", "shell", "-c", CONF, "-d", DB, "--no-http", "--log-level=warn"],
        input=code + "\nenv.cr.commit()\n",
        text=True,
        check=True,
        capture_output=True,
        timeout=300,
    )


def run_mail_queue():
    odoo_shell("env['mail.mail']._retry_unreachable_server()\nenv['mail.mail'].process_email_queue()")


def start_sink():
    sink_script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "smtp_sink.py")
    proc = subprocess.Popen([sys.executable, sink_script, SINK_PORT, SINK_FILE], stdout=subprocess.PIPE)
    proc.stdout.readline()  # listening
    return proc


def emails_to_seller():
    try:
        with open(SINK_FILE, encoding="utf-8") as sink:
            records = [json.loads(line) for line in sink]
    except FileNotFoundError:
        records = []
    return [r for r in records if SELLER in r["rcpt"]]


def login(login_name):
    return portal_client.login(BASE, login_name)


def post(session, move_id, body):
    response = session.post(
        f"{BASE}/mail/message/post",
        json={
            "params": {
                "thread_model": "account.move",
                "thread_id": move_id,
                "post_data": {"body": body, "message_type": "comment", "subtype_xmlid": "mail.mt_comment"},
            }
        },
        timeout=120,
    )
    return response.status_code, "error" in response.json() if response.status_code == 200 else True


def comment_messages(marker):
    return sql(
        "SELECT m.id, m.message_id FROM mail_message m WHERE m.model = 'account.move' AND m.body LIKE %s",
        (f"%{marker}%",),
    )


def seller_notifications(message_ids):
    rows = sql(
        "SELECT n.mail_message_id, count(*) FROM mail_notification n "
        "JOIN res_users u ON u.partner_id = n.res_partner_id "
        "WHERE u.login = 'e2e.seller' AND n.mail_message_id = ANY(%s) GROUP BY n.mail_message_id",
        (list(message_ids),),
    )
    return dict(rows)


def main():
    sink = start_sink()
    users = [f"e2e.portal{i}@example.com" for i in range(10)]
    sessions = {user: login(user) for user in users}
    invoices = {
        user: [
            row[0]
            for row in sql(
                "SELECT m.id FROM account_move m JOIN res_partner p ON p.id = m.partner_id "
                "JOIN res_users u ON u.partner_id IN (SELECT id FROM res_partner WHERE parent_id = p.id) "
                "WHERE u.login = %s ORDER BY m.id",
                (user,),
            )
        ]
        for user in users
    }
    print("1. 50 comments posted concurrently by 10 portal users, Odoo with 2 workers")
    jobs = [(user, move_id, f"e2e-concurrent {user} {move_id}") for user in users for move_id in invoices[user]]
    started = time.time()
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda job: post(sessions[job[0]], job[1], job[2]), jobs))
    statuses = Counter(status for status, _error in results)
    print(f"  posted {len(jobs)} comments in {time.time() - started:.1f}s; HTTP statuses {dict(statuses)}")
    check(len(jobs) == 50, "50 comments attempted")
    check(not any(status >= 500 for status in statuses), "no 5xx")
    check(not any(error for _status, error in results), "no JSON-RPC error")
    messages = comment_messages("e2e-concurrent")
    check(len(messages) == 50, f"50 messages stored (found {len(messages)})")
    notifications = seller_notifications([m[0] for m in messages])
    check(sorted(notifications.values()) == [1] * 50, "the salesperson is notified exactly once per comment")
    check(not emails_to_seller(), "no email sent inside the requests (all queued)")
    run_mail_queue()
    run_mail_queue()  # a second, overlapping-style queue run sends nothing twice
    emails = emails_to_seller()
    per_message = Counter(next((m[0] for m in messages if m[1] and m[1] in e["references"]), None) for e in emails)
    check(len(emails) == 50, f"50 emails delivered to the salesperson (got {len(emails)})")
    check(set(per_message.values()) == {1} and None not in per_message, "exactly one email per comment")

    print("2. mail server down, then up")
    sink.terminate()
    sink.wait(timeout=30)
    user = users[0]
    status, error = post(sessions[user], invoices[user][0], "e2e-outage comment")
    check(status == 200 and not error, "the comment is saved and the customer sees success")
    run_mail_queue()
    outage = comment_messages("e2e-outage")
    failed = sql(
        "SELECT n.notification_status, n.failure_type, n.is_read FROM mail_notification n "
        "JOIN res_users u ON u.partner_id = n.res_partner_id WHERE u.login = 'e2e.seller' AND n.mail_message_id = %s",
        (outage[0][0],),
    )
    check(failed == [("exception", "mail_smtp", False)], f"failure visible, inbox kept (notification {failed})")
    before = len(emails_to_seller())
    sink = start_sink()
    run_mail_queue()  # the retry job queues it again, the queue sends it
    run_mail_queue()
    after = emails_to_seller()
    check(len(after) - before == 1, f"delivered once the server is back ({len(after) - before} email)")
    sink.terminate()
    print(f"{8 - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
