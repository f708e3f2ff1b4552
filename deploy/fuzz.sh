#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang in build-fuzz/ and runs each for a
# bounded time on its seed corpus (docs/fuzzing.md).
#   deploy/fuzz.sh                      every target, $HUIWU_FUZZ_SECONDS (30) seconds each
#   HUIWU_FUZZ_SECONDS=600 deploy/fuzz.sh fuzz_ot    one target, ten minutes
#   deploy/fuzz.sh --build-only
# New inputs that grow coverage go to build-fuzz/corpus/<target>/ (not to the repo's seeds);
# a crash is saved as build-fuzz/crashes/<target>/crash-<sha1>. Ends with one line
# "fuzz: N targets, S s each, F failed"; exits non-zero when any target failed.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$repo/build-fuzz"
seconds="${HUIWU_FUZZ_SECONDS:-30}"
targets=(fuzz_envelope fuzz_ot fuzz_http_bodies fuzz_seating fuzz_tzif)
build_only=0
if [[ "${1:-}" == "--build-only" ]]; then build_only=1; shift; fi
(($#)) && targets=("$@")

export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$repo}"
cmake -S "$repo" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DHUIWU_FUZZ=ON >/dev/null || exit 1
cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}" || exit 1
((build_only)) && exit 0

failed=0
for t in "${targets[@]}"; do
  seeds="$repo/tests/fuzz/corpus/$t"
  work="$dir/corpus/$t"
  crashes="$dir/crashes/$t"
  mkdir -p "$work" "$crashes"
  dict=()
  [[ -f "$repo/tests/fuzz/dict/$t.dict" ]] && dict=(-dict="$repo/tests/fuzz/dict/$t.dict")
  echo "fuzz: $t for ${seconds} s"
  # -rss_limit_mb: one input may not take more than a request could; -timeout: nor hang.
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "$dir/tests/fuzz/$t" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$crashes/" -print_final_stats=1 "$work" "$seeds" \
       >"$dir/$t.log" 2>&1; then
    grep -E '^stat::number_of_executed_runs|^Done' "$dir/$t.log" | tr '\n' ' '; echo
  else
    failed=$((failed + 1))
    echo "fuzz: $t FAILED; the input is in $crashes/ (reproduce: $dir/tests/fuzz/$t <file>)"
    grep -E 'ERROR|property violated|SUMMARY' "$dir/$t.log" | head -5
  fi
done
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, ${failed} failed"
((failed == 0))
