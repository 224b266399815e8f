# ruff: noqa: F821  (runs in an odoo shell, which provides env)
"""Builds, in an ``odoo shell``, the data of benchmarks/bench_reminders.sh on a
fresh copy of the template database: KP_REM_CUSTOMERS (10,000) customers with
KP_REM_DOCS (100,000) posted, unpaid customer invoices that all reached a
reminder step, and switches payment reminders on for the company.

Customers and invoices are inserted by SQL (``INSERT ... SELECT
generate_series``), in seconds: the reminder run reads only columns of
``account_move`` (state, type, payment state, amounts, due date, customer,
currency, name, access token), never its journal items, so the invoices have
no lines; an ORM-created invoice would take ~50 ms each. (The run writes the
access tokens of the documents' links in one query, not through
``account.move.write``, which would synchronise each document's journal
items: with that path, documents without lines would cost less than real ones
and the benchmark would flatter the run.)

- Customers are companies with an email (lang en_US, every 5th es_ES when
  Spanish is installed); they have from 2 to 18 documents each (average
  KP_REM_DOCS / KP_REM_CUSTOMERS), so that the queries per customer of a batch
  of customers with 2 documents can be compared with one with 18.
- Every 10th customer has an invoice address with its own email; every 50th a
  contact with portal access (ORM users, at most KP_REM_PORTAL_MAX, 200):
  reminders then go to the portal contact and link to the portal instead of
  one token link per document.
- Due dates spread from 3 days ahead to 60 days ago: documents fall on each of
  the default steps (-3, +3, +15, +30).
"""

import os
import time

from odoo import Command, fields

N_CUSTOMERS = int(os.environ.get("KP_REM_CUSTOMERS", "10000"))
N_DOCS = int(os.environ.get("KP_REM_DOCS", "100000"))
PORTAL_MAX = int(os.environ.get("KP_REM_PORTAL_MAX", "200"))
MIN_DOCS = 2
TAG = "REMBENCH"

started = time.time()
cr = env.cr
company = env.company
today = fields.Date.context_today(env["kanban_portal.reminder"])
journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
assert journal, "no sales journal: the template database has no chart of accounts"
if env["res.partner"].search_count([("ref", "=like", f"{TAG}-%")], limit=1):
    raise SystemExit("bench data already there: the database must be a fresh copy of the template")
spanish = "es_ES" in dict(env["res.lang"].get_installed())

# --- documents per customer: 2..2*avg-2, cycling, total exactly N_DOCS ---------
assert N_DOCS >= MIN_DOCS * N_CUSTOMERS, "KP_REM_DOCS must be at least 2 per customer"
average = N_DOCS / N_CUSTOMERS
high = max(MIN_DOCS, round(2 * average) - MIN_DOCS)
counts = [MIN_DOCS + i % (high - MIN_DOCS + 1) for i in range(N_CUSTOMERS)]
missing = N_DOCS - sum(counts)
# the rounding goes to the customers in the middle of the range: the extremes stay
middle = [i for i, count in enumerate(counts) if MIN_DOCS < count < high] or list(range(N_CUSTOMERS))
k = 0
while missing:
    step = 1 if missing > 0 else -1
    index = middle[k % len(middle)]
    if counts[index] + step >= MIN_DOCS:
        counts[index] += step
        missing -= step
    k += 1

# --- customers ----------------------------------------------------------------
cr.execute(
    """
    INSERT INTO res_partner (name, complete_name, ref, email, email_normalized, lang, type, is_company, active,
                             partner_share, customer_rank, supplier_rank, autopost_bills, color, message_bounce,
                             create_uid, write_uid, create_date, write_date)
    SELECT 'Reminder Customer ' || i, 'Reminder Customer ' || i, %(tag)s || '-' || i,
           'customer' || i || '@rem-bench.example.com', 'customer' || i || '@rem-bench.example.com',
           CASE WHEN %(spanish)s AND i %% 5 = 0 THEN 'es_ES' ELSE 'en_US' END,
           'contact', TRUE, TRUE, TRUE, 1, 0, 'ask', 0, 0, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
      FROM generate_series(0, %(n)s - 1) AS i
    RETURNING id
    """,
    {"tag": TAG, "n": N_CUSTOMERS, "spanish": spanish},
)
customer_ids = sorted(row[0] for row in cr.fetchall())
cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [customer_ids])
# invoice addresses of every 10th customer
cr.execute(
    """
    INSERT INTO res_partner (name, complete_name, parent_id, commercial_partner_id, email, email_normalized, lang,
                             type, is_company, active, partner_share, customer_rank, supplier_rank, autopost_bills,
                             color, message_bounce, create_uid, write_uid, create_date, write_date)
    SELECT 'Accounts payable', p.name || ', Accounts payable', p.id, p.id,
           'ap' || p.id || '@rem-bench.example.com', 'ap' || p.id || '@rem-bench.example.com', p.lang,
           'invoice', FALSE, TRUE, TRUE, 0, 0, 'ask', 0, 0, 1, 1, p.create_date, p.write_date
      FROM res_partner p
     WHERE p.id = ANY(%s) AND p.id %% 10 = 3
    """,
    [customer_ids],
)

