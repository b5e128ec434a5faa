#!/bin/bash
# host-deps.sh - install the host packages the VM suite needs, with apt, when missing.
# Prints what it installed; exit 1 (and says why) when it cannot.
set -euo pipefail
PKGS=(qemu-system-x86 qemu-utils debootstrap e2fsprogs dosfstools fdisk busybox-static python3)
need=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'install ok installed' || need+=("$p")
done
[ ${#need[@]} = 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "host-deps: missing ${need[*]} and not root: cannot apt-get install" >&2
  exit 1
fi
echo "host-deps: installing ${need[*]}" >&2
apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >&2
