"""A local SMTP sink (loopback only) that appends every message it receives to
a JSON-lines file. Used by the end-to-end scripts; stop it with SIGTERM.

    python3 e2e/smtp_sink.py PORT OUTFILE
"""

import json
import signal
import sys
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        record = {
            "rcpt": envelope.rcpt_tos,
            "subject": str(message.get("Subject", "")),
            "message_id": str(message.get("Message-Id", "")),
            "references": str(message.get("References", "")),
            "x_odoo_objects": str(message.get("X-Odoo-Objects", "")),
        }
        with self.lock, open(self.path, "a", encoding="utf-8") as out:  # noqa: ASYNC230 (tiny local append)
            out.write(json.dumps(record) + "\n")
        return "250 OK"


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(path), hostname="127.0.0.1", port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *args: stop.set())
    signal.signal(signal.SIGINT, lambda *args: stop.set())
    print(f"smtp sink on 127.0.0.1:{port} -> {path}", flush=True)
    stop.wait(timeout=3600)  # stops by itself after an hour at most
    controller.stop()


if __name__ == "__main__":
    main()
