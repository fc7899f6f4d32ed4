#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench/lmtp/phases.py - where one connection's delivery time goes, command by command.

    bench/lmtp/phases.py --port PORT --rcpt ADDRESS --corpus DIR [--limit N]

Sends MAIL, RCPT, DATA and the message body of each corpus message on one connection, one at a time, and reports
the median and mean time from sending each to reading its reply: MAIL and RCPT (the recipient lookup), DATA (the 354)
and END (the body, from its first byte to the final 250: parsing, encryption, the durable commit). The body is
dot-stuffed here once, before the clock starts, so the client's own work is not in the figures (mailbench.py's is).
docs/benchmarks.md, "LMTP delivery".
"""
import argparse
import json
import os
import socket
import statistics
import time


def wire_body(message):
    """CRLF line ends, a leading dot doubled (RFC 5321 section 4.5.2), then the final dot line."""
    lines = message.replace(b"\r\n", b"\n").rstrip(b"\n").split(b"\n")
    return b"".join((b"." + line if line.startswith(b".") else line) + b"\r\n" for line in lines) + b".\r\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rcpt", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    with open(os.path.join(args.corpus, "manifest.json")) as f:
        entries = sorted(json.load(f)["messages"], key=lambda m: m["seq"])
    entries = entries[: args.limit] if args.limit else entries
    bodies = []
    for entry in entries:
        with open(os.path.join(args.corpus, entry["file"]), "rb") as f:
            bodies.append(wire_body(f.read()))

    connection = socket.create_connection(("127.0.0.1", args.port))
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    replies = connection.makefile("rb")

    def exchange(data):
        started = time.perf_counter()
        connection.sendall(data)
        while (line := replies.readline())[3:4] == b"-":
            pass
        if line[:1] not in (b"2", b"3"):
            raise SystemExit(f"refused: {line!r}")
        return time.perf_counter() - started

    exchange(b"")  # the greeting
    exchange(b"LHLO phases.test\r\n")
    times = {"MAIL": [], "RCPT": [], "DATA": [], "END": []}
    for body in bodies:
        times["MAIL"].append(exchange(b"MAIL FROM:<phases@bench.test>\r\n"))
        times["RCPT"].append(exchange(f"RCPT TO:<{args.rcpt}>\r\n".encode()))
        times["DATA"].append(exchange(b"DATA\r\n"))
        times["END"].append(exchange(body))
    exchange(b"QUIT\r\n")
    print(json.dumps({phase: {"median_ms": round(statistics.median(t) * 1000, 3), "mean_ms": round(statistics.mean(t) * 1000, 3)}
                      for phase, t in times.items()} | {"messages": len(bodies)}))


if __name__ == "__main__":
    main()
