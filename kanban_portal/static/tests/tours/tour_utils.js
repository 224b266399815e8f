/**
 * A small real PDF (one blank page; a PDF parser opens it), as a customer's
 * proof of payment. ``note`` goes in a comment line, ASCII only.
 *
 * @param {string} note
 * @returns {string} the PDF's bytes
 */
export function makePdf(note) {
    const objects = [
        "<</Type/Catalog/Pages 2 0 R>>",
        "<</Type/Pages/Kids[3 0 R]/Count 1>>",
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
    ];
    let pdf = `%PDF-1.4\n% ${note}\n`;
    const offsets = [];
    objects.forEach((body, index) => {
        offsets.push(pdf.length);
        pdf += `${index + 1} 0 obj${body}endobj\n`;
    });
    const xref = pdf.length;
    pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    for (const offset of offsets) {
        pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
    }
    pdf += `trailer<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
    return pdf;
}

/**
 * The files of a file input holding one PDF (``makePdf(note)``) named
 * ``filename``, as a customer would choose it.
 *
 * @param {string} note
 * @param {string} filename
 * @returns {FileList}
 */
function pdfFileList(note, filename) {
    const transfer = new DataTransfer();
    transfer.items.add(new File([makePdf(note)], filename, { type: "application/pdf" }));
    return transfer.files;
}

/**
 * Steps the tours share: the customer writes in the portal chatter of a
 * document and attaches a PDF, then sends.
 *
 * @param {string} text what the customer writes
 * @param {string} filename the PDF attached
 */
export function commentWithFileSteps(text, filename) {
    return [
        {
            content: "Write a comment",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: `edit ${text}`,
        },
        {
            content: "Attach the proof of payment",
            trigger: "#chatterRoot:shadow .o-mail-Composer",
            run() {
                // the portal chatter lives in a shadow root: set the files on its input
                const input = this.anchor.querySelector(".o_input_file");
                input.files = pdfFileList("proof of payment", filename);
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is uploaded",
            trigger: `#chatterRoot:shadow .o-mail-Composer :contains(${filename})`,
        },
        {
            content: "Send",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The comment is in the conversation, with its file",
            trigger: `#chatterRoot:shadow .o-mail-Message:contains(${text}):contains(${filename})`,
        },
    ];
}

/**
 * Steps the tours share: on the payment-report form, fill amount, bank and
 * reference, attach a PDF receipt, send, and find the document being verified.
 *
 * @param {{amount: string, bank: string, reference: string, filename: string}} report
 */
export function reportPaymentSteps({ amount, bank, reference, filename }) {
    return [
        {
            content: "Amount paid",
            trigger: "input[name=amount]",
            run: `edit ${amount}`,
        },
        {
            trigger: "input[name=bank]",
            run: `edit ${bank}`,
        },
        {
            trigger: "input[name=reference]",
            run: `edit ${reference}`,
        },
        {
            content: "Attach the bank receipt",
            trigger: "input[name=receipt]",
            run() {
                this.anchor.files = pdfFileList("bank receipt", filename);
            },
        },
        {
            content: "Send the report",
            trigger: ".o_portal_payments_report_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The document says the payment is being verified",
            trigger: ".o_portal_payments_report_status[data-payment-report-state=reported]",
        },
    ];
}
