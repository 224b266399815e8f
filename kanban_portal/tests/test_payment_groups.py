from datetime import timedelta

from odoo.fields import Domain
from odoo.tests import tagged

from .common import KanbanPortalCommon, expected_group


@tagged("post_install", "-at_install")
class TestPaymentGroups(KanbanPortalCommon):
    """The payment groups' domains are the one rule: on the portal's documents
    they are a partition, and the group a document is given in memory
    (``_get_portal_payment_group_keys``) is the group whose domain finds it in
    the database, and the group Odoo's own fields say."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        make, customer = cls._make_document, cls.customer_a
        docs = cls._create_documents(customer, "A", not_due=cls.invoice)
        docs.update(
            {
                "reversal": docs["reversed"].reversal_move_ids,
                "due_today": make(customer, 120.0, days=-30, due=0),
                "blocked_not_due": make(customer, 111.0),
                "in_payment_overdue": make(customer, 91.0, days=-60, due=-30),
                "paid_overdue": make(customer, 501.0, days=-60, due=-30),
                "legacy": make(customer, 130.0, days=-400, due=-370),
                "cancelled": make(customer, 140.0),
                "receipt_not_due": make(customer, 75.0, move_type="out_receipt", days=-1, due=5),
                "receipt_paid": make(customer, 76.0, move_type="out_receipt", days=-40, due=-40),
                "credit_note_not_due": make(customer, 81.0, move_type="out_refund", days=-1, due=10),
                "credit_note_partial": make(customer, 82.0, move_type="out_refund", currency=cls.eur),
                "credit_note_paid": make(customer, 83.0, move_type="out_refund", days=-40, due=-40),
            }
        )
        docs["blocked_not_due"].action_toggle_block_payment()
        cls._pay_in_payment(docs["in_payment_overdue"])
        cls._pay(docs["paid_overdue"])
        # from before accounting was installed: Odoo never computes it, its own tests write it
        docs["legacy"].sudo().payment_state = "invoicing_legacy"
        docs["cancelled"].button_draft()
        docs["cancelled"].button_cancel()
        cls._pay(docs["receipt_paid"])
        cls._pay(docs["credit_note_partial"], 40.0)
        cls._pay(docs["credit_note_paid"])
        cls.documents = docs

    def test_fixture_covers_every_situation(self):
        moves = self.env["account.move"].concat(*self.documents.values())
        self.assertLessEqual(
            {"not_paid", "partial", "in_payment", "paid", "reversed", "blocked", "invoicing_legacy"},
            set(moves.mapped("payment_state")),
        )
        self.assertLessEqual({"out_invoice", "out_receipt", "out_refund"}, set(moves.mapped("move_type")))
        self.assertEqual(set(moves.mapped("state")), {"draft", "posted", "cancel"})
        for key in ("partial", "credit_note_partial"):
            self.assertEqual(self.documents[key].payment_state, "partial", key)

    def test_group_is_the_group_whose_domain_finds_the_document(self):
        Move = self.env["account.move"]
        moves = Move.concat(*self.documents.values())
        portal = Move._get_portal_document_domain()
        # today, and a day when the documents not yet due are overdue
        for today in (self.today, self.today + timedelta(days=25)):
            groups = Move._get_portal_payment_groups(today)
            keys = moves._get_portal_payment_group_keys(today)
            self.assertEqual(set(keys.values()), set(groups), "every group has a document of the fixture")
            found = {
                key: Move.search(Domain("id", "in", moves.ids) & portal & group["domain"])
                for key, group in groups.items()
            }
            for label, move in self.documents.items():
                with self.subTest(today=today, document=label, payment_state=move.payment_state):
                    in_groups = [key for key, documents in found.items() if move in documents]
                    if move.filtered_domain(portal):
                        self.assertEqual(in_groups, [keys[move.id]], "exactly one group, the one derived")
                        self.assertEqual(keys[move.id], expected_group(move, today))
                        self.assertEqual(move._get_portal_payment_group(today), keys[move.id])
                    else:  # a draft, a cancelled document, a vendor bill
                        self.assertEqual(in_groups, [])
                        self.assertNotIn(move.id, keys)

    def test_groups_partition_the_portal_documents(self):
        """Every portal document of the database (the fixture's, the demo's)
        is in exactly one group."""
        Move = self.env["account.move"].sudo()  # every company's
        portal = Move._get_portal_document_domain()
        documents = Move.search(portal)
        fixture = Move.concat(*self.documents.values()).filtered_domain(portal)
        self.assertLess(fixture, documents, "the fixture's documents, and others")
        by_group = {
            key: Move.search(portal & group["domain"])
            for key, group in Move._get_portal_payment_groups(self.today).items()
        }
        self.assertEqual(sum(map(len, by_group.values())), len(documents), "a document in two groups, or in none")
        self.assertEqual(Move.union(*by_group.values()), documents)
        derived = {move_id: key for key, moves in by_group.items() for move_id in moves.ids}
        self.assertEqual(documents._get_portal_payment_group_keys(self.today), derived)

    def test_first_rows_are_each_groups_first_documents(self):
        """The overview's rows, found with the summary in one query, are each
        group's first documents as a search of its domain finds them, in
        every sorting the portal offers, as the customer (record rules)."""
        Move = self.env["account.move"].with_user(self.user_a1)
        groups = Move._get_portal_payment_groups(self.today)
        orders = [
            "invoice_date_due asc, id desc",
            "invoice_date desc, id desc",
            "name desc, id desc",
            "amount_residual desc, id desc",
        ]
        for order in orders:
            summary = Move._get_portal_payment_summary(today=self.today, first_rows=(order, 2))
            for key, group in groups.items():
                with self.subTest(order=order, group=key):
                    expected = Move.search(Move._get_portal_document_domain() & group["domain"], order=order, limit=2)
                    self.assertEqual(summary["groups"][key]["ids"], expected.ids)
        self.assertTrue(any(summary["groups"][key]["ids"] for key in groups))

    def test_aging_is_the_overdue_group_by_age(self):
        """Every aging bucket but the first holds exactly the overdue
        group's documents of that age, and the first one the other pending
        documents: a document of a group not to be paid (here one from before
        accounting, due more than a year ago) is in no bucket, nor in what
        is owed, which the buckets add up to."""
        Move = self.env["account.move"].with_user(self.user_a1)
        groups = Move._get_portal_payment_groups(self.today)
        keys = self.env["account.move"].concat(*self.documents.values())._get_portal_payment_group_keys(self.today)
        self.assertEqual(keys[self.documents["legacy"].id], "paid")
        expected = {}
        for move in self.env["account.move"].browse(list(keys)):
            group = groups[keys[move.id]]
            if not group["pending"]:
                continue
            days = (self.today - move.invoice_date_due).days if group["overdue"] else 0
            bucket = next(b["key"] for b in Move._get_portal_aging_buckets() if b["days"] is None or days <= b["days"])
            amounts = expected.setdefault(move.currency_id, {})
            amounts[bucket] = amounts.get(bucket, 0.0) + move._get_portal_amount_due()
        summary = Move._get_portal_payment_summary(
            Domain("id", "in", self.env["account.move"].concat(*self.documents.values()).ids), today=self.today
        )
        self.assertTrue(summary["currencies"])
        for line in summary["currencies"]:
            with self.subTest(currency=line["currency"].name):
                aging = {bucket["key"]: bucket["amount"] for bucket in line["aging"] if bucket["amount"]}
                wanted = {key: amount for key, amount in expected[line["currency"]].items() if amount}
                self.assertEqual(aging.keys(), wanted.keys())
                for key, amount in wanted.items():
                    self.assertAlmostEqual(aging[key], amount, msg=key)
                # what is owed is what the buckets hold, not the residual that
                # a document no longer to pay keeps (the legacy one's)
                self.assertAlmostEqual(line["owed"], sum(expected[line["currency"]].values()))

    def test_customer_comment_mixin_runs_before_account(self):
        """The customer-comment path runs on top of account's own overrides
        of account.move (as in 19.0.1.1.0, when it was written on the
        model): a customer's post is made plain text and checked before
        account or other modules see it."""
        from odoo.addons.account.models.account_move import AccountMove as AccountAccountMove

        from ..models.kanban_portal_customer_comment_mixin import KanbanPortalCustomerCommentMixin

        mro = type(self.env["account.move"]).__mro__
        self.assertLess(mro.index(KanbanPortalCustomerCommentMixin), mro.index(AccountAccountMove))

    def test_document_without_due_date_is_not_overdue(self):
        """An open invoice whose due date was cleared (imports, the API) is
        awaiting payment, and its amount is "not yet due" in the aging."""
        move = self._make_document(self.customer_a, 77.0, days=-200, due=-150)
        move.sudo().invoice_date_due = False
        Move = self.env["account.move"].with_user(self.user_a1)
        self.assertEqual(move._get_portal_payment_group(self.today), "not_paid")
        summary = Move._get_portal_payment_summary(Domain("id", "=", move.id), today=self.today)
        self.assertEqual(summary["groups"]["not_paid"]["count"], 1)
        (line,) = summary["currencies"]
        aging = {bucket["key"]: bucket["amount"] for bucket in line["aging"]}
        self.assertEqual(aging["not_due"], 77.0)
        self.assertEqual(aging["over_90"], 0.0)
