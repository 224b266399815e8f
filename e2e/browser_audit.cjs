// In the real Chromium (Debian's), driven by playwright-core: axe-core audit of
// the portal pages and the grant wizard in Spanish at desktop and phone width,
// and the README's screenshots. Run by e2e/browser_audit.sh (loopback only).
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const [BASE, SHOTS] = process.argv.slice(2);
if (!BASE.startsWith("http://127.0.0.1:")) throw new Error("the audit only talks to loopback");
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WRITE_SHOTS = process.env.KP_AUDIT_SCREENSHOTS !== "0";
const VIEWPORTS = {
    desktop: { viewport: { width: 1280, height: 900 } },
    phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};
const results = [];

// the body of the latest email in the mail queue matching one domain condition
async function queuedMailBody(page, condition) {
    return page.evaluate(async (condition) => {
        const response = await fetch("/web/dataset/call_kw/mail.mail/search_read", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ jsonrpc: "2.0", method: "call", params: {
                model: "mail.mail", method: "search_read",
                args: [[condition], ["body_html"]],
                kwargs: { limit: 1, order: "id desc" } } }),
        });
        return (await response.json()).result[0]?.body_html;
    }, condition);
}

async function login(context, loginName, password) {
    const page = await context.newPage();
    await page.goto(`${BASE}/web/login`);
    await page.fill("input[name=login]", loginName);
    await page.fill("input[name=password]", password);
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    return page;
}

async function audit(page, name, viewportName, include) {
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(async (selector) => {
        const run = await window.axe.run(selector ? { include: [selector] } : document, {
            resultTypes: ["violations"],
        });
        return run.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help,
            targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    }, include || null);
    results.push({ name, viewport: viewportName, violations: result });
}

async function shot(page, file, fullPage = true) {
    if (!WRITE_SHOTS) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, file), fullPage });
}

