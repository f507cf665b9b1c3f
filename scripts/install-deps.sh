#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, only those missing.
# Used by `make run` and `make test`; safe to run again.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config make
  libboost1.81-dev tao-pegtl-dev nlohmann-json3-dev libcli11-dev libkainjow-mustache-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev
  libsqlite3-dev libpqxx-dev postgresql-15 libxapian-dev libcairo2-dev libpango1.0-dev libqrencode-dev fonts-dejavu-core
  poppler-utils chromium nodejs curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing Debian packages: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
