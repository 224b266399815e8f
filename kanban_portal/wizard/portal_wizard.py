from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize, email_split


class PortalWizard(models.TransientModel):
    _inherit = "portal.wizard"

    def action_grant_all(self):
        """Grant access to every line that has none, line by line: a bad line
        never blocks the good ones and leaves nothing half-done; each line says
        what was done. Running it again creates and sends nothing twice."""
        self.ensure_one()
        for line in self.user_ids:
            # one line at a time: the email checks of the other lines are not
            # recomputed after each user created (quadratic otherwise)
            single = line.with_prefetch((line.id,))
            single.kanban_portal_result = single._grant_access_one()
        return self._action_open_modal()


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    kanban_portal_status = fields.Selection(related="partner_id.kanban_portal_status", string="Portal status")
    kanban_portal_invited_on = fields.Datetime(related="user_id.kanban_portal_invited_on", string="Invited on")
    kanban_portal_email_error = fields.Char(string="Email problem", compute="_compute_kanban_portal_email_error")
    kanban_portal_result = fields.Char(string="Result", readonly=True)

    @api.depends("email", "wizard_id.user_ids.email")
    def _compute_kanban_portal_email_error(self):
        """One clear, translated message per line, before anything is created.

        Odoo's own checks decide (``email_state``: ``ko`` for no valid email,
        ``exist`` when the email is the login of another user, as found by
        ``_get_similar_users_domain`` and ``_is_portal_similar_than_user``,
        which ``website`` extends for its per-website logins); this only puts
        them in words, and adds the one Odoo does not make: the same email on
        two lines of the wizard. The number of queries does not grow with the
        number of lines: Odoo's search of similar users is made once more for
        the conflicting lines, and their users read together.
        """
        counts = {}
        for line in self.wizard_id.user_ids:
            key = (line.email or "").strip().lower()
            if key:
                counts[key] = counts.get(key, 0) + 1
        similar_by_line = self.filtered(lambda line: line.email_state == "exist")._get_similar_users_by_line()

        for line in self:
            raw = (line.email or "").strip()
            other = similar_by_line.get(line)
            if line.email_state == "ko":
                if not raw:
                    error = self.env._("No email address.")
                elif len(email_split(raw)) > 1:
                    error = self.env._("Several email addresses in one field: keep only one.")
                else:
                    error = self.env._("'%(email)s' is not a valid email address.", email=raw)
            elif counts.get(raw.lower(), 0) > 1:
                error = self.env._("The same email address is used on another line of this wizard.")
            elif other:
                if not other.active:
                    error = self.env._("This email is the login of an archived user (%(name)s).", name=other.name)
                elif other._is_internal():
                    error = self.env._("This email is the login of an internal user (%(name)s).", name=other.name)
                else:
                    error = self.env._("This email is the login of another portal user (%(name)s).", name=other.name)
            else:
                error = False
            line.kanban_portal_email_error = error

    def _get_similar_users_by_line(self):
        """The user whose login each line conflicts with, by Odoo's own rules:
        the very search and comparison of ``_compute_email_state`` (one query
        for all the lines), so that an override of them (``website``: a login
        is unique per website) is honoured here too.

        :return: ``{line: res.users record (sudo, archived included)}``, only for
            the lines that have such a user; lines without a valid email have none
        """
        lines = self.filtered(lambda line: email_normalize(line.email or ""))
        if not lines:
            return {}
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        similar = Users.search_read(lines._get_similar_users_domain(lines), lines._get_similar_users_fields())
        users = {user.id: user for user in Users.browse([values["id"] for values in similar])}
        result = {}
        for line in lines:
            values = next((values for values in similar if lines._is_portal_similar_than_user(values, line)), None)
            if values:
                result[line] = users[values["id"]]
        return result

    def _assert_user_email_uniqueness(self):
        """Say exactly what is wrong with the email before Odoo's own checks."""
        self.ensure_one()
        if self.kanban_portal_email_error:
            raise UserError(
                self.env._(
                    "%(contact)s: %(problem)s", contact=self.partner_id.name, problem=self.kanban_portal_email_error
                )
            )
        return super()._assert_user_email_uniqueness()

    def _grant_access_one(self):
        """Grant this line, in a savepoint; return what was done, translated
        (for ``action_grant_all``)."""
        self.ensure_one()

        if self.kanban_portal_status == "internal":
            return self.env._("Not granted: internal user.")
        if self.kanban_portal_status in ("invited", "active"):
            return self.env._("Already has portal access: nothing done.")
        if self.kanban_portal_email_error:
            return self.env._("Not granted: %(problem)s", problem=self.kanban_portal_email_error)
        try:
            with self.env.cr.savepoint():
                self.action_grant_access()
        except UserError as error:
            return self.env._("Not granted: %(problem)s", problem=error.args[0])
        return self.env._("Access granted, invitation queued.")

    def action_grant_access(self):
        self.ensure_one()
        if self.is_internal:
            raise UserError(self.env._("%(contact)s is an internal user.", contact=self.partner_id.name))
        result = super().action_grant_access()
        self.partner_id._message_log(body=self.env._("Portal access granted."))
        return result

    def action_revoke_access(self):
        """Revoke at once: the user is archived (open sessions stop working on
        their next request, Odoo's session token covers ``active``) and the
        links already emailed for the company's documents stop working (new
        access tokens), while other contacts keep access through their login."""
        user = self.user_id
        result = super().action_revoke_access()
        if user and not user.login_date:
            # never logged in: drop the user, so that a set-password link already
            # emailed (bound to this user) can never work again, even after a
            # new grant; fall back on Odoo's archiving if something refers to it
            try:
                with self.env.cr.savepoint():
                    user.sudo().unlink()
            except Exception:  # noqa: BLE001 - anything that prevents the delete
                user.sudo().active = False
        commercial = self.partner_id.commercial_partner_id
        self.env["account.move"].sudo().search(
            [("partner_id", "child_of", commercial.id), ("access_token", "!=", False)]
        ).write({"access_token": False})
        self.partner_id._message_log(body=self.env._("Portal access revoked."))
        return result

    def _create_user(self):
        """A portal user gets the portal group and nothing else, whatever the
        template user or the context says."""
        user = super()._create_user()
        portal = self.env.ref("base.group_portal")
        if user.group_ids - portal - portal.all_implied_ids:
            user.sudo().write({"group_ids": [Command.set(portal.ids)]})
        return user

    def _send_email(self):
        """The invitation, in the contact's language, tells what the portal
        offers; it waits in the mail queue, which Odoo's cron sends within the
        minute (never inside the request, never twice when a request is
        retried); the user's invitation date is kept.

        This replaces Odoo's ``_send_email`` (addons/portal/wizard/portal_wizard.py)
        rather than extending it, because super() cannot be made to queue:

        * it calls ``send_mail(self.user_id.id, force_send=True)``, hard-coded,
          and ``mail.template.send_mail_batch`` then calls ``mail.mail.send()``
          at once, with no context key to defer it: the SMTP exchange would
          happen inside the request (one per line in "Grant access to all"),
          and an email already handed to the server goes a second time when
          the request's transaction is retried (serialization failure). Once
          super() has returned, the email is gone: nothing to fix afterwards;
        * it passes ``welcome_message=self.wizard_id.welcome_message``
          explicitly, over any context, so the paragraph on what the portal
          offers could only get in by writing it into the wizard's field.

        What it does besides is kept as is: the ``auth_signup.portal_set_password_email``
        template, the user's language, ``signup_prepare`` and the
        ``portalinvite`` medium.
        """
        self.ensure_one()
        template = self.env.ref("auth_signup.portal_set_password_email")
        user_sudo = self.user_id.sudo()
        lang = user_sudo.lang
        user_sudo.partner_id.signup_prepare()
        offer = self.with_context(lang=lang).env._(
            "On your portal you will find every document we issued to you (invoices, receipts, "
            "credit notes), which are paid and which are pending, you can download them as PDF and "
            "comment on them, for instance to send us a proof of payment."
        )
        welcome = "\n\n".join(filter(None, [offer, self.wizard_id.welcome_message]))
        template.with_context(
            dbname=self.env.cr.dbname, lang=lang, welcome_message=welcome, medium="portalinvite"
        ).send_mail(self.user_id.id, force_send=False)
        self.env["mail.mail"]._wake_mail_queue()
        user_sudo.kanban_portal_invited_on = fields.Datetime.now()
        return True

    def _update_partner_email(self):
        """An email corrected in the wizard is written to the contact, and the
        change is traceable in the contact's chatter."""
        old = self.partner_id.email
        result = super()._update_partner_email()
        if self.partner_id.email != old:
            self.partner_id._message_log(
                body=Markup("%s")
                % self.env._(
                    "Email changed from %(old)s to %(new)s in the portal access wizard.",
                    old=old or "-",
                    new=self.partner_id.email,
                )
            )
        return result
