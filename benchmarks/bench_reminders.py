"""Measures the daily payment-reminder run (``kanban_portal.reminder._cron_send_reminders``)
on the data of bench_reminders_data.py. Run by benchmarks/bench_reminders.sh, with
Odoo's Python, as ``bench_reminders.py MODE ODOO_CONF DATABASE``:

``queries``  queries per customer of one batch (``_get_reminder_plan`` then
             ``_send_reminder_plan``, flushed) of customers with the fewest
             documents against one of customers with the most, without portal
             access (one token link per document), in a transaction rolled
             back; the statements whose count differs are listed, grouped by
             kind and table. Fails if the queries grow with the documents by
             more than KP_REM_MAX_QUERIES_PER_DOC (0.1) per document: the ORM
             writes 100 rows per statement, so a few statements per 100
             documents are expected; one per document is the failure.
``run``      the whole run, committing batch by batch as the cron does: wall
             time, time per 1,000 customers, queries per customer, the
             process's memory before the run and its peak (ru_maxrss),
             reminders and emails created.
``interrupt`` the restart check: starts ``run`` in another process, kills it
             with SIGKILL once KP_REM_KILL_AFTER reminders (a third of the
             customers) are committed, runs it again, and checks that the two
             runs together sent every document once: one line per document,
             one reminder per customer and currency, no (document, step)
             twice, as many emails as the reminders count, one chatter note
             per document. Fails otherwise.
"""

import os
import re
import resource
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

MODE, CONF, DB = sys.argv[1:4]

import odoo
from odoo import api, fields
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tools import config

config.parse_config(["-c", CONF, "-d", DB, "--log-level=warn", "--no-http"], setup_logging=True)

STATEMENT = re.compile(
    r"^\s*(?:WITH .*?\)\s*)?(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b(?:.*?\bFROM\b)?\s*\"?([a-z_0-9]+)",
    re.IGNORECASE | re.DOTALL,
)


def statement_kind(query):
    """'SELECT account_move', 'UPDATE account_move'...: what a query does, on which table."""
    text = query.decode() if isinstance(query, bytes) else str(query)
    match = STATEMENT.match(text)
    if not match:
        return " ".join(text.split()[:2])[:40]
    verb, table = match.groups()
    return f"{verb.split()[0].upper()} {table}"


class QueryCounter:
    """Counts every query this thread sends (all cursors), by kind."""

    def __init__(self):
        self.kinds = Counter()

    def __call__(self, cr, query, params, start, delay):
        self.kinds[statement_kind(query)] += 1

    def __enter__(self):
        thread = threading.current_thread()
        self._previous = getattr(thread, "query_hooks", ())
        thread.query_hooks = (*self._previous, self)
        return self

    def __exit__(self, *exc):
        threading.current_thread().query_hooks = self._previous

    @property
    def total(self):
        return sum(self.kinds.values())


def rss_mb():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reminder_env(cr):
    return api.Environment(cr, odoo.SUPERUSER_ID, {})["kanban_portal.reminder"]


# ---------------------------------------------------------------------------
# queries per customer
# ---------------------------------------------------------------------------


