#!/usr/bin/env bash
# Installs what the seating engine's build-time table generator reads:
#   * Debian's unicode-data (Unihan, /usr/share/unicode/Unihan_*.txt.bz2);
#   * node and npm, python3 (the generator and its cnchar-order reader);
#   * cnchar-order from npm into ./node_modules, exactly as package-lock.json pins it.
# Called by the project's install script; safe to run again (it only installs what is
# missing, and `npm ci` reinstalls the pinned tree).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

missing=()
ls /usr/share/unicode/Unihan_*.txt* >/dev/null 2>&1 || missing+=(unicode-data)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if ((${#missing[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "seating data-tools: apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

cd "$here"
# --ignore-scripts: the packages are data; nothing of theirs needs to run at install.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
test -f node_modules/cnchar-order/package.json
echo "seating data-tools: cnchar-order $(node -p 'require("./node_modules/cnchar-order/package.json").version') installed"
