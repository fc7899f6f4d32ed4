#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A scripted IMAP session with Python's imaplib (the real client issue 4 names).

usage: imap_session.py HOST PORT ADDRESS FOLDER MESSAGE_FILE < password
Logs in, lists, creates FOLDER (a nested name), appends MESSAGE_FILE to it and to Sent with flags and
a date, selects FOLDER, fetches the message back, renames FOLDER, deletes it and logs out. Prints one
JSON object: {"steps": [[command, status, first data line], ...], "fetched": <message as latin-1>,
"appenduid": [uidvalidity, uid], "sent_appenduid": [...], "listed": [...], "after_rename": [...],
"after_delete": [...]}. Exits non-zero if any command fails.
"""
import imaplib
import json
import re
import sys


def names(client):
    typ, data = client.list('""', '*')
    result = []
    for line in data:
        # (\Attrs) "/" "Name": the name is the last quoted string or atom.
        match = re.match(rb'\((.*?)\) "/" (.*)$', line)
        result.append(match.group(2).decode("ascii").strip('"'))
    return result


def main():
    host, port, address, folder, message_file = sys.argv[1:6]
    password = sys.stdin.readline().rstrip("\n")
    with open(message_file, "rb") as f:
        message = f.read()

    steps = []
    out = {"steps": steps}

    def run(name, typ, data, expected="OK"):
        first = data[0] if data else None
        if isinstance(first, tuple):
            first = first[0]
        steps.append([name, typ, first.decode("latin-1") if isinstance(first, bytes) else first])
        if typ != expected:
            print(json.dumps(out))
            sys.exit(1)
        return data

    def appenduid(client):
        # imaplib files a tagged response's code under its name, like an untagged response.
        value = client.untagged_responses.pop("APPENDUID", [None])[-1]
        return [int(x) for x in value.split()] if value else None

    client = imaplib.IMAP4(host, int(port))
    run("LOGIN", *client.login(address, password))
    out["listed"] = names(client)
    run("CREATE", *client.create(folder))
    run("APPEND", *client.append(folder, r"(\Seen \Flagged)", imaplib.Time2Internaldate(1700000000), message))
    out["appenduid"] = appenduid(client)
    run("APPEND Sent", *client.append("Sent", r"(\Seen)", None, message))
    out["sent_appenduid"] = appenduid(client)
    run("SELECT", *client.select(folder))
    data = run("FETCH", *client.fetch("1", "(FLAGS BODY.PEEK[])"))
    out["fetched"] = data[0][1].decode("latin-1")
    out["fetch_flags"] = data[0][0].decode("latin-1")
    run("CLOSE", *client.close())
    run("RENAME", *client.rename(folder, folder + "-renamed"))
    out["after_rename"] = names(client)
    run("DELETE", *client.delete(folder + "-renamed"))
    out["after_delete"] = names(client)
    # imaplib's logout() returns the untagged BYE (RFC 3501 section 6.1.3).
    run("LOGOUT", *client.logout(), expected="BYE")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