def measure_queries():
    registry = Registry(DB)
    with registry.cursor() as cr:
        Reminder = reminder_env(cr)
        env = Reminder.env
        company = env["res.company"].search([("kanban_portal_reminder_enabled", "=", True)], limit=1)
        today = fields.Date.context_today(Reminder)
        domain = env["account.move"]._get_portal_reminder_domain(company, today)
        portal = set(
            env["res.users"]
            .search([("share", "=", True), ("partner_id.email", "!=", False)])
            .partner_id.commercial_partner_id.ids
        )
        by_count = {}
        for partner, count in env["account.move"]._read_group(domain, ["commercial_partner_id"], ["__count"]):
            if partner.id not in portal:
                by_count.setdefault(count, []).append(partner.id)
        fewest, most = min(by_count), max(by_count)
        size = min(100, len(by_count[fewest]), len(by_count[most]))
        middle = sorted(by_count)[len(by_count) // 2]
        batches = {
            "warm-up": by_count[middle][:size],
            f"{fewest} documents": by_count[fewest][:size],
            f"{most} documents": by_count[most][:size],
        }
        results = {}
        for label, ids in batches.items():
            env.invalidate_all()  # as the run does after each batch
            with QueryCounter() as counter:
                plan = Reminder._get_reminder_plan(company, today, env["res.partner"].browse(ids))
                reminders = Reminder._send_reminder_plan(company, today, plan)
                env.flush_all()
            assert len(reminders) == len(ids), (label, len(reminders), len(ids))
            results[label] = (len(ids), sum(len(email["lines"]) for email in plan), counter)
        cr.rollback()

    print("queries of one batch (plan + send, flushed; customers without portal access), rolled back:")
    print(f"{'batch':>14} {'customers':>9} {'documents':>9} {'queries':>8} {'per customer':>13}")
    for label, (customers, documents, counter) in results.items():
        print(f"{label:>14} {customers:9d} {documents:9d} {counter.total:8d} {counter.total / customers:13.2f}")
    (n_a, docs_a, few), (n_b, docs_b, many) = results[f"{fewest} documents"], results[f"{most} documents"]
    ratio = (many.total / n_b) / (few.total / n_a)
    grown = {
        kind: (few.kinds[kind], many.kinds[kind])
        for kind in few.kinds | many.kinds
        if few.kinds[kind] != many.kinds[kind]
    }
    if grown:
        print("statements whose number depends on the documents (fewest -> most):")
        for kind, (a, b) in sorted(grown.items(), key=lambda item: item[1][0] - item[1][1]):
            print(f"    {kind:45} {a:6d} -> {b:6d}")
    print("statements of the batch with the most documents:")
    for kind, count in many.kinds.most_common():
        print(f"    {kind:45} {count:6d}")
    # Odoo's ORM inserts and updates 100 rows per statement: a few statements
    # per 100 documents are expected; one per document is what must not be
    per_document = (many.total - few.total) / (docs_b - docs_a)
    limit = float(os.environ.get("KP_REM_MAX_QUERIES_PER_DOC", "0.1"))
    verdict = "ok" if per_document <= limit else "FAILED"
    print(
        f"QUERIES {verdict}: {few.total / n_a:.2f} queries per customer with {fewest} documents, "
        f"{many.total / n_b:.2f} with {most} ({docs_b / n_b / (docs_a / n_a):.0f}x the documents, "
        f"ratio {ratio:.2f}): {per_document:.3f} more query per more document (at most {limit}: "
        "none per document, the ORM's 100-row batches only)"
    )
    return 0 if per_document <= limit else 1


# ---------------------------------------------------------------------------
# the whole run
# ---------------------------------------------------------------------------


def count_sent(cr):
    cr.execute(
        """
        SELECT (SELECT count(*) FROM kanban_portal_reminder),
               (SELECT count(*) FROM kanban_portal_reminder_line),
               (SELECT count(*) FROM mail_mail),
               (SELECT count(DISTINCT partner_id) FROM kanban_portal_reminder)
        """
    )
    return cr.fetchone()


def full_run(quiet=False):
    registry = Registry(DB)
    with registry.cursor() as cr:
        before = count_sent(cr)
        cr.execute(
            "SELECT count(*) FROM account_move WHERE state = 'posted' AND move_type = 'out_invoice' "
            "AND payment_state = 'not_paid'"
        )
        (documents,) = cr.fetchone()
    rss_before = rss_mb()
    with registry.cursor() as cr:
        Reminder = reminder_env(cr)
        customers = sum(
            len(Reminder._get_reminder_customers(company, fields.Date.context_today(Reminder)))
            for company in Reminder.env["res.company"].search([("kanban_portal_reminder_enabled", "=", True)])
        )
        Reminder.env.invalidate_all()
        with QueryCounter() as counter:
            start = time.perf_counter()
            Reminder._cron_send_reminders()
            elapsed = time.perf_counter() - start
    with registry.cursor() as cr:
        after = count_sent(cr)
    if quiet:
        return 0
    reminders, lines, mails, partners = (a - b for a, b in zip(after, before, strict=True))
    print(
        f"RUN: {customers} customers, {documents} open documents: {elapsed:.1f}s, "
        f"{elapsed / customers * 1000:.1f}s per 1,000 customers, "
        f"{counter.total} queries = {counter.total / customers:.1f} per customer"
    )
    print(
        f"RUN: memory {rss_before:.0f} MB before the run, peak {peak_rss_mb():.0f} MB (ru_maxrss); "
        f"created {reminders} reminders for {partners} customers, {lines} lines, {mails} emails queued"
    )
    print("RUN: statements (all batches):")
    for kind, count in counter.kinds.most_common(12):
        print(f"    {kind:45} {count:8d} {count / customers:8.2f} per customer")
    return 0


# ---------------------------------------------------------------------------
# kill -9 halfway, then run again
# ---------------------------------------------------------------------------


def check_interrupt():
    registry = Registry(DB)
    with registry.cursor() as cr:
        Reminder = reminder_env(cr)
        env = Reminder.env
        today = fields.Date.context_today(Reminder)
        expected_lines = expected_reminders = 0
        for company in env["res.company"].search([("kanban_portal_reminder_enabled", "=", True)]):
            domain = env["account.move"]._get_portal_reminder_domain(company, today)
            expected_lines += env["account.move"].search_count(domain)
            expected_reminders += len(env["account.move"]._read_group(domain, ["commercial_partner_id", "currency_id"]))
        cr.execute("SELECT count(*) FROM mail_mail")
        (mails_before,) = cr.fetchone()
        assert count_sent(cr)[0] == 0, "the interrupt check needs a database where nothing was sent yet"
    kill_after = int(os.environ.get("KP_REM_KILL_AFTER") or max(1, expected_reminders // 3))

    child = subprocess.Popen([sys.executable, os.path.abspath(__file__), "run", CONF, DB, "--quiet"])
    connection = db_connect(DB)
    sent = 0
    start = time.perf_counter()
    while child.poll() is None:
        with connection.cursor() as cr:
            cr.execute("SELECT count(*) FROM kanban_portal_reminder")
            (sent,) = cr.fetchone()
        if sent >= kill_after:
            os.kill(child.pid, signal.SIGKILL)
            break
        time.sleep(0.2)
    child.wait()
    killed_after = time.perf_counter() - start
    if child.returncode != -signal.SIGKILL:
        print(f"INTERRUPT FAILED: the run ended by itself ({child.returncode}) before {kill_after} reminders")
        return 1
    with connection.cursor() as cr:
        (killed_reminders, killed_lines, __, __) = count_sent(cr)
        cr.execute("SELECT coalesce(max(id), 0) FROM kanban_portal_reminder")
        (last_killed_id,) = cr.fetchone()
    if not 0 < killed_lines < expected_lines:
        print(f"INTERRUPT FAILED: killed with {killed_lines} of {expected_lines} documents sent, not halfway")
        return 1

    resume = subprocess.run([sys.executable, os.path.abspath(__file__), "run", CONF, DB, "--quiet"], check=False)
    if resume.returncode:
        print(f"INTERRUPT FAILED: the second run failed ({resume.returncode})")
        return 1
    with connection.cursor() as cr:
        cr.execute(
            """
            SELECT count(*), count(DISTINCT (partner_id, currency_id, date)), coalesce(sum(mail_count), 0),
                   coalesce(sum(document_count), 0)
              FROM kanban_portal_reminder
            """
        )
        reminders, customers, mail_counts, document_counts = cr.fetchone()
        cr.execute(
            "SELECT count(*), count(DISTINCT (partner_id, currency_id)) FROM kanban_portal_reminder WHERE id > %s",
            [last_killed_id],
        )
        resumed, resumed_customers = cr.fetchone()
        cr.execute("SELECT count(*), count(DISTINCT move_id) FROM kanban_portal_reminder_line")
        lines, documents = cr.fetchone()
        cr.execute(
            "SELECT count(*) FROM (SELECT 1 FROM kanban_portal_reminder_line GROUP BY move_id, step_id "
            "HAVING count(*) > 1) AS twice"
        )
        (duplicates,) = cr.fetchone()
        cr.execute("SELECT count(*) FROM mail_mail")
        mails = cr.fetchone()[0] - mails_before
        cr.execute(
            """
            SELECT count(*), count(DISTINCT res_id)
              FROM mail_message
             WHERE model = 'account.move'
               AND res_id IN (SELECT move_id FROM kanban_portal_reminder_line)
               AND message_type = 'notification'
            """
        )
        notes, noted = cr.fetchone()
    problems = []
    if reminders != customers:
        problems.append(f"{reminders - customers} customers/currencies got two reminders")
    if reminders != expected_reminders:
        problems.append(f"{reminders} reminders, expected {expected_reminders}")
    if lines != documents or lines != expected_lines or document_counts != lines:
        problems.append(f"{lines} lines for {documents} documents, expected {expected_lines}")
    if not resumed:
        problems.append("the second run sent nothing")
    if duplicates:
        problems.append(f"{duplicates} (document, step) sent twice")
    if mails != mail_counts:
        problems.append(f"{mails} emails queued, the reminders count {mail_counts}")
    if notes != noted or noted != documents:
        problems.append(f"{notes} chatter notes on {noted} documents, expected one on each of {documents}")
    summary = (
        f"killed (SIGKILL) after {killed_reminders} reminders ({killed_lines} documents, {killed_after:.0f}s), "
        f"resumed: {resumed} reminders for {resumed_customers} customers/currencies; "
        f"in all {reminders} reminders, {lines} documents of {expected_lines}, {duplicates} duplicate "
        f"(document, step), mails = sum(mail_count) = {mails}, {notes} chatter notes"
    )
    if problems:
        print(f"INTERRUPT FAILED: {summary}: " + "; ".join(problems))
        return 1
    print(f"INTERRUPT ok: {summary}")
    return 0


if __name__ == "__main__":
    modes = {"queries": measure_queries, "run": lambda: full_run("--quiet" in sys.argv), "interrupt": check_interrupt}
    sys.exit(modes[MODE]())