(async () => {
    const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"],
    });
    try {
        for (const [viewportName, options] of Object.entries(VIEWPORTS)) {
            // the customer, in Spanish
            const customer = await browser.newContext({ ...options, locale: "es-UY" });
            const page = await login(customer, "lucia@atlantida.example.com", "lucia");
            const pages = [
                ["overview", "/my/invoices"],
                ["group", "/my/invoices?group=overdue"],
            ];
            for (const [name, url] of pages) {
                await page.goto(`${BASE}${url}`);
                await page.waitForSelector(".o_portal_payment_group");
                await audit(page, name, viewportName);
                await shot(page, `portal-${name}-${viewportName}.png`);
            }
            // a document with the customer's comment and proof of payment
            await page.goto(`${BASE}/my/invoices?group=overdue`);
            const href = await page.getAttribute("section[data-payment-group=overdue] tr[data-invoice-id] td[name=invoice_number] a", "href");
            await page.goto(`${BASE}${href}`);
            await page.waitForSelector("#chatterRoot");
            await page.waitForFunction(() => {
                const root = document.querySelector("#chatterRoot")?.shadowRoot;
                return root && root.querySelector(".o-mail-Message");
            }, null, { timeout: 30000 });
            await audit(page, "document", viewportName);
            await shot(page, `portal-document-${viewportName}.png`);
            if (viewportName === "desktop") {
                // the customer comments through the portal chatter's own route
                // (a comment made in a shell is the system's, not a customer's):
                // the salesperson's email about it is looked for below
                const invoiceId = Number(href.split("?")[0].split("/").pop());
                const posted = await page.evaluate(async (id) => {
                    const response = await fetch("/mail/message/post", {
                        method: "POST",
                        headers: { "Content-Type": "application/json" },
                        body: JSON.stringify({ jsonrpc: "2.0", method: "call", params: {
                            thread_model: "account.move", thread_id: id,
                            post_data: { body: "Les escribo por el comprobante de la transferencia que les adjunté.",
                                message_type: "comment", subtype_xmlid: "mail.mt_comment" } } }),
                    });
                    return response.json();
                }, invoiceId);
                if (posted.error) throw new Error(`the customer's comment was refused: ${JSON.stringify(posted.error)}`);
            }
            // the payment report form
            await page.goto(`${BASE}/my/invoices?group=not_paid`);
            await page.click("section[data-payment-group=not_paid] input[name=invoice_ids]");
            await Promise.all([page.waitForNavigation(), page.click("section[data-payment-group=not_paid] .o_portal_payments_report_selected")]);
            await page.waitForSelector(".o_portal_payments_report_form");
            await audit(page, "report payment", viewportName);
            await shot(page, `portal-report-payment-${viewportName}.png`);
            await customer.close();

            // staff: the grant-access wizard, from a contact's form
            const staff = await browser.newContext({ ...options, locale: "es-UY" });
            const admin = await login(staff, "admin", "admin");
            const partnerId = await admin.evaluate(async () => {
                const response = await fetch("/web/dataset/call_kw/res.partner/search", {
                    method: "POST",
                    headers: { "Content-Type": "application/json" },
                    body: JSON.stringify({ jsonrpc: "2.0", method: "call", params: {
                        model: "res.partner", method: "search", args: [[["name", "=", "Distribuidora Atlántida S.A."]]], kwargs: {} } }),
                });
                return (await response.json()).result[0];
            });
            await admin.goto(`${BASE}/odoo/action-account.res_partner_action_customer/${partnerId}`);
            await admin.waitForSelector(".o_form_view");
            await admin.click(".o_cp_action_menus button, .o_control_panel .fa-cog");
            await admin.click(".o-dropdown--menu .o-dropdown-item:has-text('portal')");
            await admin.waitForSelector(".modal .o_portal_wizard_user_one2many, .modal .o_list_renderer");
            await admin.waitForTimeout(500);
            await audit(admin, "grant wizard", viewportName, ".modal-content");
            await shot(admin, `grant-wizard-${viewportName}.png`, false);
            // the salesperson's email about the customer's comment (desktop only)
            if (viewportName === "desktop") {
                const body = await queuedMailBody(admin, ["body_html", "ilike", "comprobante de la transferencia"]);
                if (!body) throw new Error("the salesperson's email is not in the mail queue");
                const mail = await staff.newPage();
                await mail.setViewportSize({ width: 900, height: 240 });
                await mail.setContent(body);
                await shot(mail, "salesperson-email.png");
                // payment reminders: the preview of the next run (nothing sent yet),
                // then today's run, what went, and a reminder email
                await admin.goto(`${BASE}/odoo/action-kanban_portal.kanban_portal_reminder_preview_action`);
                await admin.waitForSelector(".o_form_view .o_field_one2many .o_data_row");
                await admin.waitForTimeout(300);
                await shot(admin, "reminder-preview.png", false);
                await admin.evaluate(async () => {
                    const call = async (model, method, args) => {
                        const response = await fetch(`/web/dataset/call_kw/${model}/${method}`, {
                            method: "POST",
                            headers: { "Content-Type": "application/json" },
                            body: JSON.stringify({ jsonrpc: "2.0", method: "call", params: {
                                model, method, args, kwargs: { context: { lang: "en_US" } } } }),
                        });
                        const { result, error } = await response.json();
                        if (error) throw new Error(`${model}.${method}: ${error.data?.message || error.message}`);
                        return result;
                    };
                    const crons = await call("ir.cron", "search", [[["cron_name", "ilike", "send payment reminders"]]]);
                    if (crons.length !== 1) throw new Error(`payment reminders cron: ${crons}`);
                    await call("ir.cron", "method_direct_trigger", [crons]);
                });
                await admin.goto(`${BASE}/odoo/action-kanban_portal.kanban_portal_reminder_action`);
                await admin.waitForSelector(".o_list_renderer .o_data_row");
                await shot(admin, "reminders-list.png", false);
                const reminder = await queuedMailBody(admin, ["subject", "ilike", "recordatorio"]);
                if (!reminder) throw new Error("no payment reminder in Spanish in the mail queue");
                await mail.setViewportSize({ width: 900, height: 240 });
                await mail.setContent(reminder);
                await shot(mail, "reminder-email.png");
            }
            await staff.close();
        }
    } finally {
        await browser.close();
    }
    let blocking = 0;
    const others = {};
    console.log(`${"page".padEnd(16)} ${"viewport".padEnd(8)} critical serious moderate minor`);
    for (const { name, viewport, violations } of results) {
        const count = (impact) => violations.filter((v) => v.impact === impact).reduce((n, v) => n + v.nodes, 0);
        console.log(`${name.padEnd(16)} ${viewport.padEnd(8)} ${String(count("critical")).padStart(8)} ${String(count("serious")).padStart(7)} ${String(count("moderate")).padStart(8)} ${String(count("minor")).padStart(5)}`);
        for (const v of violations) {
            if (v.impact === "critical" || v.impact === "serious") {
                blocking += v.nodes;
                console.log(`  ${v.impact}: ${v.id} (${v.nodes}) ${v.help} — ${v.targets.join(" | ")}`);
            } else {
                others[v.id] = (others[v.id] || 0) + v.nodes;
            }
        }
    }
    console.log(`critical or serious violations: ${blocking}; others: ${JSON.stringify(others)}`);
    if (WRITE_SHOTS) console.log(`screenshots in ${SHOTS}`);
    process.exit(blocking ? 1 : 0);
})().catch((error) => {
    console.error(error);
    process.exit(2);
});
