#!/usr/bin/env python3
"""email_summary.py FILE... - what Python's email package reads from each message, as JSON on stdout.

For every file: the decoded Subject, the addresses of From and To, and the MIME parts in
depth-first order (the order IMAP numbers them), each with its content type and, for a leaf
part, the size in octets of its undecoded content. Standard library only.
"""
import email
import email.header
import email.policy
import email.utils
import json
import sys


def decoded(value):
    if value is None:
        return None
    return str(email.header.make_header(email.header.decode_header(str(value))))


def summary(path):
    with open(path, "rb") as f:
        data = f.read()
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    # Raw 8-bit header text is UTF-8 (RFC 6532); read from bytes, compat32 would replace it.
    headers = email.message_from_string(data.decode("utf-8", "surrogateescape"), policy=email.policy.compat32)
    parts = []
    for part in message.walk():
        size = None
        if not part.is_multipart():
            # get_payload() re-decodes 8-bit text with its charset; the stored payload keeps the octets
            # (surrogate-escaped), which is what IMAP counts.
            payload = part._payload
            size = len(payload.encode("ascii", "surrogateescape"))
        parts.append({
            "type": part.get_content_type(),
            "size": size,
            "defects": len(part.defects),
        })
    return {
        "subject": decoded(headers.get("Subject")),
        "from": [a for _, a in email.utils.getaddresses(message.get_all("From", []))],
        "to": [a for _, a in email.utils.getaddresses(message.get_all("To", []))],
        "defects": len(message.defects),
        "parts": parts,
    }


json.dump([summary(p) for p in sys.argv[1:]], sys.stdout)
