#!/bin/bash
# build.sh - build the Debian 12 (bookworm) guest of the VM suite. Run as root.
#
#   build.sh base  DIR          stage 1: debootstrap + packages.list -> DIR/rootfs/
#   build.sh image DIR BASEDIR  stage 2: copy BASEDIR/rootfs, apply rootfs/ and the
#                               settings below, write DIR/rootfs.ext4, DIR/disk.raw (the
#                               same ext4 as partition 1 of an MBR disk), DIR/boot/{rt,std}/
#
# Everything in this folder (tests/vm/image/) is an input of the image: the cache
# (tests/vm/harness/image.sh) keys stage 1 by this script + packages.list and
# stage 2 by the whole folder, so editing any file here rebuilds what depends on it.
# Neither stage touches the host's root filesystem outside DIR (no loop mounts:
# the ext4 image is made with mke2fs -d).
#
# Env: MIRROR / SEC_MIRROR (default: the host's apt sources, else deb.debian.org),
#      IMG_SIZE (default 4G)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
log() { printf '[image %(%H:%M:%S)T] %s\n' -1 "$*"; }
die() { echo "build.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot)"

apt_uri() { # main|sec: the first matching URIs: line of the host's deb822 sources
  awk -v want="$1" '/^URIs:/ { if ((want == "sec") == ($2 ~ /security/)) { print $2; exit } }' \
    /etc/apt/sources.list.d/*.sources 2>/dev/null || true
}
MIRROR=${MIRROR:-$(apt_uri main)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SEC_MIRROR=${SEC_MIRROR:-$(apt_uri sec)}
SEC_MIRROR=${SEC_MIRROR:-http://deb.debian.org/debian-security}
IMG_SIZE=${IMG_SIZE:-4G}

packages() { # base|extra
  awk -v kind="$1" '$1 == kind { print $2 }' "$HERE/packages.list"
}

# ---- chroot mounts, always undone on exit -----------------------------------------------
ROOTFS=""
MOUNTED=()
unmount_all() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTED[$i]}" 2>/dev/null || true; done
  MOUNTED=()
  if [ -n "$ROOTFS" ]; then rm -f "$ROOTFS/usr/sbin/policy-rc.d"; fi
}
trap unmount_all EXIT
mount_for_chroot() {
  local d
  for d in proc sys dev dev/pts; do
    mountpoint -q "$ROOTFS/$d" && continue
    case $d in
      proc) mount -t proc proc "$ROOTFS/proc" ;;
      sys) mount -t sysfs sys "$ROOTFS/sys" ;;
      dev) mount --bind /dev "$ROOTFS/dev" ;;
      dev/pts) mount -t devpts devpts "$ROOTFS/dev/pts" ;;
    esac
    MOUNTED+=("$ROOTFS/$d")
  done
  # no service may start inside the chroot
  printf '#!/bin/sh\nexit 101\n' > "$ROOTFS/usr/sbin/policy-rc.d"
  chmod +x "$ROOTFS/usr/sbin/policy-rc.d"
}
in_chroot() { DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 chroot "$ROOTFS" "$@"; }

# ---- stage 1: debootstrap + packages ------------------------------------------------------
build_base() {
  local dir=$1 t0=$SECONDS include
  ROOTFS=$dir/rootfs
  rm -rf "$ROOTFS"
  mkdir -p "$dir"
  include=$(packages base | paste -sd,)
  log "debootstrap --variant=minbase bookworm from $MIRROR (+ $include)"
  debootstrap --variant=minbase --include="$include" bookworm "$ROOTFS" "$MIRROR"
  log "debootstrap done after $((SECONDS - t0)) s"

  # the same suites as the host, so the kernel comes from updates/security like on a real box
  cat > "$ROOTFS/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb $SEC_MIRROR bookworm-security main
EOF
  # Debian's initramfs (vm.sh -I debian): small, only what mounts ext4 on virtio-blk.
  # Here and not in rootfs/ because it must be in place before the kernels install.
  mkdir -p "$ROOTFS/etc/initramfs-tools/conf.d"
  printf 'MODULES=list\nRESUME=none\nCOMPRESS=zstd\n' > "$ROOTFS/etc/initramfs-tools/conf.d/vm.conf"
  printf '%s\n' virtio_pci virtio_blk virtio_scsi sd_mod ext4 crc32c_generic >> "$ROOTFS/etc/initramfs-tools/modules"

  mount_for_chroot
  in_chroot apt-get update -q
  in_chroot apt-get -y -q dist-upgrade
  # grub-pc must never ask for (or write to) an install device here
  printf '%s\n' 'grub-pc grub-pc/install_devices multiselect' 'grub-pc grub-pc/install_devices_empty boolean true' |
    in_chroot debconf-set-selections
  # shellcheck disable=SC2046 # one package per word
  in_chroot apt-get install -y -q --no-install-recommends $(packages extra)
  in_chroot apt-get clean
  rm -rf "$ROOTFS"/var/lib/apt/lists/*
  unmount_all
  log "packages done after $((SECONDS - t0)) s"
}

# ---- stage 2: configuration, kernels, initrds, ext4 image ------------------------------------
configure() {
  local R=$ROOTFS u
  # files of rootfs/ verbatim, owner root, mode 0755 or 0644 as git has them (not the umask)
  local f
  (cd "$HERE/rootfs" && find . -type f) | while read -r f; do
    if [ -x "$HERE/rootfs/$f" ]; then u=755; else u=644; fi
    install -D -m $u "$HERE/rootfs/$f" "$R/$f"
  done
  chroot "$R" passwd -d root > /dev/null # root without password: a throw-away test guest
  chroot "$R" id studio > /dev/null 2>&1 || chroot "$R" useradd -m -s /bin/bash -G audio studio
  ln -sf /etc/systemd/system/studio-vm-runner.service \
    "$R/etc/systemd/system/multi-user.target.wants/studio-vm-runner.service"
  # speed under TCG: nothing periodic, no journal flush to disk
  for u in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
    fstrim.timer systemd-journal-flush.service; do
    ln -sf /dev/null "$R/etc/systemd/system/$u"
  done
}

# kernels and Debian initrds out of the guest's /boot; an uncompressed ELF vmlinux next to
# each (QEMU boots it directly over PVH and skips the xz decompressor, slow under TCG)
latest() { # the highest version among existing files
  local f
  for f in "$@"; do if [ -e "$f" ]; then echo "$f"; fi; done | sort -V | tail -1
}
export_kernels() {
  local out=$1 flavour vml ird
  for flavour in rt std; do
    if [ $flavour = rt ]; then
      vml=$(latest "$ROOTFS"/boot/vmlinuz-*-rt-amd64)
      ird=$(latest "$ROOTFS"/boot/initrd.img-*-rt-amd64)
    else
      vml=$(latest "$ROOTFS"/boot/vmlinuz-*[0-9]-amd64)
      ird=$(latest "$ROOTFS"/boot/initrd.img-*[0-9]-amd64)
    fi
    if [ -z "$vml" ] || [ -z "$ird" ]; then die "no kernel/initrd for $flavour in $ROOTFS/boot"; fi
    mkdir -p "$out/boot/$flavour"
    cp "$vml" "$out/boot/$flavour/vmlinuz"
    cp "$ird" "$out/boot/$flavour/initrd.img"
    basename "$vml" | sed 's/^vmlinuz-//' > "$out/boot/$flavour/release"
    python3 "$HERE/extract-vmlinux.py" "$out/boot/$flavour/vmlinuz" "$out/boot/$flavour/vmlinux" ||
      rm -f "$out/boot/$flavour/vmlinux"
    make_mini_initrd "$flavour" "$out/boot/$flavour"
  done
}

# a tiny busybox initrd (insmod virtio_blk + ext4, switch_root): about 6 s faster under TCG
# than Debian's initramfs, which runs udev
make_mini_initrd() { # flavour outdir
  local rel d=$ROOTFS/tmp/mini-initrd m
  rel=$(cat "$2/release")
  rm -rf "$d"
  mkdir -p "$d"/{bin,dev,proc,sys,root,mods}
  cp /bin/busybox "$d/bin/busybox"
  install -m 755 "$HERE/mini-initrd-init" "$d/init"
  chroot "$ROOTFS" modprobe -S "$rel" --show-depends -a virtio_pci virtio_blk ext4 crc32c_generic |
    awk '$1 == "insmod" && !seen[$2]++ { print $2 }' | while read -r m; do
    cp "$ROOTFS$m" "$d/mods/"
    echo "/mods/$(basename "$m")" >> "$d/modules"
  done
  # uncompressed newc cpio: nothing to decompress in the guest
  chroot "$ROOTFS" sh -c 'cd /tmp/mini-initrd && find . | cpio -o -H newc --quiet' > "$2/initrd-mini.img"
  rm -rf "$d"
}

# The same file system as partition 1 of an MBR disk (vm.sh -P, -G): starting at 1 MiB, so
# that the guest's grub-install can embed GRUB's core.img between the MBR and it. A plain
# file: sfdisk writes the table, dd the ext4 (sparse), no loop device.
make_disk() { # EXT4 DISK
  local size
  size=$(stat -c %s "$1")
  rm -f "$2"
  truncate -s $((size + 1048576)) "$2"
  printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk -q "$2"
  dd if="$1" of="$2" bs=1M seek=1 conv=sparse,notrunc status=none
}

build_image() {
  local dir=$1 base=$2 t0=$SECONDS
  [ -f "$base/rootfs/etc/debian_version" ] || die "no base tree in $base/rootfs"
  mkdir -p "$dir"
  ROOTFS=$dir/rootfs.tree
  rm -rf "$ROOTFS"
  log "copying the base tree"
  cp -a "$base/rootfs" "$ROOTFS"
  log "configuring"
  configure
  export_kernels "$dir"
  # /proc, /sys and /dev must not be mounted in the tree while mke2fs -d copies it
  log "mke2fs -d -> $dir/rootfs.ext4 ($IMG_SIZE)"
  rm -f "$dir/rootfs.ext4"
  mke2fs -q -t ext4 -L vmroot -E root_owner=0:0 -d "$ROOTFS" "$dir/rootfs.ext4" "$IMG_SIZE"
  rm -rf "$ROOTFS"
  make_disk "$dir/rootfs.ext4" "$dir/disk.raw"
  # the USB stick on EHCI port 1 (read through a snapshot, never written)
  truncate -s 64M "$dir/usbstick.img"
  mkfs.vfat -n USBSTICK "$dir/usbstick.img" > /dev/null
  log "image done after $((SECONDS - t0)) s: rt=$(cat "$dir/boot/rt/release") std=$(cat "$dir/boot/std/release")"
}

case ${1:-} in
  base) [ $# = 2 ] || die "usage: build.sh base DIR"; build_base "$2" ;;
  image) [ $# = 3 ] || die "usage: build.sh image DIR BASEDIR"; build_image "$2" "$3" ;;
  *) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 2 ;;
esac
