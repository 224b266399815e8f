"""19.0.1.1.0: a ZIP of PDFs is rendered in the customer's request, 1.2 s a PDF
on a 2-core machine; the old default maximum (100 PDFs) ran past Odoo's
limit_time_real. Companies still on that default get the new one (20); a
maximum an administrator chose stays."""


def migrate(cr, version):
    cr.execute("UPDATE res_company SET kanban_portal_zip_max = 20 WHERE kanban_portal_zip_max = 100")
