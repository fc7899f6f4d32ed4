#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""webbench.py - issue 6's measured items against a running `lockbox serve --web`.

Signs in like a browser (the login form's anti-forgery token, the session cookie), then:
  list   GET /mail?box=INBOX, REPS times after one unmeasured request (warm): the time to the first
         byte of the response (status line and headers read) and to its last byte;
  open   for up to OPEN messages whose RFC822.SIZE (asked over IMAP) is within 15% of SIZE bytes, the
         message page GET /mail/message?box=INBOX&uid=N and, when the page frames an HTML body, that
         frame's GET /mail/body: each message once, as a reader opening it, timed to the last byte
         (the first opening also marks it \Seen);
  reopen the same messages opened again (already \Seen).
Prints one JSON line per measure (median, p90, min, max in ms, and n) and appends them to --out.
Standard library only.
"""
import argparse
import http.client
import imaplib
import json
import re
import statistics
import sys
import time
import urllib.parse

TOKEN = re.compile(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"')


class Browser:
    """One keep-alive connection with a cookie jar, as a browser tab would use."""

    def __init__(self, host, port):
        self.connection = http.client.HTTPConnection(host, port, timeout=120)
        self.cookies = {}

    def request(self, method, path, body=None):
        """Returns (status, headers, body, seconds to first byte, seconds to last byte)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        first = time.perf_counter() - started
        data = response.read()
        last = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response, data, first, last

    def log_in(self, user, password):
        status, _, page, _, _ = self.request("GET", "/login")
        token = TOKEN.search(page.decode()).group(1)
        form = urllib.parse.urlencode({"Address": user, "Password": password, "__RequestVerificationToken": token})
        status, response, _, _, _ = self.request("POST", "/login", form)
        if status != 302 or response.getheader("Location") != "/mail":
            sys.exit(f"login failed: {status} {response.getheader('Location')}")


def summary(name, seconds, **extra):
    ms = sorted(s * 1000 for s in seconds)
    p90 = ms[min(len(ms) - 1, int(round(0.9 * (len(ms) - 1))))]
    return {"bench": "web", "measure": name, "n": len(ms), "median_ms": round(statistics.median(ms), 1),
            "p90_ms": round(p90, 1), "min_ms": round(ms[0], 1), "max_ms": round(ms[-1], 1), **extra}


def sizes_over_imap(host, port, user, password):
    imap = imaplib.IMAP4(host, port)
    imap.login(user, password)
    imap.select("INBOX", readonly=True)
    _, lines = imap.uid("FETCH", "1:*", "(RFC822.SIZE)")
    imap.logout()
    sizes = {}
    for line in lines:
        match = re.search(rb"UID (\d+) RFC822\.SIZE (\d+)|RFC822\.SIZE (\d+) UID (\d+)", line)
        if match:
            uid, size = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
            sizes[int(uid)] = int(size)
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--web-port", type=int, required=True)
    parser.add_argument("--imap-port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--open", type=int, default=30)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--label", default="")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    browser = Browser(args.host, args.web_port)
    browser.log_in(args.user, args.password)
    browser.request("GET", "/mail?box=INBOX")
    first, last = [], []
    for _ in range(args.reps):
        status, _, page, ttfb, total = browser.request("GET", "/mail?box=INBOX")
        if status != 200:
            sys.exit(f"/mail: {status}")
        first.append(ttfb)
        last.append(total)
    listing = page.decode()
    shown = listing.count('<td><a href="/mail/message?')

    sizes = sizes_over_imap(args.host, args.imap_port, args.user, args.password)
    near = sorted((uid for uid, size in sizes.items() if abs(size - args.size) <= 0.15 * args.size),
                  key=lambda uid: abs(sizes[uid] - args.size))[: args.open]
    if not near:
        sys.exit(f"no message within 15% of {args.size} bytes among {len(sizes)}")
    pages, with_frames = open_all(browser, near)
    reopened, _ = open_all(browser, near)

    mean_size = round(statistics.mean(sizes[u] for u in near))
    results = [
        summary("list ttfb", first, label=args.label, messages=len(sizes), rows_shown=shown),
        summary("list total", last, label=args.label, messages=len(sizes), rows_shown=shown),
        summary("open page", pages, label=args.label, mean_size=mean_size),
        summary("open page+frame", with_frames, label=args.label, mean_size=mean_size),
        summary("reopen page", reopened, label=args.label, mean_size=mean_size),
    ]
    with open(args.out, "a", encoding="utf-8") as out:
        for result in results:
            line = json.dumps(result)
            print(line)
            out.write(line + "\n")


def open_all(browser, uids):
    """Opens each message: the page's times, and the page's plus its HTML frame's."""
    pages, with_frames = [], []
    for uid in uids:
        status, _, page, _, total = browser.request("GET", f"/mail/message?box=INBOX&uid={uid}")
        if status != 200:
            sys.exit(f"/mail/message uid {uid}: {status}")
        pages.append(total)
        frame = 0.0
        if b'iframe class="body"' in page:
            status, _, _, _, frame = browser.request("GET", f"/mail/body?box=INBOX&uid={uid}")
            if status != 200:
                sys.exit(f"/mail/body uid {uid}: {status}")
        with_frames.append(total + frame)
    return pages, with_frames


if __name__ == "__main__":
    main()
