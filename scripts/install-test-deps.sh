#!/bin/sh
# Debian packages the tests use: Chromium (Playwright drives Debian's build),
# rt-tests (cyclictest), the QEMU lab's tools, and what checks the packaging
# inputs (scripts/validate-packaging.mjs): shellcheck, desktop-file-utils,
# libxml2-utils (xmllint), polkitd (polkit's policy DTD), systemd
# (systemd-analyze verify); librsvg2-bin renders the icons (scripts/render-icons.sh).
# Runs apt-get as root (directly, or through sudo).
set -eu
PKGS="chromium shellcheck rt-tests desktop-file-utils libxml2-utils polkitd systemd librsvg2-bin xvfb usbutils pciutils qemu-system-x86 qemu-utils debootstrap e2fsprogs dosfstools busybox-static python3"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "install-test-deps: all present"
  exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
echo "install-test-deps: installing$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
