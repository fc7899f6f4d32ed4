#!/usr/bin/env python3
# Copy of ../shared/bench/mailgen.py (the project's shared bench harness), committed so that the
# end-to-end tests do not depend on ../shared. Apart from these lines it is identical to the shared copy.
"""mailgen.py - deterministic (seeded) generator of an RFC 5322 test corpus.

Writes one message per file (NNNNNN.eml, CRLF line endings, ending in CRLF) and a
manifest.json describing every message.  The same --seed and --count always give
byte-identical files.

Mix (exact counts, order shuffled by the seed):
  60% plain        text/plain, 1-5 KiB (some UTF-8 quoted-printable, some lines
                   starting with "." or "From " to exercise dot-stuffing/escaping)
  25% alternative  multipart/alternative text/plain + text/html, 10-40 KiB
  12% attachment   multipart/mixed, text + one base64 attachment, 50-300 KiB
   3% large        multipart/mixed, text + base64 (or a big text) attachment, 1-3 MiB
Sizes are whole-message sizes (headers included), approximately.

Every message carries two unique canaries, each "CANARY<KIND>-" + 16 lowercase hex:
  CANARYSUBJ-<hex>  in its Subject header (outside any encoded-word)
  CANARYBODY-<hex>  on its own line in its first text part (and in the HTML part)
so that plaintext copies on a server's disk can be found (mailbench.py leakscan).
Two search needles are planted in ~2% of messages each and counted in the manifest:
  subject needle (default "zanzibar") in Subject; body needle (default "quixotic")
  in the text body.  No other generated text contains them.

Usage: mailgen.py --count 2000 --seed 1 --out /tmp/anchor-dovecot/corpus-2000
Standard library only.
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import random
import sys

CATEGORIES = [("plain", 0.60), ("alternative", 0.25), ("attachment", 0.12), ("large", 0.03)]
KIB = 1024
SIZE_RANGES = {
    "plain": (1 * KIB, 5 * KIB),
    "alternative": (10 * KIB, 40 * KIB),
    "attachment": (50 * KIB, 300 * KIB),
    "large": (1024 * KIB, 3 * 1024 * KIB),
}

WORDS = """the of and to in is you that it he was for on are as with his they at be this
from have or by one had not but what all were when we there can an your which their said
if do will each about how up out them then she many some so these would other into has
more her two like him see time could no make than first been its who now people my made
over did down only way find use may water long little very after words called just where
most know get through back much before go good new write our used me man too any day same
right look think also around another came come work three word must because does part even
place well such here take why things help put years different away again off went old
number great tell men say small every found still between name should home big give air
line set own under read last never us left end along while might next sound below saw
something thought both few those always looked show large often together asked house world
going want school important until form food keep children feet land side without boy once
animals life enough took sometimes four head above kind began almost live page got earth
need far hand high year mother light parts country father let night following picture being
study second eyes soon times story boys since white days ever paper hard near sentence better
best across during today others however sure means knew try told young miles sun ways thing
whole hear example heard several change answer room sea against top turned learn point city
play toward five using himself usually money seen car morning body upon family later turn
move face door cut done group true leave color red friends easy order close open meeting
budget project quarter report invoice schedule review deadline release server backup
customer contract proposal agenda minutes summary feedback update draft version ticket""".split()
UTF8_WORDS = ["café", "résumé", "naïve", "Müller", "straße", "façade", "jalapeño",
              "smörgåsbord", "Zürich", "crème", "brûlée", "Ærøskøbing", "日本語", "Привет", "señor"]
FIRST = """Alice Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Mallory Niaj Olivia Peggy
Rupert Sybil Trent Victor Walter Yusuf Zoe Amir Bea Chen Dmitri Elena Fatima Goran Hana
Ingrid Jonas Kenji Lena Marta Nils Oskar Priya Quentin Rosa Sven Tomas Ulla Vera Wen""".split()
LAST = """Smith Jones Garcia Miller Davis Wilson Moore Taylor Anderson Thomas Jackson White
Harris Martin Thompson Lopez Lee Walker Hall Allen Young King Wright Scott Green Baker Adams
Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Torres Parker Collins""".split()
DOMAINS = ["example.com", "example.net", "example.org", "mail.example.com", "corp.example.net",
           "lists.example.org", "university.example.edu", "shop.example.com"]
ATTACH_TYPES = [("application/pdf", "report-{n}.pdf"), ("image/jpeg", "photo-{n}.jpg"),
                ("application/zip", "archive-{n}.zip"), ("image/png", "scan-{n}.png"),
                ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "sheet-{n}.xlsx")]
MAILERS = ["Thunderbird 115.6", "Apple Mail (2.3731)", "Microsoft Outlook 16.0", "Roundcube Webmail/1.6",
           "K-9 Mail for Android", None, None, None]
TZS = [0, 60, 120, -300, -420, 330, 540, -180]
CRLF = b"\r\n"


def qp_line(line: bytes) -> bytes:
    """Quoted-printable encode one line (no line ending), soft breaks at 76 columns."""
    out, cur = [], b""
    for i, b in enumerate(line):
        if (33 <= b <= 126 and b != 61) or (b == 32 and i != len(line) - 1):
            tok = bytes([b])
        else:
            tok = b"=%02X" % b
        if len(cur) + len(tok) > 75:
            out.append(cur + b"=")
            cur = b""
        cur += tok
    out.append(cur)
    return CRLF.join(out)


class Gen:
    def __init__(self, seed, subject_needle, body_needle, to_addr):
        self.r = random.Random(seed)
        self.subject_needle = subject_needle
        self.body_needle = body_needle
        self.to_addr = to_addr
        self.used_hex = set()
        self.t = datetime.datetime(2024, 1, 8, 9, 0, 0, tzinfo=datetime.timezone.utc)

    def hex16(self):
        while True:
            h = "%016x" % self.r.getrandbits(64)
            if h not in self.used_hex:
                self.used_hex.add(h)
                return h

    def person(self):
        f, l = self.r.choice(FIRST), self.r.choice(LAST)
        d = self.r.choice(DOMAINS)
        return f, l, "%s.%s@%s" % (f.lower(), l.lower(), d), d

    def words(self, n, utf8=False):
        out = []
        for _ in range(n):
            if utf8 and self.r.random() < 0.08:
                out.append(self.r.choice(UTF8_WORDS))
            else:
                out.append(self.r.choice(WORDS))
        return out

    def paragraph_lines(self, target_bytes, utf8=False, needle=None):
        """Wrapped text lines (str, no EOL) of about target_bytes."""
        lines, cur, size = [], [], 0
        plant_at = self.r.randint(0, max(0, target_bytes // 2)) if needle else -1
        while size < target_bytes:
            sent = self.words(self.r.randint(6, 18), utf8)
            sent[0] = sent[0].capitalize()
            if plant_at >= 0 and size >= plant_at:
                sent.insert(self.r.randint(1, len(sent)), needle)
                plant_at = -1
            for w in sent[:-1] + [sent[-1] + self.r.choice([".", ".", ".", "?", "!"])]:
                if sum(len(x) + 1 for x in cur) + len(w) > 72:
                    lines.append(" ".join(cur))
                    size += len(lines[-1].encode()) + 2
                    cur = []
                cur.append(w)
            if self.r.random() < 0.25:
                lines.append(" ".join(cur))
                size += len(lines[-1].encode()) + 2
                cur = []
                lines.append("")
        if cur:
            lines.append(" ".join(cur))
        if plant_at >= 0:
            lines.append("See also " + needle + ".")
        return lines

    def text_body(self, target, body_canary, utf8, needle, quirks):
        lines = ["Hi,", ""]
        lines += self.paragraph_lines(max(64, target - 120), utf8, needle)
        if quirks:
            # exercise SMTP dot-stuffing and mbox "From " escaping
            lines += ["", ".NET migration notes follow.", "..", ".", "From here on, nothing changes."]
        lines += ["", "Ref: CANARYBODY-" + body_canary, "", "-- ", "Sent from the corpus generator"]
        raw_lines = [ln.encode("utf-8") for ln in lines]
        if utf8:
            body = CRLF.join(qp_line(ln) for ln in raw_lines) + CRLF
            hdrs = [b"Content-Type: text/plain; charset=utf-8", b"Content-Transfer-Encoding: quoted-printable"]
        else:
            body = CRLF.join(raw_lines) + CRLF
            hdrs = [b"Content-Type: text/plain; charset=us-ascii", b"Content-Transfer-Encoding: 7bit"]
        return hdrs, body

    def html_body(self, target, body_canary, utf8):
        lines = ["<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\"><title>message</title></head>",
                 "<body style=\"font-family: Arial, sans-serif\">"]
        size = 0
        while size < target - 200:
            para = self.paragraph_lines(self.r.randint(200, 900), utf8)
            block = ["<p>"] + [ln if ln else "<br>" for ln in para] + ["</p>"]
            if self.r.random() < 0.2:
                block = ["<table border=\"1\"><tr><td><b>" + self.r.choice(WORDS) + "</b></td><td>"] + block + ["</td></tr></table>"]
            lines += block
            size += sum(len(x) + 2 for x in block)
        lines += ["<p>Ref: CANARYBODY-" + body_canary + "</p>", "</body></html>"]
        raw_lines = [ln.encode("utf-8") for ln in lines]
        if utf8:
            body = CRLF.join(qp_line(ln) for ln in raw_lines) + CRLF
            hdrs = [b"Content-Type: text/html; charset=utf-8", b"Content-Transfer-Encoding: quoted-printable"]
        else:
            body = CRLF.join(raw_lines) + CRLF
            hdrs = [b"Content-Type: text/html; charset=us-ascii", b"Content-Transfer-Encoding: 7bit"]
        return hdrs, body

    def b64_part(self, ctype, fname, raw_len):
        data = self.r.randbytes(raw_len)
        enc = base64.encodebytes(data).replace(b"\n", CRLF)  # 76-char lines
        hdrs = [("Content-Type: %s; name=\"%s\"" % (ctype, fname)).encode(),
                ("Content-Disposition: attachment; filename=\"%s\"" % fname).encode(),
                b"Content-Transfer-Encoding: base64"]
        return hdrs, enc

    def big_text_part(self, target):
        lines, size, n = [], 0, 0
        while size < target:
            n += 1
            ln = "%s %05d %s" % (self.t.strftime("%Y-%m-%dT%H:%M:%S"), n, " ".join(self.words(self.r.randint(5, 11))))
            lines.append(ln)
            size += len(ln) + 2
        hdrs = [b"Content-Type: text/plain; charset=us-ascii; name=\"server.log\"",
                b"Content-Disposition: attachment; filename=\"server.log\"",
                b"Content-Transfer-Encoding: 7bit"]
        return hdrs, CRLF.join(l.encode() for l in lines) + CRLF

    @staticmethod
    def multipart(subtype, boundary, parts):
        out = [b"This is a multi-part message in MIME format.", b""]
        chunks = [CRLF.join(out) + CRLF]
        for hdrs, body in parts:
            chunks.append(b"--" + boundary + CRLF + CRLF.join(hdrs) + CRLF + CRLF + body)
        chunks.append(b"--" + boundary + b"--" + CRLF)
        ctype = b"Content-Type: multipart/" + subtype + b"; boundary=\"" + boundary + b"\""
        return [ctype], b"".join(chunks)

    def message(self, seq, category):
        r = self.r
        lo, hi = SIZE_RANGES[category]
        target = r.randint(lo, hi)
        subj_hex, body_hex = self.hex16(), self.hex16()
        ffirst, flast, faddr, fdom = self.person()
        self.t += datetime.timedelta(seconds=r.randint(20, 900))
        tz = datetime.timezone(datetime.timedelta(minutes=r.choice(TZS)))
        date = self.t.astimezone(tz)
        msgid = "<%06d.%s@%s>" % (seq, "%08x" % r.getrandbits(32), fdom)
        utf8 = r.random() < 0.2
        subj_needle = r.random() < 0.02
        body_needle = r.random() < 0.02
        quirks = category == "plain" and r.random() < 0.05

        sw = self.words(r.randint(3, 9))
        sw[0] = sw[0].capitalize()
        if subj_needle:
            sw.insert(r.randint(0, len(sw)), self.subject_needle)
        subject = " ".join(sw) + " CANARYSUBJ-" + subj_hex
        prefix = r.choice(["", "", "", "Re: ", "Fwd: ", "[team] "])
        subject_hdr = b"Subject: " + prefix.encode()
        if r.random() < 0.15:  # an RFC 2047 encoded-word before the ASCII part
            ew = base64.b64encode(r.choice(UTF8_WORDS).encode("utf-8")).decode()
            subject_hdr += ("=?UTF-8?B?%s?= " % ew).encode()
        subject_hdr += subject.encode()

        hdr = []
        for hop in range(r.randint(1, 3)):
            ip = "%s.%d" % (r.choice(["192.0.2", "198.51.100", "203.0.113"]), r.randint(1, 254))
            hdr.append(("Received: from mx%d.%s (mx%d.%s [%s])\r\n\tby mx.example.test (Postfix) with ESMTPS id %X\r\n"
                        "\tfor <%s>; %s" % (hop + 1, fdom, hop + 1, fdom, ip, r.getrandbits(40),
                                           self.to_addr_spec(),
                                           (date + datetime.timedelta(seconds=hop)).strftime("%a, %d %b %Y %H:%M:%S %z"))).encode())
        hdr.append(("From: %s %s <%s>" % (ffirst, flast, faddr)).encode())
        hdr.append(("To: %s" % self.to_addr).encode())
        if r.random() < 0.2:
            cf, cl, caddr, _ = self.person()
            hdr.append(("Cc: %s %s <%s>" % (cf, cl, caddr)).encode())
        hdr.append(subject_hdr)
        hdr.append(("Date: %s" % date.strftime("%a, %d %b %Y %H:%M:%S %z")).encode())
        hdr.append(("Message-ID: %s" % msgid).encode())
        if prefix == "Re: ":
            ref = "<%08x@%s>" % (r.getrandbits(32), r.choice(DOMAINS))
            hdr.append(("In-Reply-To: %s" % ref).encode())
            hdr.append(("References: %s" % ref).encode())
        mailer = r.choice(MAILERS)
        if mailer:
            hdr.append(("X-Mailer: %s" % mailer).encode())
        if prefix == "[team] ":
            hdr.append(b"List-Id: Team discussion <team.lists.example.org>")
        hdr.append(b"MIME-Version: 1.0")
        hdr_size = sum(len(h) + 2 for h in hdr) + 120
        boundary = ("=_b%010x" % r.getrandbits(40)).encode()
        needle = self.body_needle if body_needle else None

        if category == "plain":
            chdrs, body = self.text_body(target - hdr_size, body_hex, utf8, needle, quirks)
        elif category == "alternative":
            room = target - hdr_size - 400
            t = self.text_body(int(room * 0.4), body_hex, utf8, needle, False)
            h = self.html_body(int(room * 0.6), body_hex, utf8)
            chdrs, body = self.multipart(b"alternative", boundary, [t, h])
        else:
            t = self.text_body(r.randint(300, 3000), body_hex, utf8, needle, False)
            room = max(1024, target - hdr_size - len(t[1]) - 600)
            if category == "large" and r.random() < 1 / 3:
                a = self.big_text_part(room)
            else:
                ctype, fname = r.choice(ATTACH_TYPES)
                a = self.b64_part(ctype, fname.format(n=seq), room * 57 // 78)
            chdrs, body = self.multipart(b"mixed", boundary, [t, a])
        data = CRLF.join(hdr + chdrs) + CRLF + CRLF + body
        assert data.endswith(CRLF)
        meta = {
            "seq": seq, "category": category, "size": len(data), "message_id": msgid,
            "subject_canary": "CANARYSUBJ-" + subj_hex, "body_canary": "CANARYBODY-" + body_hex,
            "subject_needle": subj_needle, "body_needle": body_needle, "utf8": utf8,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        return data, meta

    def to_addr_spec(self):
        a = self.to_addr
        return a[a.index("<") + 1:a.index(">")] if "<" in a else a


def category_plan(count, rng):
    counts = [int(round(count * p)) for _, p in CATEGORIES]
    counts[0] += count - sum(counts)  # rounding remainder goes to "plain"
    plan = []
    for (name, _), c in zip(CATEGORIES, counts):
        plan += [name] * c
    rng.shuffle(plan)
    return plan


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, required=True, help="number of messages")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--to", default="Bench User <bench@anchor.test>", help="To: header value")
    ap.add_argument("--subject-needle", default="zanzibar")
    ap.add_argument("--body-needle", default="quixotic")
    a = ap.parse_args(argv)
    if a.count < 1 or a.count > 1_000_000:
        ap.error("--count must be 1..1000000")
    for n in (a.subject_needle, a.body_needle):
        if n.lower() in (w.lower() for w in WORDS + UTF8_WORDS):
            ap.error("needle %r is in the vocabulary" % n)
    os.makedirs(a.out, exist_ok=True)
    g = Gen(a.seed, a.subject_needle, a.body_needle, a.to)
    plan = category_plan(a.count, random.Random(a.seed ^ 0x5EED))
    msgs, total, h = [], 0, hashlib.sha256()
    for i, cat in enumerate(plan, 1):
        data, meta = g.message(i, cat)
        fname = "%06d.eml" % i
        with open(os.path.join(a.out, fname), "wb") as f:
            f.write(data)
        meta["file"] = fname
        msgs.append(meta)
        total += len(data)
        h.update(meta["sha256"].encode())
    by_cat = {}
    for m in msgs:
        c = by_cat.setdefault(m["category"], {"count": 0, "bytes": 0, "min": None, "max": 0})
        c["count"] += 1
        c["bytes"] += m["size"]
        c["min"] = m["size"] if c["min"] is None else min(c["min"], m["size"])
        c["max"] = max(c["max"], m["size"])
    manifest = {
        "generator": "mailgen.py", "format": 1, "seed": a.seed, "count": a.count,
        "total_bytes": total, "corpus_sha256": h.hexdigest(), "line_endings": "CRLF",
        "needles": {"subject": a.subject_needle, "body": a.body_needle},
        "expected_hits": {"subject": sum(m["subject_needle"] for m in msgs),
                          "body": sum(m["body_needle"] for m in msgs)},
        "categories": by_cat, "messages": msgs,
    }
    tmp = os.path.join(a.out, "manifest.json.tmp")
    with open(tmp, "w") as f:
        json.dump(manifest, f, indent=0)
    os.replace(tmp, os.path.join(a.out, "manifest.json"))
    print(json.dumps({"bench": "mailgen", "out": a.out, "count": a.count, "seed": a.seed,
                      "total_bytes": total, "corpus_sha256": manifest["corpus_sha256"],
                      "expected_hits": manifest["expected_hits"],
                      "categories": {k: v["count"] for k, v in by_cat.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
