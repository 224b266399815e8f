import json

from odoo import fields
from odoo.tests import tagged

from .common import KanbanPortalDocumentsHttpCommon, make_pdf

# Each payload, if it ever runs, sets window.__kpXSS, calls alert() or loads a
# URL containing "kp-xss": the browser check below looks for all three.
PAYLOADS = [
    "<script>window.__kpXSS='script'</script>",
    "<img src=/kp-xss-img onerror=\"window.__kpXSS='img'\">",
    '"><svg onload="window.__kpXSS=\'svg\'">',
    "'\"><iframe src=javascript:window.top.__kpXSS='iframe'></iframe>",
    "<a href=\"javascript:window.__kpXSS='href'\" id=kp-xss-link>x</a>",
    "<img src=x onerror=alert('kp-xss')>",
    "{{ 7*7 }}<t t-out=\"1\"/>${alert('kp-xss')}",
    "<style>@import '/kp-xss-css';</style>",
]
PAYLOAD = " ".join(PAYLOADS)

# Runs in the page: waits for ``ready``, lets asynchronous rendering (the
# chatter) happen, then fails on any sign of execution.
CHECK = """
(async () => {
    window.alert = window.confirm = window.prompt = (msg) => { window.__kpXSS = 'alert:' + msg; };
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const ready = () => { %(ready)s };
    for (let i = 0; i < 100 && !ready(); i++) { await sleep(200); }
    if (!ready()) { console.error('page not ready: %(name)s'); return; }
    await sleep(1000);
    %(extra)s
    const frames = [window, ...Array.from(document.querySelectorAll('iframe')).map((f) => f.contentWindow)];
    // an injected image runs its onerror once its request has failed: wait
    // for every image of every frame to be loaded or broken (up to 15 s)
    const images = (w) => { try { return Array.from(w.document.images); } catch { return []; } };
    for (let i = 0; i < 75 && frames.flatMap(images).some((img) => !img.complete); i++) { await sleep(200); }
    const entries = (w) => { try { return w.performance.getEntriesByType('resource'); } catch { return []; } };
    const beacons = frames.flatMap(entries).map((entry) => entry.name).filter((name) => name.includes('kp-xss'));
    const fired = frames.map((w) => { try { return w.__kpXSS; } catch { return undefined; } }).filter(Boolean);
    if (fired.length || beacons.length) {
        console.error('XSS executed on %(name)s: ' + JSON.stringify({ fired, beacons }));
    } else {
        console.log('test successful');
    }
})();
"""


