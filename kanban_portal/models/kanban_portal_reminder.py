import logging
import uuid
from collections import defaultdict

from markupsafe import escape

from odoo import Command, api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, format_date
from odoo.tools.misc import split_every

_logger = logging.getLogger(__name__)

# Customers handled per transaction of the daily run: a run killed halfway
# loses at most one batch, which the next run sends (nothing twice).
REMINDER_BATCH = 100


class KanbanPortalReminder(models.Model):
    """One payment reminder: the email one customer got, for one currency, on
    one day, and the documents it listed (one line each). Lines are unique per
    document and step: that is what keeps a step from being sent twice."""

    _name = "kanban_portal.reminder"
    _description = "Payment reminder"
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    date = fields.Date(required=True, readonly=True, index=True)
    step_id = fields.Many2one(
        "kanban_portal.reminder.step",
        readonly=True,
        ondelete="restrict",
        help="The latest step among the documents listed: its wording opens the email.",
    )
    recipient_ids = fields.Many2many("res.partner", string="Sent to", readonly=True)
    portal_access = fields.Boolean(
        readonly=True, help="The recipients have portal access: the email links to their overdue documents."
    )
    line_ids = fields.One2many("kanban_portal.reminder.line", "reminder_id", string="Documents", readonly=True)
    document_count = fields.Integer(string="Number of documents", readonly=True)
    amount_due = fields.Monetary(string="Total due", readonly=True)
    amount_overdue = fields.Monetary(string="Total overdue", readonly=True)
    mail_count = fields.Integer(string="Emails", readonly=True)
    # the queued emails until they are sent (then Odoo deletes them): those the
    # mail server refused are queued again (mail.mail._retry_unreachable_server)
    mail_ids = fields.Many2many("mail.mail", string="Emails in the queue", readonly=True)

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for reminder in self:
            reminder.display_name = self.env._(
                "%(customer)s, %(date)s",
                customer=reminder.partner_id.display_name,
                date=format_date(self.env, reminder.date),
            )

    # ------------------------------------------------------------
    # The daily run
    # ------------------------------------------------------------

    @api.model
    def _cron_send_reminders(self, batch_size=REMINDER_BATCH):
        """Send the day's payment reminders, company by company, in batches
        of customers with a commit each (``ir.cron._commit_progress``).

        Restartable: what a batch sent is committed with its lines, and only
        customers with something left to send are listed, so a run killed (or
        out of time) halfway is finished by the next one, which sends nothing
        twice. A batch that fails is rolled back and logged, and the run goes
        on with the next one (its customers are tried again the next day). A
        company that switches reminders off in the meantime sends nothing
        more (checked before each batch, after the previous commit). Odoo's
        cron lock keeps two runs from overlapping; the lines' unique
        constraint is the last guard."""
        Cron = self.env["ir.cron"]
        todo = []
        for company in self.env["res.company"].sudo().search([("kanban_portal_reminder_enabled", "=", True)]):
            today = company._get_portal_reminder_today()
            todo.append((company, today, self._get_reminder_customers(company, today)))
        remaining = sum(len(customer_ids) for __, __, customer_ids in todo)
        Cron._commit_progress(remaining=remaining)
        for company, today, customer_ids in todo:
            Reminder = self.with_company(company)
            left = len(customer_ids)
            for batch in split_every(batch_size, customer_ids):
                # a new transaction: see a company switched off since the run began
                company.invalidate_recordset(["kanban_portal_reminder_enabled"])
                if not company.kanban_portal_reminder_enabled:
                    _logger.info("Payment reminders switched off for %s: its run stopped.", company.name)
                    remaining -= left
                    Cron._commit_progress(remaining=remaining)
                    break
                try:
                    with self.env.cr.savepoint():
                        plan = Reminder._get_reminder_plan(company, today, self.env["res.partner"].browse(batch))
                        Reminder._send_reminder_plan(company, today, plan)
                except Exception:
                    _logger.exception(
                        "Payment reminders of %s: a batch of %s customers failed and was skipped until the next run.",
                        company.name,
                        len(batch),
                    )
                left -= len(batch)
                remaining -= len(batch)
                if not Cron._commit_progress(len(batch), remaining=remaining):
                    return  # out of time: Odoo runs the job again for what is left
                self.env.invalidate_all()  # memory stays flat over thousands of customers

    @api.model
    def _get_reminder_customers(self, company, today):
        """Ids of the customers (commercial partners) with a document that
        reached a step by ``today`` that was not sent for it yet, nor a later
        one (what ``_get_reminder_plan`` sends): the list shrinks as the run's
        batches commit."""
        domain = self.env["account.move"]._get_portal_reminder_domain(company, today)
        if domain.is_false():
            return []
        Move = self.env["account.move"].sudo()
        self.env["kanban_portal.reminder.line"].flush_model()
        self.env["kanban_portal.reminder.step"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT move.commercial_partner_id
                  FROM account_move move
                 WHERE move.id IN (%(documents)s)
                   AND NOT EXISTS (
                        SELECT 1
                          FROM kanban_portal_reminder_line line
                          JOIN kanban_portal_reminder_step sent ON sent.id = line.step_id
                         WHERE line.move_id = move.id
                           AND sent.days >= (
                                SELECT MAX(step.days)
                                  FROM kanban_portal_reminder_step step
                                 WHERE step.company_id = %(company)s
                                   AND step.active
                                   AND step.days <= %(today)s::date - move.invoice_date_due))
                 ORDER BY 1
                """,
                documents=Move._search(domain).subselect(),
                company=company.id,
                today=today,
            )
        )
        return [partner_id for (partner_id,) in self.env.cr.fetchall()]

    @api.model
    def _get_reminder_plan(self, company, today, customers):
        """What a run on ``today`` sends to ``customers`` of ``company``: a list
        of ``{'partner', 'currency', 'recipients', 'portal_access', 'lines'}``
        (one per email), ``lines`` being ``[{'move', 'step', 'days'}]``. Pure:
        it writes nothing (the preview calls it too).

        A document is listed when it reached a step (its due date plus the
        step's days is today or before) that was not sent for it yet, nor any
        later one: a document that reached several steps at once (reminders
        just switched on) gets the latest."""
        Move = self.env["account.move"].sudo()
        domain = Move._get_portal_reminder_domain(company, today)
        if domain.is_false() or not customers:
            return []
        moves = Move.search(
            domain & Domain("commercial_partner_id", "in", customers.ids), order="invoice_date_due, name, id"
        )
        steps = company.kanban_portal_reminder_step_ids.sorted("days")
        all_steps = self.env["kanban_portal.reminder.step"].sudo().with_context(active_test=False)
        sent_days = defaultdict(set)
        for move, step in (
            self.env["kanban_portal.reminder.line"]
            .sudo()
            ._read_group([("move_id", "in", moves.ids)], ["move_id", "step_id"])
        ):
            sent_days[move.id].add(all_steps.browse(step.id).days)
        emails = defaultdict(list)
        for move in moves:
            elapsed = (today - move.invoice_date_due).days
            reached = steps.filtered(lambda s, elapsed=elapsed: s.days <= elapsed)[-1:]
            if not reached or any(days >= reached.days for days in sent_days[move.id]):
                continue
            emails[move.commercial_partner_id, move.currency_id].append(
                {"move": move, "step": reached, "days": elapsed}
            )
        recipients = self._get_reminder_recipients(moves.commercial_partner_id, company)
        plan = []
        for (partner, currency), lines in emails.items():
            partners, portal_access = recipients[partner]
            if partners:
                plan.append(
                    {
                        "partner": partner,
                        "currency": currency,
                        "recipients": partners,
                        "portal_access": portal_access,
                        "lines": lines,
                    }
                )
        return plan

    @api.model
    def _get_reminder_recipients(self, customers, company):
        """``{customer: (partners, portal_access)}``: who receives a customer's
        reminders about ``company``'s documents. The contacts with portal
        access to that company (its documents are on their portal), else the
        invoice address, else the customer's own email; addresses on Odoo's
        mail blacklist never receive one (a customer whose addresses are all
        blacklisted gets none)."""
        customers = customers.sudo()
        portal_group = self.env.ref("base.group_portal")
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("partner_id.commercial_partner_id", "in", customers.ids),
                    ("share", "=", True),
                    ("group_ids", "in", portal_group.ids),
                    ("company_ids", "in", company.ids),
                    ("partner_id.email", "!=", False),
                ]
            )
        )
        invoice_addresses = (
            self.env["res.partner"]
            .sudo()
            .search(
                [("parent_id", "in", customers.ids), ("type", "=", "invoice"), ("email", "!=", False)],
                order="id",
            )
        )
        (users.partner_id | invoice_addresses | customers).mapped("is_blacklisted")  # one query for them all
        result = {}
        for customer in customers:
            portal_contacts = users.partner_id.filtered(lambda p, c=customer: p.commercial_partner_id == c)
            if portal_contacts:
                partners, portal_access = portal_contacts, True
            else:
                address = invoice_addresses.filtered(lambda p, c=customer: p.parent_id == c)[:1]
                partners, portal_access = address or customer.filtered("email"), False
            result[customer] = (
                partners.filtered(lambda p: p.email_normalized and not p.is_blacklisted),
                portal_access,
            )
        return result

    @api.model
    def _send_reminder_plan(self, company, today, plan):
        """Record and queue the emails of ``plan`` (``_get_reminder_plan``),
        log them on each document's chatter, and wake the mail queue."""
        if not plan:
            return self.browse()
        self._ensure_reminder_access_tokens(
            self.env["account.move"].union(
                *(line["move"] for email in plan if not email["portal_access"] for line in email["lines"])
            )
        )
        mail_values = []
        log_bodies = {}
        reminder_values = []
        for email in plan:
            values = self._prepare_reminder_email_values(company, email, today)
            mails = self._prepare_reminder_mail_values(company, email, values)
            mail_values += mails
            log_bodies.update(self._prepare_reminder_log_bodies(company, email))
            reminder_values.append(
                {
                    "company_id": company.id,
                    "partner_id": email["partner"].id,
                    "currency_id": email["currency"].id,
                    "date": today,
                    "step_id": values["step"].id,
                    "recipient_ids": [Command.set(email["recipients"].ids)],
                    "portal_access": email["portal_access"],
                    "mail_count": len(mails),
                    "document_count": len(email["lines"]),
                    "amount_due": values["amount_due"],
                    "amount_overdue": values["amount_overdue"],
                    "line_ids": [
                        Command.create(
                            {
                                "move_id": line["move"].id,
                                "step_id": line["step"].id,
                                "days_overdue": line["days"],
                                "amount_due": line["amount_due"],
                            }
                        )
                        for line in values["lines"]
                    ],
                }
            )
        mails = self.env["mail.mail"].sudo().create(mail_values)
        offset = 0
        for values in reminder_values:
            values["mail_ids"] = [Command.set(mails[offset : offset + values["mail_count"]].ids)]
            offset += values["mail_count"]
        reminders = self.sudo().create(reminder_values)
        moves = self.env["account.move"].sudo().browse(list(log_bodies))
        moves._message_log_batch(bodies=log_bodies)
        self.env["mail.mail"]._wake_mail_queue()
        return reminders

    @api.model
    def _ensure_reminder_access_tokens(self, moves):
        """Give the documents of ``moves`` that have none their access token
        (the links of customers without portal access), in one query for
        them all. ``get_portal_url`` would write them one by one, each through
        ``account.move.write`` (its per-document checks and journal-item
        synchronisation, and flagging the invoice as manually modified) for a
        field that is not accounting."""
        moves = moves.sudo().filtered(lambda move: not move.access_token)
        if moves:
            moves._write_multi([{"access_token": str(uuid.uuid4())} for __ in moves])
            moves.invalidate_recordset(["access_token", "write_date", "write_uid"])

    # ------------------------------------------------------------
    # The email
    # ------------------------------------------------------------

    @api.model
    def _prepare_reminder_email_values(self, company, email, today):
        """Values of the email template ``kanban_portal.payment_reminder_email``
        for one entry of the plan (language independent)."""
        lines = email["lines"]
        # (the run gave them all theirs already; the lines' documents read
        # their tokens together, as they were searched together)
        if not email["portal_access"] and not all(line["move"].access_token for line in lines):
            self._ensure_reminder_access_tokens(self.env["account.move"].union(*(line["move"] for line in lines)))
        base_url = lines[0]["move"].get_base_url()
        overdue = [line for line in lines if line["days"] > 0]
        steps = sorted({line["step"] for line in lines}, key=lambda s: s.days, reverse=True)
        step = steps[0]
        return {
            "company": company,
            "customer": email["partner"],
            "currency": email["currency"],
            "step": step,
            "today": today,
            "portal_access": email["portal_access"],
            "portal_url": f"{base_url}/my/invoices?group=overdue" if overdue else f"{base_url}/my/invoices",
            "lines": [
                {
                    "move": line["move"],
                    "step": line["step"],
                    "days": line["days"],
                    "amount_due": line["move"]._get_portal_amount_due(),
                    # a contact without portal access opens each document by its own link
                    "url": None if email["portal_access"] else base_url + line["move"].get_portal_url(),
                }
                for line in lines
            ],
            "steps": steps,
            "amount_due": sum(line["move"]._get_portal_amount_due() for line in lines),
            "amount_overdue": sum(line["move"]._get_portal_amount_due() for line in overdue),
        }

    @api.model
    def _render_reminder_email(self, values, lang):
        """``(subject, body_html)`` of a reminder in ``lang``."""
        self_lang = self.with_context(lang=lang)
        step = values["step"].with_context(lang=lang)
        subject = self_lang.env._("%(company)s: %(step)s", company=values["company"].name, step=step.name)
        due_labels = {
            line["move"].id: line["move"].with_context(lang=lang)._get_portal_due_label(values["today"])
            for line in values["lines"]
        }
        # one section per step, latest first: each step's wording speaks of its own documents
        sections = [
            {
                "step": section_step.with_context(lang=lang),
                "lines": [line for line in values["lines"] if line["step"] == section_step],
            }
            for section_step in values["steps"]
        ]
        body = self_lang.env["ir.qweb"]._render(
            "kanban_portal.payment_reminder_email",
            {**values, "step": step, "sections": sections, "lang": lang, "due_labels": due_labels},
        )
        body_html = self_lang.env["mail.render.mixin"]._render_encapsulate(
            "mail.mail_notification_light",
            body,
            add_context={
                "company": values["company"],
                "lang": lang,
                "model_description": self_lang.env._("Payment reminder"),
            },
        )
        return subject, body_html

    @api.model
    def _prepare_reminder_mail_values(self, company, email, values):
        """``mail.mail`` values: one email per language among the recipients
        (each reads it in their own), and the salespeople's copy if the
        company asks for it."""
        default_lang = company.partner_id.lang or "en_US"
        sender = company.kanban_portal_reminder_user_id
        email_from = (
            sender.email_formatted
            or company.partner_id.email_formatted
            or self.env.ref("base.user_root").partner_id.email_formatted
        )
        by_lang = defaultdict(lambda: self.env["res.partner"])
        for partner in email["recipients"]:
            by_lang[partner.lang or default_lang] |= partner
        if company.kanban_portal_reminder_salesperson_copy:
            salespeople = self.env["res.users"].browse(
                {line["move"].invoice_user_id.id for line in email["lines"]} - {False}
            )
            for user in salespeople.filtered(lambda u: u.active and not u.share and u.email):
                by_lang[user.lang or default_lang] |= user.partner_id
        mails = []
        for lang, partners in by_lang.items():
            subject, body_html = self._render_reminder_email(values, lang)
            mails.append(
                {
                    "subject": subject,
                    "body_html": body_html,
                    "email_from": email_from,
                    "author_id": (sender.partner_id or company.partner_id).id,
                    "recipient_ids": [Command.set(partners.ids)],
                    "auto_delete": True,
                    "state": "outgoing",
                    "reply_to": email_from,
                    "headers": repr({"X-Auto-Response-Suppress": "OOF"}),
                }
            )
        return mails

    @api.model
    def _prepare_reminder_log_bodies(self, company, email):
        """``{move_id: body}``: the note on each document's chatter, in the
        company's language (staff read it)."""
        env = self.with_context(lang=company.partner_id.lang or "en_US").env
        recipients = ", ".join(email["recipients"].mapped("email_formatted"))
        return {
            line["move"].id: escape(
                env._(
                    "Payment reminder “%(step)s” sent to %(recipients)s.",
                    step=line["step"].with_env(env).name,
                    recipients=recipients,
                )
            )
            for line in email["lines"]
        }


class KanbanPortalReminderLine(models.Model):
    _name = "kanban_portal.reminder.line"
    _description = "Document of a payment reminder"
    _order = "reminder_id desc, id"

    reminder_id = fields.Many2one(
        "kanban_portal.reminder", required=True, readonly=True, index=True, ondelete="cascade"
    )
    move_id = fields.Many2one("account.move", string="Document", required=True, readonly=True, ondelete="cascade")
    step_id = fields.Many2one("kanban_portal.reminder.step", required=True, readonly=True, ondelete="restrict")
    days_overdue = fields.Integer(readonly=True, help="Days past the due date when it was sent (negative: before).")
    amount_due = fields.Monetary(readonly=True)
    currency_id = fields.Many2one(related="reminder_id.currency_id")
    date = fields.Date(related="reminder_id.date", store=True)
    company_id = fields.Many2one(related="reminder_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="reminder_id.partner_id", string="Customer", store=True)

    _move_step_unique = models.Constraint(
        "UNIQUE(move_id, step_id)",
        "A reminder step is sent once per document.",
    )
