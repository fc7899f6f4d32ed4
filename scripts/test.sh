#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every test project. Installs what the tests need when it is missing, so it works on a fresh
# Debian machine with the .NET 10 SDK. `.ci/run` calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
apt_packages=()
command -v gpg >/dev/null 2>&1 || apt_packages+=(gnupg)
command -v gpg-agent >/dev/null 2>&1 || apt_packages+=(gpg-agent)
command -v python3 >/dev/null 2>&1 || apt_packages+=(python3)
command -v curl >/dev/null 2>&1 || apt_packages+=(curl)
command -v mbsync >/dev/null 2>&1 || apt_packages+=(isync)
# The web's browser test (tests/Lockbox.Web.Tests/BrowserSmokeTests.cs) drives Debian's Chromium through chromedriver.
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || apt_packages+=(chromium-driver)
ldconfig -p | grep -q libargon2.so.1 || apt_packages+=(libargon2-1)
# The systemd unit's checks (tests/Lockbox.EndToEnd.Tests/SystemdUnitTests.cs): systemd-analyze, and libseccomp for Debian's
# own Python (/usr/bin/python3) to serve under the unit's system call filter.
command -v systemd-analyze >/dev/null 2>&1 || apt_packages+=(systemd)
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import seccomp' 2>/dev/null || apt_packages+=(python3-seccomp)
ldconfig -p | grep -q libicuuc.so || apt_packages+=(libicu72)
# The store's contract suite runs on PostgreSQL too (docs/decisions/0026): Debian's server binaries, no service.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_packages+=(postgresql)
# The Postfix end-to-end test (tests/Lockbox.EndToEnd.Tests/Mta, docs/postfix.md) runs its own private instance.
[ -x /usr/sbin/postfix ] || apt_packages+=(postfix)
# The Exim end-to-end test (tests/Lockbox.EndToEnd.Tests/Mta/EximDeliveryTests.cs) runs Debian's exim4 from its package,
# unpacked rather than installed: exim4 and postfix conflict as packages (each is the system's MTA). It needs its library
# and the user it was built to drop to.
exim_root=/opt/lockbox-test-exim4
need_exim=0
[ -x /usr/sbin/exim4 ] || [ -x "$exim_root/usr/sbin/exim4" ] || need_exim=1
ldconfig -p | grep -q libidn.so.12 || apt_packages+=(libidn12)
if [ ${#apt_packages[@]} -gt 0 ]; then
    # "No configuration": the package sets up no system instance (no main.cf, nothing listening on port 25).
    echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
    echo "test.sh: installing ${apt_packages[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

if [ "$need_exim" = 1 ]; then
    exim_download=$(mktemp -d)
    (cd "$exim_download" && chmod 777 . && { apt-get download exim4-daemon-light 2>/dev/null || { $sudo apt-get update -qq && apt-get download exim4-daemon-light; }; })
    $sudo dpkg -x "$exim_download"/exim4-daemon-light_*.deb "$exim_root"
    rm -rf "$exim_download"
fi
[ -x /usr/sbin/exim4 ] || export LOCKBOX_TEST_EXIM="$exim_root/usr/sbin/exim4"
id Debian-exim >/dev/null 2>&1 || $sudo useradd --system --no-create-home --shell /usr/sbin/nologin Debian-exim

dotnet restore Lockbox.sln
dotnet build Lockbox.sln --no-restore -c Release

# A throwaway PostgreSQL on loopback for the tests, stopped and deleted however the run ends.
pg_dir=$(mktemp -d /tmp/lockbox-pg.XXXXXX)
trap 'scripts/postgres-test-server.sh stop "$pg_dir" || true; rm -rf "$pg_dir"' EXIT
LOCKBOX_TEST_POSTGRES=$(scripts/postgres-test-server.sh start "$pg_dir")
export LOCKBOX_TEST_POSTGRES LOCKBOX_TEST_POSTGRES_DIR="$pg_dir"
dotnet test --solution Lockbox.sln --no-build -c Release "$@"