@tagged("post_install", "-at_install")
class TestXss(KanbanPortalDocumentsHttpCommon):
    """Payloads in comment bodies, filenames, contact names and document
    references, rendered in the real browser: the portal list, the document
    page, the back-office chatter and the notification email."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = cls._create_billing_user("kp_xss_seller", "Vendedora XSS", email="xss.seller@example.com")
        cls.customer_a.name = f"Acme {PAYLOADS[1]} {PAYLOADS[2]}"
        cls.user_a1.partner_id.name = f"Ana {PAYLOADS[0]} {PAYLOADS[5]}"
        cls.invoice.write({"ref": PAYLOAD[:250], "invoice_user_id": cls.seller.id})
        cls.docs_a["overdue"].ref = f"javascript:window.__kpXSS='ref'//{PAYLOADS[3]}"

    def _post_comment_with_file(self):
        """As the customer, through the portal chatter's own routes."""
        self.authenticate(self.user_a1.login, self.user_a1.login)
        response = self.post_comment(self.invoice, PAYLOAD, [(f"{PAYLOADS[1]}{PAYLOADS[2]}.pdf", make_pdf("xss"))])
        self.assertNotIn("error", response.json(), response.text)
        # a payment reported with payloads in every free text, rejected with one
        self.env["kanban_portal.payment.report"].with_user(self.user_a1)._create_from_portal(
            self.docs_a["overdue"].with_user(self.user_a1),
            {
                "amount": 1.0,
                "date": fields.Date.today(),
                "method": "other",
                "bank": PAYLOADS[1],
                "reference": PAYLOADS[0],
            },
            [(f"{PAYLOADS[2]}.pdf", make_pdf("xss"))],
        )
        report = self.env["kanban_portal.payment.report"].search([("move_ids", "in", self.docs_a["overdue"].ids)])
        report.reject_reason = PAYLOAD
        report.action_reject()

    def _check(self, url, name, ready, login, extra=""):
        self.browser_js(url, CHECK % {"ready": ready, "name": name, "extra": extra}, login=login, timeout=90)

    def test_payloads_never_run(self):
        self._post_comment_with_file()
        message = self.invoice.message_ids.filtered(lambda m: m.author_id == self.user_a1.partner_id)
        self.assertTrue(message.attachment_ids, "the file with a payload as its name was stored")
        self.assertNotIn("<script>", str(message.body))
        portal_chatter = (
            "const root = document.querySelector('#chatterRoot')?.shadowRoot;"
            " return Boolean(root && root.querySelector('.o-mail-Message'));"
        )
        login = self.user_a1.login
        self._check(
            "/my/invoices", "portal list", "return Boolean(document.querySelector('.o_portal_payment_group'));", login
        )
        self._check(
            "/my/invoices?group=overdue",
            "portal group",
            "return Boolean(document.querySelector('.o_portal_payment_group'));",
            login,
        )
        self._check(
            f"/my/invoices?search={PAYLOADS[0]}",
            "portal search",
            "return Boolean(document.querySelector('.o_portal_payments_search'));",
            login,
        )
        self._check(f"/my/invoices/{self.invoice.id}", "document page", portal_chatter, login)
        self._check(f"/my/invoices/{self.docs_a['overdue'].id}", "document page with report", portal_chatter, login)
        self._check(
            f"/my/invoices/report_payment?invoice_ids={self.docs_a['not_due'].id}",
            "report form",
            "return Boolean(document.querySelector('.o_portal_payments_report_form'));",
            login,
        )
        self._check(
            f"/odoo/action-account.action_move_out_invoice_type/{self.invoice.id}",
            "back-office chatter",
            "return Boolean(document.querySelector('.o-mail-Message .o-mail-Message-body'));",
            self.seller.login,
        )
        report = self.env["kanban_portal.payment.report"].search([("move_ids", "in", self.docs_a["overdue"].ids)])
        self._check(
            f"/odoo/action-kanban_portal.action_payment_report/{report.id}",
            "payment report form",
            "return Boolean(document.querySelector('.o_form_view .o_field_widget[name=reference]'));",
            self.seller.login,
        )
        # the salesperson's notification email, rendered as a mail client would
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)], limit=1)
        self.assertTrue(mail.body_html)
        self.assertIn("&lt;img src=/kp-xss-img", mail.body_html)  # the customer's name, as text
        self.assertNotIn('<img src="/kp-xss-img"', mail.body_html)
        frame = (
            "const frame = document.createElement('iframe'); frame.id = 'kp-mail'; "
            f"frame.srcdoc = {json.dumps(str(mail.body_html))}; document.body.appendChild(frame); await sleep(1500);"
        )
        self._check(
            "/odoo",
            "notification email",
            "return Boolean(document.querySelector('.o_main_navbar'));",
            "admin",
            extra=frame,
        )

    def test_the_check_sees_an_execution(self):
        """The browser check is not blind: markup injected unsafely is caught."""
        inject = (
            "document.body.insertAdjacentHTML('beforeend', '<img src=/kp-xss-selftest onerror=\"window.__kpXSS=1\">');"
        )
        with self.assertRaises(AssertionError):
            self._check(
                "/my/invoices",
                "self test",
                "return Boolean(document.querySelector('.o_portal_payment_group'));",
                self.user_a1.login,
                extra=inject,
            )
