"""One heavy render (PDFs through wkhtmltopdf) at a time per customer.

A PostgreSQL advisory lock, not a table row: taken with
``pg_try_advisory_xact_lock`` on the request's transaction, it is held while
the PDFs are rendered (inside the request) and released by PostgreSQL itself
at commit or rollback, or when the connection closes because the worker was
killed (``limit_time_real``). Nothing is written, so no row flag left behind by
a dead worker and no write conflict between concurrent transactions. A
session-level lock would instead stay with the connection, which Odoo returns
to its pool after the request.
"""

from odoo.tools import SQL

# first key of the two-key form of advisory locks: "kpHR" (kanban_portal heavy
# render), so the second key, the commercial partner's id, does not collide
# with another module's locks on ids
HEAVY_RENDER_LOCK_SPACE = int.from_bytes(b"kpHR", "big", signed=True)


def heavy_render_lock_key(partner_id):
    """The two keys of the advisory lock of the customer ``partner_id``."""
    return HEAVY_RENDER_LOCK_SPACE, partner_id


def try_lock_heavy_render(cr, partner_id):
    """Take the heavy-render lock of the commercial partner ``partner_id`` for
    the rest of ``cr``'s transaction.

    :return: ``False`` when another transaction holds it: a render of the same
        customer is still running.
    """
    cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", *heavy_render_lock_key(partner_id)))
    return cr.fetchone()[0]
