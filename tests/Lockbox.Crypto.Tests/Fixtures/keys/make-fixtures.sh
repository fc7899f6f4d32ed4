#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Regenerates the key-policy fixtures in this directory with the real gpg (written for gpg 2.2.40).
# Run it once by hand and commit the outputs; the tests only read the .asc files. Generating the
# ElGamal-4096 subkey can take minutes.
#
# gpg 2.2.40 refuses nothing asked of it here: MD5 self-signatures need --allow-weak-digest-algos,
# a 2024 SHA-1 self-signature needs --cert-digest-algo SHA1 with --faked-system-time.
#
# Secret-key fixtures:
#   gpg-default.sec.asc, rsa2048.sec.asc   protected with the passphrase "fixture-passphrase"
#   gpg-future-default.sec.asc             unprotected
#   gpg-future-default.stub.sec.asc        --export-secret-subkeys: the primary secret is a gnu-dummy stub
#
# Every key is made with "never" expiry, except expired.asc, so the accepted fixtures do not turn
# into rejected ones as time passes (gpg 2.2's own default expiry is two years).
set -euo pipefail

out="$(cd "$(dirname "$0")" && pwd)"
home="$(mktemp -d)"
trap 'gpgconf --homedir "$home" --kill all; rm -rf "$home"' EXIT
passphrase="fixture-passphrase"

g() { gpg --homedir "$home" --batch --pinentry-mode loopback --no-tty --quiet "$@"; }

# gen NAME PARAMETERS [extra gpg options...]: a key from a --gen-key parameter file, unprotected.
gen() {
    local name="$1" params="$2"
    shift 2
    printf '%%no-protection\n%s\nName-Email: %s@fixtures.lockbox.test\n%%commit\n' "$params" "$name" |
        g "$@" --gen-key
}

export_public() { g --armor --export "$1@fixtures.lockbox.test" >"$out/$1.asc"; }

fpr() { g --with-colons --list-keys "$1@fixtures.lockbox.test" | awk -F: '$1 == "fpr" { print $10; exit }'; }

# --- weak keys, rejected --------------------------------------------------------------------------
gen rsa1024 $'Key-Type: RSA\nKey-Length: 1024\nKey-Usage: sign\nSubkey-Type: RSA\nSubkey-Length: 1024\nSubkey-Usage: encrypt\nExpire-Date: 0'
export_public rsa1024

gen dsa1024-elg2048 $'Key-Type: DSA\nKey-Length: 1024\nKey-Usage: sign\nSubkey-Type: ELG-E\nSubkey-Length: 2048\nSubkey-Usage: encrypt\nExpire-Date: 0'
export_public dsa1024-elg2048

gen dsa2048-elg3072 $'Key-Type: DSA\nKey-Length: 2048\nKey-Usage: sign\nSubkey-Type: ELG-E\nSubkey-Length: 3072\nSubkey-Usage: encrypt\nExpire-Date: 0'
export_public dsa2048-elg3072

# Created on 2023-05-01 with a one-year lifetime: gpg believes it is that day.
gen expired $'Key-Type: EDDSA\nKey-Curve: ed25519\nKey-Usage: sign\nSubkey-Type: ECDH\nSubkey-Curve: cv25519\nSubkey-Usage: encrypt\nExpire-Date: 2024-05-01' \
    --faked-system-time 20230501T000000
export_public expired

# gpg writes a revocation certificate for every new key; importing it revokes the primary key.
gen revoked $'Key-Type: EDDSA\nKey-Curve: ed25519\nKey-Usage: sign\nSubkey-Type: ECDH\nSubkey-Curve: cv25519\nSubkey-Usage: encrypt\nExpire-Date: 0'
sed 's/^:-----BEGIN/-----BEGIN/' "$home/openpgp-revocs.d/$(fpr revoked).rev" | g --import
export_public revoked

