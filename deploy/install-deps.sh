#!/usr/bin/env bash
# Installs what Huiwu needs from Debian's packages (and npm), only what is missing.
#   deploy/install-deps.sh          build and run
#   deploy/install-deps.sh --test   build, run and test (adds Chromium, CJK fonts, GoogleTest)
#   deploy/install-deps.sh --cluster build and run behind nginx (deploy/cluster.sh)
# Safe to run again. Needs root or sudo for apt-get.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(build-essential cmake pkg-config ccache
          libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev libboost-url1.81-dev
          protobuf-compiler libprotobuf-dev libhiredis-dev redis-server
          libsodium-dev libssl-dev zlib1g-dev tzdata openssl
          unicode-data python3 curl
          libreoffice-writer-nogui fonts-noto-cjk)  # the 纪要 as PDF (/api/meetings/jiyao)
# node and npm may come from Debian or from elsewhere (a NodeSource "nodejs" that bundles
# npm conflicts with Debian's npm): ask for them only when the commands are missing.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [[ "${1:-}" == "--test" ]]; then
  # unzip and xmllint: the DOCX/XLSX read-back tests check containers and XML with them;
  # poppler-utils (pdftotext, pdfinfo): the second reader of the 纪要 PDF;
  # python3-icalendar: the .ics invitations and feeds are read back by an independent parser.
  packages+=(libgtest-dev googletest chromium fonts-noto-cjk unzip libxml2-utils poppler-utils
             python3-icalendar)
  # clang and its libFuzzer + sanitizer runtimes: the bounded fuzzing (deploy/fuzz.sh).
  packages+=(clang libclang-rt-14-dev)
fi

# nginx: the balancer of deploy/cluster.sh and of the cluster fault tests (tests/cluster);
# python3-yaml: the test that reads the Compose file and the Kubernetes manifests.
[[ "${1:-}" == "--test" || "${1:-}" == "--cluster" ]] && packages+=(nginx)
[[ "${1:-}" == "--test" ]] && packages+=(python3-yaml)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "install-deps: apt-get install ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# Build-time data for the seating engine (stroke shapes from npm's cnchar-order).
if [[ -x "$repo/service/seating/data-tools/install.sh" ]]; then
  "$repo/service/seating/data-tools/install.sh" >&2
fi
# The browser tests drive Debian's Chromium with playwright-core, pinned in the lock file.
# The follow-up exports are read back by an independent XLSX reader (exceljs, pinned), the
# minutes export by an independent DOCX reader (mammoth, pinned).
if [[ "${1:-}" == "--test" ]]; then
  for dir in tests/browser tests/followup tests/export; do
    if [[ -f "$repo/$dir/package-lock.json" ]]; then
      (cd "$repo/$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
    fi
  done
fi