# --- documents ----------------------------------------------------------------
# due date = today - elapsed, elapsed from -3 (courtesy step) to 60 days
cr.execute(
    """
    WITH customer AS (
        SELECT id, name, count FROM unnest(%(ids)s::int[], %(counts)s::int[]) AS c(id, count)
          JOIN res_partner p USING (id)
    ), doc AS (
        SELECT c.id AS partner_id, c.name AS partner_name,
               row_number() OVER (ORDER BY c.id, j) AS seq,
               -3 + ((c.id * 7 + j * 11) %% 64) AS elapsed
          FROM customer c CROSS JOIN LATERAL generate_series(1, c.count) AS j
    )
    INSERT INTO account_move (journal_id, company_id, currency_id, partner_id, commercial_partner_id,
                              partner_shipping_id, invoice_partner_display_name, name, sequence_prefix,
                              sequence_number, ref, state, move_type, auto_post, payment_state,
                              date, invoice_date, invoice_date_due, invoice_currency_rate,
                              amount_untaxed, amount_tax, amount_total, amount_residual,
                              amount_untaxed_signed, amount_untaxed_in_currency_signed, amount_tax_signed,
                              amount_total_signed, amount_total_in_currency_signed, amount_residual_signed,
                              always_tax_exigible, checked, posted_before, made_sequence_gap, is_move_sent,
                              create_uid, write_uid, create_date, write_date)
    SELECT %(journal)s, %(company)s, %(currency)s, partner_id, partner_id, partner_id, partner_name,
           %(prefix)s || lpad(seq::text, 7, '0'), %(prefix)s, seq, %(tag)s || '-' || seq,
           'posted', 'out_invoice', 'no', 'not_paid',
           %(today)s::date - elapsed - 30, %(today)s::date - elapsed - 30, %(today)s::date - elapsed, 1.0,
           amount, 0, amount, amount, amount, amount, 0, amount, amount, amount,
           FALSE, TRUE, TRUE, FALSE, TRUE, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
      FROM (SELECT *, 100 + (seq %% 900) + 0.5 AS amount FROM doc) AS d
    """,
    {
        "ids": customer_ids,
        "counts": counts,
        "journal": journal.id,
        "company": company.id,
        "currency": company.currency_id.id,
        "prefix": f"INV/{TAG}/",
        "tag": TAG,
        "today": today,
    },
)
documents = cr.rowcount
cr.execute("ANALYZE res_partner")
cr.execute("ANALYZE account_move")
env.invalidate_all()

# --- contacts with portal access (every 50th customer) ------------------------
portal_customers = env["res.partner"].browse(customer_ids[25::50][:PORTAL_MAX])
contacts = env["res.partner"].create(
    [
        {
            "name": f"Portal contact of {customer.name}",
            "email": f"portal{customer.id}@rem-bench.example.com",
            "parent_id": customer.id,
            "lang": customer.lang,
        }
        for customer in portal_customers
    ]
)
env["res.users"].with_context(no_reset_password=True).create(
    [
        {
            "partner_id": contact.id,
            "login": contact.email,
            "group_ids": [Command.set([env.ref("base.group_portal").id])],
        }
        for contact in contacts
    ]
)

# --- reminders on for the company ----------------------------------------------
company.write({"kanban_portal_reminder_enabled": True, "email": company.email or "accounting@rem-bench.example.com"})
env["kanban_portal.reminder.step"]._create_default_steps(company)
env.cr.commit()
steps = ", ".join(str(days) for days in company.kanban_portal_reminder_step_ids.sorted("days").mapped("days"))
print(
    f"reminder bench data: {N_CUSTOMERS} customers ({min(counts)} to {max(counts)} documents each, "
    f"{len(portal_customers)} with a portal contact, {N_CUSTOMERS // 10} with an invoice address"
    f"{', every 5th in Spanish' if spanish else ''}), {documents} documents, steps {steps}, "
    f"in {time.time() - started:.0f}s"
)
