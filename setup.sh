#!/usr/bin/env bash
# setup.sh run|test — the README's two commands.
#   run:  install missing Debian packages, build, start the app
#   test: install missing Debian packages, build, run the whole test suite (ctest)
# Works as root or through sudo on a fresh Debian 12. Extra arguments after
# "run" go to the app. Set BUILD_DIR to build elsewhere (default: build/).
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  build-essential cmake pkg-config git
  libboost-context-dev libgtest-dev libgmock-dev libbenchmark-dev
  libimgui-dev libglfw3-dev python3-glad libstb-dev fonts-dejavu-core
  libcli11-dev nlohmann-json3-dev
  xvfb xauth libgl1-mesa-dri
)

usage() {
  echo "usage: $0 run [APP ARGS...] | test" >&2
  exit 2
}

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != "installed" ]; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup.sh: installing ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup.sh: run as root, or install sudo" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${CMAKE_ARGS:-}
  cmake --build "$BUILD_DIR" -j "$(nproc)"
}

[ $# -ge 1 ] || usage
BUILD_DIR=${BUILD_DIR:-build}
command=$1
shift
case "$command" in
  run)
    install_missing
    build
    exec "$BUILD_DIR/app/coroscope" "$@"
    ;;
  test)
    [ $# -eq 0 ] || usage
    install_missing
    build
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)"
    ;;
  *) usage ;;
esac
