#!/usr/bin/env bash
# Prepares code-server for the end-to-end suite (test/e2e/): code-server
# 4.100.3 from npm, installed offline-safe (no GitHub downloads), its native
# modules built with the system's node headers. Idempotent: a prepared DIR
# takes a second. Adapted from the shared code-server-e2e recipe.
#
#   scripts/e2e-setup.sh [DIR]     (default .e2e/code-server, git-ignored)
#
# Needs root for apt-get when chromium, ripgrep or the node-gyp toolchain are
# missing (.ci/run installs them first). playwright-core and @vscode/vsce are
# the repo's own devDependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=$(realpath -m "${1:-.e2e/code-server}")

CS_VERSION=${CS_VERSION:-4.100.3}        # last code-server whose engines.node is 20
NPM_FLAGS=(--no-audit --no-fund --loglevel=error)

now_us() { echo "${EPOCHREALTIME/./}"; }
since() { local d=$(( $(now_us) - $1 )); printf '%d.%d' $((d / 1000000)) $((d / 100000 % 10)); }
T_ALL=$(now_us)
step() { # step NAME COMMAND...  - run and time one step
  local name=$1; shift; local t; t=$(now_us)
  "$@"
  printf '[setup] %-22s %6ss\n' "$name" "$(since "$t")"
}

apt_packages() {
  # chromium: the browser; ripgrep: replaces @vscode/ripgrep's GitHub download;
  # libkrb5-dev: headers for kerberos; g++/make/python3: node-gyp toolchain.
  local need=() p
  for p in chromium ripgrep libkrb5-dev g++ make python3; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
  done
  if ((${#need[@]})); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  fi
}

npm_code_server() {
  # --ignore-scripts: code-server's postinstall would run a plain `npm install`
  # in lib/vscode, whose ripgrep/kerberos scripts download from GitHub.
  mkdir -p "$DIR"
  [ -f "$DIR/package.json" ] || echo '{"name":"code-server-host","private":true}' > "$DIR/package.json"
  local have; have=$(node -p "require('$DIR/node_modules/code-server/package.json').version" 2>/dev/null || true)
  [ "$have" = "$CS_VERSION" ] && return 0
  (cd "$DIR" && npm install "${NPM_FLAGS[@]}" --ignore-scripts "code-server@$CS_VERSION")
}

CS="$DIR/node_modules/code-server"
VS="$CS/lib/vscode"

npm_vscode_deps() {
  [ -f "$VS/node_modules/.package-lock.json" ] && return 0   # written last by npm
  (cd "$VS" && npm install "${NPM_FLAGS[@]}" --omit=dev --ignore-scripts)
}

native_builds() {
  # node-gyp bundled with npm; headers from /usr/include/node (Debian/NodeSource
  # layout) so nothing is downloaded. Builds run in parallel (2 cores here).
  local gyp; gyp="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js"
  [ -f "$gyp" ] || gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
  local nodedir=(); [ -f /usr/include/node/common.gypi ] && nodedir=(--nodedir=/usr)
  local pids=() names=() m out
  # vscode's own native modules: the ones with a binding.gyp that Linux needs.
  # (@parcel/watcher ships a prebuilt @parcel/watcher-linux-x64-glibc: no build.)
  # @vscode/spdlog is the slow one (~15 s of CPU); without it everything works
  # but VS Code writes no log files (USER_DATA_DIR/logs): SKIP_SPDLOG=1 skips it.
  local mods=(kerberos:kerberos.node node-pty:pty.node native-watchdog:watchdog.node)
  [ -n "${SKIP_SPDLOG:-}" ] || mods+=(@vscode/spdlog:spdlog.node)
  for m in "${mods[@]}"; do
    out="$VS/node_modules/${m%%:*}/build/Release/${m##*:}"
    [ -f "$out" ] && continue
    (cd "$VS/node_modules/${m%%:*}" && node "$gyp" rebuild "${nodedir[@]}" -j max >"$DIR/.build-${m##*:}.log" 2>&1) &
    pids+=($!); names+=("${m%%:*}")
  done
  # argon2 (code-server's password hashing; required at startup even with --auth none).
  # Its node-pre-gyp download fails offline and falls back to a local build.
  if [ ! -f "$DIR/node_modules/argon2/lib/binding/napi-v3/argon2.node" ]; then
    (cd "$DIR" && npm rebuild "${NPM_FLAGS[@]}" argon2 >"$DIR/.build-argon2.log" 2>&1) &
    pids+=($!); names+=(argon2)
  fi
  local i rc=0
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { echo "[setup] build of ${names[$i]} failed, see $DIR/.build-*.log" >&2; rc=1; }
  done
  return $rc
}

vscode_links() {
  # ripgrep: code search needs bin/rg; its postinstall would download it.
  mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
  cmp -s /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg" || cp -f /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg"
  # The rest is what code-server's postinstall.sh does.
  [ -L "$VS/node_modules.asar" ] || { rm -rf "$VS/node_modules.asar"; ln -s node_modules "$VS/node_modules.asar"; }
  ln -sfn code-linux.sh "$VS/bin/remote-cli/code-server"
  ln -sfn browser-linux.sh "$VS/bin/helpers/browser.sh"
}

npm_vscode_extensions() {
  # Shared deps of the built-in extensions (just typescript); its postinstall is offline-safe.
  [ -f "$VS/extensions/node_modules/.package-lock.json" ] && return 0
  (cd "$VS/extensions" && npm install "${NPM_FLAGS[@]}" --omit=dev)
}

verify() {
  (cd "$VS" && node -e "for (const m of ['kerberos','node-pty','native-watchdog','@parcel/watcher']) require(m)")
  [ -n "${SKIP_SPDLOG:-}" ] || (cd "$VS" && node -e "require('@vscode/spdlog')")
  (cd "$DIR" && node -e "require('argon2')")
  "$DIR/node_modules/.bin/code-server" --version | head -1
}


do_setup() {
  step apt-packages        apt_packages
  step npm-code-server     npm_code_server
  step npm-vscode-deps     npm_vscode_deps
  step native-builds       native_builds
  step vscode-links        vscode_links
  step npm-extensions-deps npm_vscode_extensions
  step verify              verify
  printf '[setup] %-22s %6ss\n' TOTAL "$(since "$T_ALL")"
}

do_setup
