"""The statement of account as a spreadsheet."""

import xlsxwriter

from .spreadsheet import neutralize_formula


def write_statement_xlsx(env, fileobj, partner, date_from, date_to, statements):
    """Write the statement of ``partner`` into the binary ``fileobj`` as XLSX.

    ``statements`` is ``report.kanban_portal.report_statement``'s
    ``_get_statement``: the same sections and figures as the PDF. One table,
    one row per line with its section's currency (and company when there are
    several), each section opened by its opening balance and closed by its
    totals and closing balance; amounts are numbers, dates dates. Rows go to
    disk as they are written (``constant_memory``).
    """
    workbook = xlsxwriter.Workbook(fileobj, {"constant_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(env._("Statement"))
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    bold_date = workbook.add_format({"num_format": "yyyy-mm-dd", "bold": True})
    amount_formats = {}

    def amount_format(currency, is_bold=False):
        key = (currency.decimal_places, is_bold)
        if key not in amount_formats:
            decimals = "." + "0" * currency.decimal_places if currency.decimal_places else ""
            amount_formats[key] = workbook.add_format({"num_format": f"#,##0{decimals}", "bold": is_bold})
        return amount_formats[key]

    multi_company = len({values["company"] for values in statements}) > 1
    commercial = partner.commercial_partner_id
    sheet.write_string(0, 0, env._("Statement of account"), bold)
    sheet.write_string(1, 0, neutralize_formula(commercial.name or ""))
    if commercial.vat:
        sheet.write_string(1, 1, neutralize_formula(commercial.vat))
    sheet.write_string(2, 0, env._("Period"))
    sheet.write_datetime(2, 1, date_from, date_format)
    sheet.write_datetime(2, 2, date_to, date_format)
    headers = [
        env._("Currency"),
        env._("Date"),
        env._("Document"),
        env._("Number"),
        env._("Reference"),
        env._("Due date"),
        env._("Debit"),
        env._("Credit"),
        env._("Balance"),
    ]
    if multi_company:
        headers.append(env._("Company"))
    row = 4
    for col, label in enumerate(headers):
        sheet.write_string(row, col, label, bold)
    sheet.set_column(0, 0, 9)
    sheet.set_column(1, 1, 11)
    sheet.set_column(2, 4, 20)
    sheet.set_column(5, 5, 11)
    sheet.set_column(6, 8, 15)
    sheet.set_column(9, 9, 24)
    sheet.freeze_panes(row + 1, 0)
    if not statements:
        sheet.write_string(row + 1, 0, env._("No documents or payments in this period."))
    for values in statements:
        currency = values["currency"]
        amount, total = amount_format(currency), amount_format(currency, is_bold=True)

        def start_row(row, when, label, style, currency=currency, values=values):
            sheet.write_string(row, 0, currency.name, style)
            sheet.write_datetime(row, 1, when, bold_date if style else date_format)
            sheet.write_string(row, 2, label, style)
            if multi_company:
                sheet.write_string(row, 9, neutralize_formula(values["company"].name), style)

        row += 1
        start_row(row, date_from, env._("Opening balance"), bold)
        sheet.write_number(row, 8, currency.round(values["opening"]), total)
        for line in values["lines"]:
            row += 1
            start_row(row, line["date"], line["label"], None)
            sheet.write_string(row, 3, neutralize_formula(line["number"] or ""))
            sheet.write_string(row, 4, neutralize_formula(line["ref"] or ""))
            if line["due_date"]:
                sheet.write_datetime(row, 5, line["due_date"], date_format)
            if line["debit"]:
                sheet.write_number(row, 6, currency.round(line["debit"]), amount)
            if line["credit"]:
                sheet.write_number(row, 7, currency.round(line["credit"]), amount)
            sheet.write_number(row, 8, currency.round(line["balance"]), amount)
        row += 1
        start_row(row, date_to, env._("Closing balance"), bold)
        sheet.write_number(row, 6, currency.round(values["debit"]), total)
        sheet.write_number(row, 7, currency.round(values["credit"]), total)
        sheet.write_number(row, 8, currency.round(values["closing"]), total)
    sheet.write_string(row + 2, 0, env._("A positive balance is owed to us; a negative balance is in your favour."))
    workbook.close()
