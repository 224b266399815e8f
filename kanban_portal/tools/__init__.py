"""Pure helpers of kanban_portal: no model, no request."""
