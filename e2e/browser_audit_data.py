# ruff: noqa: F821  (runs in an odoo shell, which provides env)
"""Prepares the audit database (demo data): Spanish for the customer and the
staff, a customer comment with a proof of payment on a pending document, and a
payment reported on another, so that every page shows what it can. Idempotent.
Run by e2e/browser_audit.sh."""

from odoo import fields

from odoo.addons.kanban_portal.tests.common import make_pdf

lucia = env.ref("kanban_portal.demo_user_portal_lucia")
admin = env.ref("base.user_admin")
for user in (lucia, admin, env.ref("kanban_portal.demo_user_salesperson_valentina")):
    user.lang = "es_419"
invoice = env.ref("kanban_portal.demo_move_atl_overdue")
if not invoice.message_ids.filtered(lambda m: m.author_id == lucia.partner_id):
    attachment = (
        env["ir.attachment"]
        .with_user(lucia)
        .sudo()
        .create(
            {
                "name": "comprobante-brou.pdf",
                "raw": make_pdf("comprobante"),
                "res_model": "mail.compose.message",
                "res_id": 0,
            }
        )
    )
    invoice.with_user(lucia).sudo().message_post(
        author_id=lucia.partner_id.id,
        body="Buenos días, adjunto el comprobante de la transferencia del BROU.",
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
        attachment_ids=attachment.ids,
    )
reported = env.ref("kanban_portal.demo_move_atl_partial")
if not reported.sudo().kanban_portal_payment_report_ids:
    env["kanban_portal.payment.report"].with_user(lucia)._create_from_portal(
        reported.with_user(lucia),
        {"amount": 200.0, "date": fields.Date.today(), "method": "transfer", "bank": "Itaú", "reference": "TRF-88812"},
        [("transferencia-itau.pdf", make_pdf("transferencia"))],
    )
env.cr.commit()
print(f"audit data ready: comment on {invoice.name}, payment reported on {reported.name}")
