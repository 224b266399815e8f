from odoo.tests import tagged

from .common import KanbanPortalDocumentsHttpCommon


@tagged("post_install", "-at_install")
class TestKanbanPortalTour(KanbanPortalDocumentsHttpCommon):
    def test_tour_grouped_overview(self):
        """In Chromium: home tile, overview, a group, a search, a document."""
        self.start_tour("/my", "kanban_portal_tour", login=self.user_a1.login)

    def test_tour_report_payment_and_statement(self):
        """In Chromium: report a payment of two documents with a receipt, then
        download the statement of account."""
        self.start_tour("/my/invoices", "kanban_portal_payment_report_tour", login=self.user_a1.login)
        report = self.env["kanban_portal.payment.report"].search([("partner_id", "=", self.customer_a.id)])
        self.assertEqual(len(report), 1)
        self.assertEqual((report.amount, report.bank, report.reference), (150.0, "BROU", "TRF-2026-0042"))
        self.assertEqual(len(report.move_ids), 2)
        self.assertEqual(report.attachment_ids.mapped("name"), ["comprobante-brou.pdf"])
