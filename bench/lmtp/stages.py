#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench/lmtp/stages.py - server CPU of a delivery by stage, from a perf recording of bench/lmtp/profile.sh.

    perf script -i FILE | bench/lmtp/stages.py CPU_MS_PER_MESSAGE

Each sample goes to the first stage whose pattern matches a frame, from the leaf up (so a sample in SQLite
called from the funnel counts as SQLite). The stage's share of the samples times the measured CPU per
message gives milliseconds per message. Kernel samples that match no stage are named by their system call.
"""
import collections
import re
import sys

STAGES = [
    ("config file watcher (inotify)", r"FileSystemWatcher|inotify"),
    ("thread pool idle spin/wait", r"LowLevelSpinWaiter|LowLevelLifoSemaphore|sched_yield"),
    ("metadata JSON", r"System\.Text\.Json"),
    ("search document encode", r"SearchDocument::Encode"),
    ("search text: HTML", r"HtmlTokenizer|SearchTextCollector::HtmlText|AppendCollapsed"),
    ("search text: decode, fold", r"SearchTextCollector"),
    ("X25519 etc. in BouncyCastle", r"BouncyCastle"),
    ("sealing the records", r"MessageSession::Encrypt|SealRecord"),
    ("libcrypto: AES-CFB, SHA-1, X25519, RNG", r"CRYPTO_cfb|Seipd|EncryptCfb|libcrypto|IncrementalHash|EVP_|OpenSslX25519"),
    ("blob fsync", r"FlushToDisk"),
    ("directory fsync", r"DirectorySync"),
    ("blob create, rename", r"FileBlobStore::Create|FileBlobStore.*Commit|PendingBlob|File::Move|FileSystem::Move"),
    ("blob write", r"BlobWriteStream|pwrite"),
    ("SQLite", r"sqlite|Sqlite|AppendBatcher|MessageRowWriter|SqliteMailStore"),
    ("metadata build", r"MimeFields|MetadataReader::On|MetadataReader::Close|WithTraceHeaders"),
    ("MIME parse (MimeKit)", r"MimeKit"),
    ("LMTP dot-unstuffing", r"DotStuffedDataStream::Unstuff"),
    ("LMTP, pipes, sockets", r"Lockbox\.Lmtp|Pipelines|Kestrel|Sockets|SocketAsync|tcp_|sock_|epoll"),
    ("JIT", r"libclrjit"),
]
PATTERNS = [(name, re.compile(pattern)) for name, pattern in STAGES]
SYSCALL = re.compile(r"__x64_sys_\w+")


def stage(stack):
    for frame in stack:
        for name, pattern in PATTERNS:
            if pattern.search(frame):
                return name
    if "[kernel" in stack[0]:
        calls = [m.group(0) for m in map(SYSCALL.search, stack) if m]
        return "kernel: " + (calls[0] if calls else "interrupts, scheduler")
    return "other"


def main():
    per_message = float(sys.argv[1]) if len(sys.argv) > 1 else 0.0
    counts = collections.Counter()
    stack = []
    for line in sys.stdin:
        if not line.strip():
            if stack:
                counts[stage(stack)] += 1
            stack = []
        elif line[0] in " \t":
            stack.append(line.strip())
    if stack:
        counts[stage(stack)] += 1
    total = sum(counts.values())
    small = 0
    for name, count in counts.most_common():
        share = count / total
        if share < 0.01 and (name.startswith("kernel") or name == "other"):
            small += count
            continue
        print(f"{name:40} {100 * share:5.1f}%  {per_message * share:5.2f} ms")
    print(f"{'other, each under 1%':40} {100 * small / total:5.1f}%  {per_message * small / total:5.2f} ms")


if __name__ == "__main__":
    main()
