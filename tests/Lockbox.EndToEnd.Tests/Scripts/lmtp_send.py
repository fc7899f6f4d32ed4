#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Deliver message files with Python's smtplib.LMTP (the real client the issue names).

usage: lmtp_send.py HOST PORT SENDER RECIPIENT[,RECIPIENT...] FILE...
HOST may be a Unix socket path (starting with "/"); smtplib.LMTP then ignores PORT.
With LMTP_STARTTLS_CAFILE set, the client runs STARTTLS (RFC 3207) first and verifies the server's certificate
and name against that CA file, then greets again.
Prints one JSON line per file:
  {"file": ..., "replies": {rcpt: [code, text]}, "refused": {rcpt: [code, text]}, "error": null|text}
"replies" holds every recipient's final answer (its RCPT refusal, or its own reply after DATA);
"refused" holds the ones that are not 2xx.

smtplib.SMTP.sendmail reads a single reply after DATA, but an LMTP server sends one per accepted
recipient (RFC 2033 section 4.2); with two recipients the second reply would be read as the answer
to the next command. So the transaction is driven step by step, and the remaining replies are read
with getreply().
"""
import json
import os
import smtplib
import ssl
import sys


def send(client, sender, recipients, data):
    replies = {}
    options = ["SIZE=%d" % len(data)] if client.has_extn("size") else []
    # RFC 6531: a non-ASCII sender needs SMTPUTF8, which smtplib sends only when the server announces it.
    if not sender.isascii():
        options.append("SMTPUTF8")
    code, text = client.mail(sender, options)
    if code != 250:
        client.rset()
        return {r: [code, text.decode("utf-8", "replace")] for r in recipients}
    accepted = []
    for rcpt in recipients:
        code, text = client.rcpt(rcpt)
        if code in (250, 251):
            accepted.append(rcpt)
        else:
            replies[rcpt] = [code, text.decode("utf-8", "replace")]
    if not accepted:
        client.rset()
        return replies
    # data() dot-stuffs, ends with CRLF.CRLF, and returns the first recipient's reply.
    code, text = client.data(data)
    replies[accepted[0]] = [code, text.decode("utf-8", "replace")]
    for rcpt in accepted[1:]:
        code, text = client.getreply()
        replies[rcpt] = [code, text.decode("utf-8", "replace")]
    return replies


def main():
    host, port, sender, recipients = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4].split(",")
    client = smtplib.LMTP(host, port)
    try:
        client.ehlo_or_helo_if_needed()
        cafile = os.environ.get("LMTP_STARTTLS_CAFILE")
        if cafile:
            client.starttls(context=ssl.create_default_context(cafile=cafile))
            client.ehlo_or_helo_if_needed()  # smtplib forgot the LHLO reply, as the server did (RFC 3207 section 4.2)
        for path in sys.argv[5:]:
            with open(path, "rb") as f:
                data = f.read()
            result = {"file": path, "replies": {}, "refused": {}, "error": None}
            try:
                result["replies"] = send(client, sender, recipients, data)
                result["refused"] = {k: v for k, v in result["replies"].items() if not 200 <= v[0] < 300}
            except smtplib.SMTPException as e:
                result["error"] = repr(e)
                client.rset()
            print(json.dumps(result), flush=True)
    finally:
        client.quit()


if __name__ == "__main__":
    main()
