from . import (
    test_demo_data,
    test_exports,
    test_i18n,
    test_payment_report,
    test_portal_grouped,
    test_portal_security,
    test_portal_wizard,
    test_salesperson_notification,
    test_security_matrix,
    test_statement,
    test_story,
    test_tour,
)
