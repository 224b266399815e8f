from odoo.tests import tagged

from .common import KanbanPortalCase


@tagged("post_install", "-at_install")
class TestKanbanPortalTour(KanbanPortalCase):
    def test_tour_grouped_overview(self):
        """In Chromium: home tile, overview, a group, a search, a document."""
        self.start_tour("/my", "kanban_portal_tour", login=self.user_a1.login)
