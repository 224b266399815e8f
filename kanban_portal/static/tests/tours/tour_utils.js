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
            async run() {
                const proof = new File(["%PDF-1.4\n% proof of payment\n"], filename, { type: "application/pdf" });
                // the portal chatter lives in a shadow root: set the files on its input
                const input = this.anchor.querySelector(".o_input_file");
                const transfer = new DataTransfer();
                transfer.items.add(proof);
                input.files = transfer.files;
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
