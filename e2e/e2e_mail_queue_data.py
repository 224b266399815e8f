# ruff: noqa: F821  (runs in an odoo shell, which provides env)
"""Data of e2e/e2e_mail_queue.sh: the outgoing mail server is the local SMTP
sink, no scheduled action is due before tomorrow (only a wake-up can send the
queue), and a contact of the demo customer is still to be invited."""

import json
import os
import time
from datetime import timedelta

from odoo import fields

port = int(os.environ["KP_SMTP_PORT"])
env["ir.mail_server"].search([]).active = False
env["ir.mail_server"].create(
    {"name": "e2e sink", "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_encryption": "none", "sequence": 1}
)
env["ir.config_parameter"].set_param("mail.catchall.domain", "example.com")
env["ir.cron"].search([]).nextcall = fields.Datetime.now() + timedelta(days=1)
env["ir.cron.trigger"].search([]).unlink()
# earlier emails (demo data) are not this run's
env["mail.mail"].search([("state", "=", "outgoing")]).unlink()
email = f"e2e.invited.{int(time.time())}@example.com"  # a new contact each run
contact = env["res.partner"].create(
    {
        "name": "E2E Invitada",
        "email": email,
        "parent_id": env.ref("kanban_portal.demo_partner_atlantida").id,
    }
)
invoice = env.ref("kanban_portal.demo_move_atl_not_due")
env.cr.commit()
print(
    "E2E "
    + json.dumps(
        {
            "contact": contact.id,
            "contact_email": email,
            "invoice": invoice.id,
            "customer": "lucia@atlantida.example.com",
            "customer_password": "lucia",
            "salesperson_email": invoice.invoice_user_id.email,
        }
    )
)
