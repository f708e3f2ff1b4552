#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: unit and integration tests
# (GoogleTest via CTest) in a normal build and again under AddressSanitizer +
# UndefinedBehaviorSanitizer, the JavaScript tests (node's test runner), and the browser
# tests (Debian's Chromium, headless, driven by playwright-core), then each libFuzzer target
# for HUIWU_FUZZ_SECONDS (30) seconds (deploy/fuzz.sh).
# Ends with one line "N passed, N failed"; exits non-zero when anything failed.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
jobs="$(nproc)"
passed=0
failed=0
status=0

section() { printf '\n=== %s ===\n' "$*"; }

# "N% tests passed, F tests failed out of T" -> counts
count_ctest() {
  local line total bad
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$1" | tail -1)
  if [[ -z "$line" ]]; then failed=$((failed + 1)); return; fi
  bad=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + total - bad))
  failed=$((failed + bad))
}

section "install"
deploy/install-deps.sh --test || exit 1

section "build"
deploy/build.sh build || exit 1

section "unit and integration tests"
(cd build && ctest --output-on-failure -j "$jobs" 2>&1) | tee /tmp/huiwu-ctest.log
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
count_ctest /tmp/huiwu-ctest.log

section "JavaScript tests"
if ls tests/js/*.test.mjs >/dev/null 2>&1; then
  node --test tests/js/ tests/browser/unit/ 2>&1 | tee /tmp/huiwu-node.log
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
  p=$(grep -E '^# pass ' /tmp/huiwu-node.log | awk '{print $3}' | tail -1)
  f=$(grep -E '^# fail ' /tmp/huiwu-node.log | awk '{print $3}' | tail -1)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-1}))
fi

section "browser tests"
if [[ -f tests/browser/e2e.mjs ]]; then
  HUIWU_SERVER_BIN="$repo/build/service/huiwu-server" node tests/browser/e2e.mjs 2>&1 |
    tee /tmp/huiwu-browser.log
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' /tmp/huiwu-browser.log | tail -1)
  if [[ -n "$line" ]]; then
    passed=$((passed + $(awk '{print $1}' <<<"$line")))
    failed=$((failed + $(awk '{print $3}' <<<"$line" | tr -d ',')))
  else
    failed=$((failed + 1))
  fi
fi

section "sanitizers (AddressSanitizer + UndefinedBehaviorSanitizer)"
if deploy/build.sh build-asan -DHUIWU_SANITIZE=ON; then
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     HUIWU_SANITIZED=1 ctest --output-on-failure -j "$jobs" 2>&1) | tee /tmp/huiwu-ctest-asan.log
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
  count_ctest /tmp/huiwu-ctest-asan.log
else
  status=1
  failed=$((failed + 1))
fi

section "fuzzing (libFuzzer, ${HUIWU_FUZZ_SECONDS:-30} s a target; docs/fuzzing.md)"
deploy/fuzz.sh 2>&1 | tee /tmp/huiwu-fuzz.log
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
line=$(grep -E '^fuzz: [0-9]+ targets, .* [0-9]+ failed$' /tmp/huiwu-fuzz.log | tail -1)
if [[ -n "$line" ]]; then
  f=$(awk '{print $(NF-1)}' <<<"$line")
  passed=$((passed + $(awk '{print $2}' <<<"$line") - f))
  failed=$((failed + f))
else
  failed=$((failed + 1))
fi

echo
echo "${passed} passed, ${failed} failed"
[[ $status -eq 0 && $failed -eq 0 ]]
