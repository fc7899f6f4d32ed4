#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Submit one message file to an SMTP server with Python's smtplib (the MTA's side of the issue's Postfix test).

usage: smtp_send.py HOST PORT SENDER RECIPIENT[,RECIPIENT...] FILE
Prints one JSON line: {"refused": {rcpt: [code, text]}}; exits 1 when the server refused every recipient.
"""
import json
import smtplib
import sys


def main():
    host, port, sender, recipients, path = sys.argv[1:6]
    with open(path, "rb") as f:
        data = f.read()
    with smtplib.SMTP(host, int(port), local_hostname="client.example.net", timeout=30) as client:
        try:
            refused = client.sendmail(sender, recipients.split(","), data)
        except smtplib.SMTPRecipientsRefused as e:
            print(json.dumps({"refused": {r: [c, t.decode("utf-8", "replace")] for r, (c, t) in e.recipients.items()}}))
            return 1
    print(json.dumps({"refused": {r: [c, t.decode("utf-8", "replace")] for r, (c, t) in refused.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