gen revoked-encryption-subkey $'Key-Type: EDDSA\nKey-Curve: ed25519\nKey-Usage: sign\nSubkey-Type: ECDH\nSubkey-Curve: cv25519\nSubkey-Usage: encrypt\nExpire-Date: 0'
# revkey prompts: really revoke? / reason (0 = none) / description (empty line ends) / okay?
printf 'key 1\nrevkey\ny\n0\n\ny\nsave\n' |
    g --command-fd 0 --edit-key "$(fpr revoked-encryption-subkey)"
export_public revoked-encryption-subkey

gen sign-only $'Key-Type: EDDSA\nKey-Curve: ed25519\nKey-Usage: sign\nExpire-Date: 0'
export_public sign-only

# A SHA-1 self-signature made in 2024 (SHA-1 is refused from 2024-01-01). RSA because gpg will not
# pair a 160-bit digest with EdDSA.
gen sha1-2024 $'Key-Type: RSA\nKey-Length: 2048\nKey-Usage: sign\nSubkey-Type: RSA\nSubkey-Length: 2048\nSubkey-Usage: encrypt\nExpire-Date: 0' \
    --faked-system-time 20240601T120000 --cert-digest-algo SHA1 --digest-algo SHA1
export_public sha1-2024

# --- accepted keys --------------------------------------------------------------------------------
g --passphrase "$passphrase" --quick-gen-key gpg-default@fixtures.lockbox.test default default never
export_public gpg-default
g --passphrase "$passphrase" --armor --export-secret-keys gpg-default@fixtures.lockbox.test >"$out/gpg-default.sec.asc"

g --passphrase '' --quick-gen-key gpg-future-default@fixtures.lockbox.test future-default default never
export_public gpg-future-default
g --passphrase '' --armor --export-secret-keys gpg-future-default@fixtures.lockbox.test >"$out/gpg-future-default.sec.asc"
g --passphrase '' --armor --export-secret-subkeys gpg-future-default@fixtures.lockbox.test >"$out/gpg-future-default.stub.sec.asc"

printf 'Key-Type: RSA\nKey-Length: 2048\nKey-Usage: sign\nSubkey-Type: RSA\nSubkey-Length: 2048\nSubkey-Usage: encrypt\nExpire-Date: 0\nPassphrase: %s\nName-Email: rsa2048@fixtures.lockbox.test\n%%commit\n' "$passphrase" |
    g --gen-key
export_public rsa2048
g --passphrase "$passphrase" --armor --export-secret-keys rsa2048@fixtures.lockbox.test >"$out/rsa2048.sec.asc"

gen dsa2048-elg4096 $'Key-Type: DSA\nKey-Length: 2048\nKey-Usage: sign\nSubkey-Type: ELG-E\nSubkey-Length: 4096\nSubkey-Usage: encrypt\nExpire-Date: 0'
export_public dsa2048-elg4096

# MD5 self-signatures: gpg 2.2.40 still makes them when weak digests are explicitly allowed.
gen md5 $'Key-Type: RSA\nKey-Length: 2048\nKey-Usage: sign\nSubkey-Type: RSA\nSubkey-Length: 2048\nSubkey-Usage: encrypt\nExpire-Date: 0' \
    --faked-system-time 20200101T000000 --cert-digest-algo MD5 --digest-algo MD5 --allow-weak-digest-algos
export_public md5

# Curves: secp256k1 is rejected by name, NIST P-256 is accepted.
g --passphrase '' --quick-gen-key secp256k1@fixtures.lockbox.test secp256k1 sign,cert never
g --passphrase '' --quick-add-key "$(fpr secp256k1)" secp256k1 encr never
export_public secp256k1
g --passphrase '' --quick-gen-key nistp256@fixtures.lockbox.test nistp256 sign,cert never
g --passphrase '' --quick-add-key "$(fpr nistp256)" nistp256 encr never
export_public nistp256

ls -l "$out"
