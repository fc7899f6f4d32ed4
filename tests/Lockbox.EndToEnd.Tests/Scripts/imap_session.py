#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A scripted IMAP session with Python's imaplib (the real client issue 4 names).

usage: imap_session.py HOST PORT LMTP_PORT ADDRESS FOLDER MESSAGE_FILE SUBJECT_WORD BODY_WORD < password
The operations of a mail client, in order: LOGIN; LIST (special-use attributes); CREATE FOLDER (a nested
name); APPEND MESSAGE_FILE to it and to Sent, with flags and a date; SELECT FOLDER; FETCH the message and
its items and sections (a partial one too); STORE a keyword; SEARCH by KEYWORD, SUBJECT, BODY, flags,
NOT/OR and a UID set; UID COPY to Sent; UID MOVE to Archive; in Sent, STORE \\Deleted and EXPUNGE; in
INBOX, IDLE while another client delivers MESSAGE_FILE over LMTP (smtplib.LMTP), then FETCH it; CLOSE;
RENAME FOLDER; DELETE it; LOGOUT. Prints one JSON object: "steps" ([command, status, first data line],
...) and what each step returned (see the keys of "out"). Exits non-zero if any command fails.

imaplib has no IDLE (Python 3.11): it is sent on imaplib's own connection, and the untagged EXISTS read
with imaplib's readline, which is what a client without IDLE support would have to do.
"""
import email
import email.policy
import imaplib
import json
import re
import smtplib
import sys
import time


def names(client):
    typ, data = client.list('""', '*')
    result = {}
    for line in data:
        # (\Attrs) "/" "Name": the name is the last quoted string or atom.
        match = re.match(rb'\((.*?)\) "/" (.*)$', line)
        result[match.group(2).decode("ascii").strip('"')] = match.group(1).decode("ascii").split()
    return result


def main():
    host, port, lmtp_port, address, folder, message_file, subject_word, body_word = sys.argv[1:9]
    password = sys.stdin.readline().rstrip("\n")
    with open(message_file, "rb") as f:
        message = f.read()
    sender = email.message_from_bytes(message, policy=email.policy.default)["From"].addresses[0].addr_spec

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

    def code(client, name):
        # imaplib files a response code (tagged or untagged OK) under its name, like an untagged response.
        value = client.untagged_responses.pop(name, [None])[-1]
        return value.decode("ascii").split() if value else None

    def search(name, *criteria, uid=False):
        data = run(name, *(client.uid("SEARCH", *criteria) if uid else client.search(None, *criteria)))
        return data[0].decode("ascii").split()

    def text(data):
        return b"".join(part[1] if isinstance(part, tuple) else part for part in data).decode("latin-1")

    client = imaplib.IMAP4(host, int(port))
    run("LOGIN", *client.login(address, password))
    out["listed"] = names(client)
    run("CREATE", *client.create(folder))
    run("APPEND", *client.append(folder, r"(\Seen \Flagged)", imaplib.Time2Internaldate(1700000000), message))
    out["appenduid"] = code(client, "APPENDUID")
    run("APPEND Sent", *client.append("Sent", r"(\Seen)", None, message))
    out["sent_appenduid"] = code(client, "APPENDUID")

    run("SELECT", *client.select(folder))
    data = run("FETCH", *client.fetch("1", "(FLAGS BODY.PEEK[])"))
    out["fetched"] = data[0][1].decode("latin-1")
    out["fetch_flags"] = data[0][0].decode("latin-1")
    data = run("FETCH items", *client.fetch("1", "(UID RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)"))
    out["fetch_items"] = text(data)
    out["header_fields"] = text(run("FETCH HEADER.FIELDS", *client.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])"))[:1])
    out["body_text"] = run("FETCH TEXT", *client.fetch("1", "(BODY.PEEK[TEXT])"))[0][1].decode("latin-1")
    out["part_1"] = run("FETCH 1", *client.fetch("1", "(BODY.PEEK[1])"))[0][1].decode("latin-1")
    out["partial"] = run("FETCH partial", *client.fetch("1", "(BODY.PEEK[]<10.20>)"))[0][1].decode("latin-1")

    data = run("STORE", *client.store("1", "+FLAGS", "($Python)"))
    out["stored_flags"] = text(data)
    out["search"] = {
        "keyword": search("SEARCH KEYWORD", "KEYWORD", "$Python"),
        "not_keyword": search("SEARCH NOT KEYWORD", "NOT", "KEYWORD", "$Python"),
        "subject": search("SEARCH SUBJECT", "SUBJECT", subject_word),
        "body": search("SEARCH BODY", "BODY", body_word),
        "flags": search("SEARCH FLAGGED SEEN", "FLAGGED", "SEEN"),
        "or": search("SEARCH OR", "OR", "SUBJECT", "no-such-word", "NOT", "UNFLAGGED"),
        "not_or": search("SEARCH NOT OR", "NOT", "OR", "KEYWORD", "$Python", "FROM", sender),
        "from": search("SEARCH FROM", "FROM", sender),
        "uid_set": search("UID SEARCH", "UID", "1:5", "BODY", body_word, uid=True),
    }

    run("UID COPY", *client.uid("COPY", "1", "Sent"))
    out["copyuid"] = code(client, "COPYUID")
    run("UID MOVE", *client.uid("MOVE", "1", "Archive"))
    out["moveuid"] = code(client, "COPYUID")
    out["after_move"] = search("SEARCH ALL", "ALL")

    out["sent_exists"] = int(run("SELECT Sent", *client.select("Sent"))[0])
    run("STORE Sent", *client.store("2", "+FLAGS.SILENT", r"(\Deleted)"))
    out["expunged"] = [n.decode("ascii") for n in run("EXPUNGE", *client.expunge()) if n]
    out["after_expunge"] = search("UID SEARCH Sent", "ALL", uid=True)

    out["inbox_exists"] = int(run("SELECT INBOX", *client.select("INBOX"))[0])
    out["idle"] = idle(client, host, int(lmtp_port), address, message, steps)
    data = run("FETCH new", *client.fetch(str(out["idle"]["exists"]), "(UID BODY.PEEK[])"))
    out["idle_fetched"] = data[0][1].decode("latin-1")
    out["idle_fetch_uid"] = data[0][0].decode("latin-1")

    run("CLOSE", *client.close())
    run("RENAME", *client.rename(folder, folder + "-renamed"))
    out["after_rename"] = list(names(client))
    run("DELETE", *client.delete(folder + "-renamed"))
    out["after_delete"] = list(names(client))
    # imaplib's logout() returns the untagged BYE (RFC 3501 section 6.1.3).
    run("LOGOUT", *client.logout(), expected="BYE")
    print(json.dumps(out))


def idle(client, host, lmtp_port, address, message, steps):
    """IDLE (RFC 2177) on imaplib's connection; another client delivers over LMTP meanwhile."""
    tag = client._new_tag()
    client.send(tag + b" IDLE\r\n")
    continuation = client.readline()
    if not continuation.startswith(b"+"):
        raise RuntimeError("IDLE refused: %r" % continuation)
    started = time.monotonic()
    with smtplib.LMTP(host, lmtp_port) as lmtp:
        lmtp.sendmail("sender@example.net", [address], message)
    client.sock.settimeout(10)
    exists = None
    while exists is None:
        match = re.match(rb"\* (\d+) EXISTS", client.readline())
        exists = int(match.group(1)) if match else None
    waited = time.monotonic() - started
    client.send(b"DONE\r\n")
    while not (line := client.readline()).startswith(tag + b" "):
        pass
    client.sock.settimeout(None)
    steps.append(["IDLE", line.split()[1].decode("ascii"), continuation.decode("latin-1").strip()])
    return {"exists": exists, "seconds": waited, "tagged": line.decode("latin-1").strip()}


if __name__ == "__main__":
    main()
