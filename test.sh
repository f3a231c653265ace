#!/usr/bin/env bash
# The whole test suite, with its own set-up: installs the system packages some tests need when they are missing
# (a real PyTorch as an independent oracle, a real browser, protoc, a real S3 engine), then runs every test project.
# Tests whose tool could not be had fail with a message saying which package is missing; none is skipped.
set -uo pipefail
cd "$(dirname "$0")"

packages=(python3-torch chromium fonts-dejavu-core protobuf-compiler radosgw ceph-mon ceph-osd)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing the system packages the tests need: ${missing[*]}"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  if ! { "${sudo[@]}" apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; then
    echo "Could not install ${missing[*]}; the tests that need them will fail and say so."
  fi
fi

exec dotnet test Ratchet.slnx "$@"
