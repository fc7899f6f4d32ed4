#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Deliver message files with Python's smtplib.LMTP (the real client the issue names).

usage: lmtp_send.py HOST PORT SENDER RECIPIENT[,RECIPIENT...] FILE...
Prints one JSON line per file: {"file": ..., "refused": {rcpt: [code, text]}, "error": null|text}.
"""
import json
import smtplib
import sys


def main():
    host, port, sender, recipients = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4].split(",")
    client = smtplib.LMTP(host, port)
    try:
        for path in sys.argv[5:]:
            with open(path, "rb") as f:
                data = f.read()
            result = {"file": path, "refused": {}, "error": None}
            try:
                refused = client.sendmail(sender, recipients, data)
                result["refused"] = {k: [v[0], v[1].decode("utf-8", "replace")] for k, v in refused.items()}
            except smtplib.SMTPException as e:
                result["error"] = repr(e)
                client.rset()
            print(json.dumps(result), flush=True)
    finally:
        client.quit()


if __name__ == "__main__":
    main()
