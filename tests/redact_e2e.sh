#!/usr/bin/env bash
# End-to-end tests of `keysift redact` on files: byte-identical passthrough of seeded
# random binary-ish input with no secret; masking (default mask, --mask, --keep) with
# every other byte kept, including invalid UTF-8 and a missing final newline; a 50 MB
# single line; a 40 MB log redacted the same whether it is read from a file (block mode,
# on every core), from a pipe at full speed, or from a producer writing pieces of random
# sizes. Secrets are synthetic (ghp_token.py, gen_log.py). Usage: redact_e2e.sh KEYSIFT
set -euo pipefail
ks=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fails=0
check() {
  if [ "$2" == "$3" ]; then echo "ok   $1"; else
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fails=$((fails + 1)); fi
}

python3 -c '
import random, sys
r = random.Random(7)
sys.stdout.buffer.write(bytes(r.choice(b"\x00\x01\xff\xfe\n\t abcXYZ019_-=\xc3\xa9") for _ in range(3000000)))
' >random.bin
"$ks" redact <random.bin >random.out
check "random binary-ish input passes through unchanged" "$(sha256sum <random.bin)" \
  "$(sha256sum <random.out)"

read -r t1 t2 < <(python3 "$here/ghp_token.py" r1 r2 | xargs)
printf 'a=%s \xff\xfe\nb\r\n%s' "$t1" "$t2" >log.txt
printf 'a=***REDACTED*** \xff\xfe\nb\r\n***REDACTED***' >want.txt
"$ks" redact <log.txt >got.txt
check "masks; other bytes identical; no final newline kept" "$(od -c want.txt)" "$(od -c got.txt)"
check "--mask" "a=[x] " "$("$ks" redact --mask '[x]' <log.txt | head -c 6)"
check "--keep 4" "a=ghp_***REDACTED*** " "$("$ks" redact --keep 4 <log.txt | head -c 21)"

# A 50 MB line with a secret in the middle: masked, nothing else changed.
python3 -c "
import sys
sys.stdout.write('{\"k\":\"' + 'x' * 25000000 + ' $t1 ' + 'y' * 25000000 + '\"}')
" >long.txt
"$ks" redact <long.txt >long.out
check "50 MB line: one secret masked" 1 "$(grep -c -- '***REDACTED***' long.out)"
check "50 MB line: size" $(($(stat -c %s long.txt) - ${#t1} + 14)) "$(stat -c %s long.out)"

# A CI log with a secret every 100000 lines, however it arrives. The expected output is
# computed here, independently of keysift.
python3 "$here/../bench/gen_log.py" 40000000 >big.log
python3 -c '
import re, sys
data = open("big.log", "rb").read()
sys.stdout.buffer.write(re.sub(rb"ghp_[0-9A-Za-z]{36}", b"***REDACTED***", data))
' >big.want
want=$(sha256sum <big.want)
# Else the checks below would pass for a redact that copies its input.
check "40 MB log: the expected output masks secrets" yes \
  "$([ "$(grep -c -- '***REDACTED***' big.want)" -ge 1 ] && echo yes || echo no)"
check "40 MB log from a file" "$want" "$("$ks" redact <big.log | sha256sum)"
check "40 MB log from a pipe" "$want" "$(cat big.log | "$ks" redact | sha256sum)"
for seed in 1 2; do
  got=$(python3 -c '
import random, sys
r, data, at = random.Random(int(sys.argv[1])), open("big.log", "rb").read(), 0
while at < len(data):
    n = r.choice([1, 7, 100, 4096, 65536, 300000]) * r.randint(1, 3)
    sys.stdout.buffer.write(data[at:at + n]); sys.stdout.buffer.flush(); at += n
' $seed | "$ks" redact | sha256sum)
  check "40 MB log written in random pieces (seed $seed)" "$want" "$got"
done

[ "$fails" -eq 0 ] && echo "redact tests: all passed" || { echo "redact tests: $fails failed"; exit 1; }
