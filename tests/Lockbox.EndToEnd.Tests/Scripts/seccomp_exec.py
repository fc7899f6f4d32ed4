#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""seccomp_exec.py - run a command under the system call filter of a systemd unit, without systemd.

    seccomp_exec.py UNIT -- COMMAND [ARG...]    install the filter, then exec COMMAND (it inherits it)
    seccomp_exec.py UNIT --list                 print the system calls the filter allows, one per line

The filter is the unit's SystemCallFilter= lines, read in order as systemd reads them (the first line names the allowed
set, a line starting with "~" takes calls out of it), with every @group expanded by `systemd-analyze syscall-filter`, so
the list is systemd's own. A call outside it fails with the unit's SystemCallErrorNumber=, as under systemd. Needs
Debian's python3-seccomp (libseccomp), hence /usr/bin/python3. Used by tests/Lockbox.EndToEnd.Tests/SystemdUnitTests.cs.
"""
import errno
import os
import subprocess
import sys

import seccomp


def groups():
    """Every @group of systemd-analyze and its members (calls and other @groups)."""
    out = subprocess.run(["systemd-analyze", "syscall-filter", "--no-pager"], check=True, capture_output=True, text=True).stdout
    table, current = {}, None
    for line in out.splitlines():
        entry = line.strip()
        if line.startswith("@"):
            current = entry
            table[current] = []
        elif entry and not entry.startswith("#") and current:
            table[current].append(entry)
    return table


def expand(name, table):
    if not name.startswith("@"):
        return {name}
    return set().union(*(expand(member, table) for member in table[name]))


def unit_filter(path):
    """(allowed calls, errno name) from the unit's [Service] section."""
    table, allowed, error, seen = groups(), set(), None, False
    for raw in open(path, encoding="utf-8"):
        key, _, value = raw.strip().partition("=")
        if key == "SystemCallFilter":
            deny = value.startswith("~")
            if not seen and deny:
                sys.exit("seccomp_exec: the unit's first SystemCallFilter= is a deny list; only allow lists are supported")
            seen = True
            names = set().union(*(expand(n, table) for n in value.lstrip("~").split()))
            allowed = allowed - names if deny else allowed | names
        elif key == "SystemCallErrorNumber":
            error = value
    if not seen:
        sys.exit("seccomp_exec: the unit has no SystemCallFilter=")
    return allowed, error


def main():
    unit, rest = sys.argv[1], sys.argv[2:]
    allowed, error = unit_filter(unit)
    if rest == ["--list"]:
        print("\n".join(sorted(allowed)))
        return
    if not rest or rest[0] != "--" or len(rest) < 2:
        sys.exit(__doc__)
    # Without SystemCallErrorNumber= systemd kills the process; with it, the call fails with that error.
    default = seccomp.ERRNO(getattr(errno, error)) if error else seccomp.KILL_PROCESS
    rules = seccomp.SyscallFilter(defaction=default)
    for name in allowed:
        try:
            rules.add_rule(seccomp.ALLOW, name)
        except (ValueError, RuntimeError, OSError):
            pass  # a call this architecture or libseccomp does not know: systemd skips those too
    rules.load()
    os.execvp(rest[1], rest[1:])


if __name__ == "__main__":
    main()
