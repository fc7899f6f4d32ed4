#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Python's imaplib with UTF8=ACCEPT (RFC 9755): mailbox names in UTF-8 instead of modified UTF-7.

usage: imap_utf8.py HOST PORT ADDRESS FOLDER NEW_FOLDER < password
LOGIN; CAPABILITY; ENABLE UTF8=ACCEPT (imaplib then sends and reads commands as UTF-8); LIST; CREATE NEW_FOLDER; SELECT FOLDER;
FETCH 1 (ENVELOPE); STATUS NEW_FOLDER; LOGOUT. Prints one JSON object: "capabilities", "enabled" (the ENABLED
response), "names" (every LIST name, decoded as UTF-8), "exists" (SELECT's count), "subject" (the first message's
ENVELOPE subject, as the server sent it) and "status" (STATUS's line). Exits non-zero if any command fails.
imaplib's APPEND in this mode is not used: Python 3.11 puts the UTF8 data item inside the literal.
"""
import imaplib
import json
import re
import sys


def check(typ, data):
    if typ != "OK":
        raise SystemExit(f"{typ} {data}")
    return data


def main():
    host, port, address, folder, new_folder = sys.argv[1:6]
    password = sys.stdin.readline().rstrip("\n")
    client = imaplib.IMAP4(host, int(port))
    check(*client.login(address, password))
    # imaplib keeps the greeting's list; the one after login is asked for (RFC 3501 section 7.2.1).
    out = {"capabilities": check(*client.capability())[0].decode("ascii").split()}
    check(*client.enable("UTF8=ACCEPT"))
    out["enabled"] = [line.decode("utf-8") for line in client.untagged_responses.pop("ENABLED", [])]
    names = []
    for line in check(*client.list('""', "*")):
        match = re.match(rb'\((.*?)\) "/" "?(.*?)"?$', line)
        names.append(match.group(2).decode("utf-8"))
    out["names"] = names
    check(*client.create(f'"{new_folder}"'))
    out["exists"] = int(check(*client.select(f'"{folder}"'))[0])
    envelope = check(*client.fetch("1", "(ENVELOPE)"))
    # The subject is the second field of the ENVELOPE: a quoted string or, for 8-bit text, a literal.
    first = envelope[0]
    out["subject"] = (first[1] if isinstance(first, tuple) else first).decode("utf-8", "replace")
    out["status"] = check(*client.status(f'"{new_folder}"', "(MESSAGES)"))[0].decode("utf-8")
    client.logout()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
