#!/bin/bash
# vm.sh - boot the test guest headless under QEMU with the laptop-like audio/USB profile,
# run a script in it, print its output, exit with its exit code.
#
#   vm.sh [options] -s SCRIPT [ARG...]   run a script in the guest with these arguments
#                                  (copied to /lab/script.sh, started by /lab/run.sh)
#   vm.sh [options] -c 'COMMAND'   run a shell command in the guest
#   vm.sh [options] -i             interactive: root shell on the serial console
#                                  (Ctrl-a x quits QEMU, Ctrl-a c toggles the QEMU monitor)
# Options:
#   -k KERNEL    rt (PREEMPT_RT, default) | std (standard kernel + threadirqs)
#                | std-nothreadirqs (standard kernel as installed: nothing is threaded)
#   -n           same as -k std-nothreadirqs
#   -o DIR       results dir, shared read-write at /lab (default $CACHE/runs/<kernel>-<time>)
#   -O FILE      qcow2 overlay to use and KEEP: boot again with the same -O FILE for a
#                cold reboot (a fresh QEMU process on the same disk). Default: throw-away
#   -S DIR|none  directory shared read-only at /host (default: this repository)
#   -M SOCKET    QMP monitor socket (default DIR/qmp.sock); its path is written to DIR/qmp.path
#   -t SECONDS   timeout for the whole run (default 300)
#   -p N, -m MiB vCPUs (default 2), memory (default 2048)
#   -a 'ARGS'    extra kernel command line arguments
#   -r           let Debian's rtirq.service run at boot (masked by default: ~25 s under TCG)
#   -u           no usb-audio on the xHCI: the one on EHCI port 2 is then the only device
#                with its USB id (QEMU gives every usb-audio 46f4:0002)
#   -L           keep systemd-logind (masked by default: ~10 s under TCG)
#   -I debian    Debian's initramfs instead of the tiny busybox initrd
#   -q           quiet: do not stream the serial console to stdout
#   -P           the partitioned disk (IMAGE/disk.raw: the same ext4 as partition 1 of an
#                MBR disk) instead of the bare ext4; still booted with -kernel, root=/dev/vda1
#   -G           boot like a PC: firmware (SeaBIOS) -> the GRUB the guest installed in the
#                disk's MBR -> the kernel and command line of its grub.cfg. Implies -P; use
#                with -O on a disk prepared once with -P (tests/vm/guest/kernel-params.sh
#                grub-setup). -k, -a, -r, -L, -I do not apply: GRUB has the command line
# Env: STUDIO_VM_IMAGE (image dir; default: what harness/image.sh gives, built when missing),
#      STUDIO_VM_CACHE (default /var/tmp/studio-setup-vm), STUDIO_VM_ACCEL=kvm|tcg
# In DIR: out/output.log (the script's output), out/rc, console.log, console-ts.log (host
# seconds per line), timing.txt, qemu-cmdline.txt, sync/ (marker files, see guest/lib.sh).
# Exit status: the script's; 124 on timeout; 125 when no result came back.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
CACHE=${STUDIO_VM_CACHE:-/var/tmp/studio-setup-vm}
KERNEL_NAME=rt OUTDIR="" OVERLAY="" SHARE=$REPO QMP="" TIMEOUT=300 SMP=2 MEM=2048 EXTRA=""
BOOT_RTIRQ=0 KEEP_LOGIND=0 INITRD_KIND=mini QUIET=0 CMD="" SCRIPT="" INTERACTIVE=0 XHCI_AUDIO=1
PARTITIONED=0 GRUB=0
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2; }
while getopts "k:no:O:S:M:t:p:m:a:ruLI:qc:s:iPGh" o; do
  case $o in
    k) KERNEL_NAME=$OPTARG ;; n) KERNEL_NAME=std-nothreadirqs ;; o) OUTDIR=$OPTARG ;;
    O) OVERLAY=$OPTARG ;; S) SHARE=$OPTARG ;; M) QMP=$OPTARG ;; t) TIMEOUT=$OPTARG ;;
    p) SMP=$OPTARG ;; m) MEM=$OPTARG ;; a) EXTRA=$OPTARG ;; r) BOOT_RTIRQ=1 ;; u) XHCI_AUDIO=0 ;; L) KEEP_LOGIND=1 ;;
    I) INITRD_KIND=$OPTARG ;; q) QUIET=1 ;; c) CMD=$OPTARG ;; s) SCRIPT=$OPTARG ;; i) INTERACTIVE=1 ;;
    P) PARTITIONED=1 ;; G) GRUB=1 PARTITIONED=1 ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# = 0 ] || [ -n "$SCRIPT" ] || usage
if [ $INTERACTIVE = 0 ] && [ -z "$CMD" ] && [ -z "$SCRIPT" ]; then usage; fi
case $KERNEL_NAME in
  rt) FLAVOUR=rt THREADIRQS=0 ;;
  std) FLAVOUR=std THREADIRQS=1 ;;
  std-nothreadirqs) FLAVOUR=std THREADIRQS=0 ;;
  *) echo "vm.sh: unknown kernel '$KERNEL_NAME' (rt | std | std-nothreadirqs)" >&2; exit 2 ;;
esac

IMAGE=${STUDIO_VM_IMAGE:-}
[ -n "$IMAGE" ] || IMAGE=$("$HERE/image.sh") || exit 125
BOOT=$IMAGE/boot/$FLAVOUR
KERNEL=$BOOT/vmlinux # uncompressed ELF, PVH boot: no decompressor to run under TCG
[ -f "$KERNEL" ] || KERNEL=$BOOT/vmlinuz
INITRD=$BOOT/initrd-mini.img
[ "$INITRD_KIND" = debian ] && INITRD=$BOOT/initrd.img
ROOTIMG=$IMAGE/rootfs.ext4 ROOTDEV=/dev/vda
[ $PARTITIONED = 1 ] && ROOTIMG=$IMAGE/disk.raw ROOTDEV=/dev/vda1
for f in "$KERNEL" "$INITRD" "$ROOTIMG" "$IMAGE/usbstick.img"; do
  [ -f "$f" ] || { echo "vm.sh: missing $f (rebuild: rm -r $IMAGE)" >&2; exit 125; }
done

# /dev/kvm may be kvm_pvm (software, needs PVM guest kernels: a stock kernel hangs after
# "Probing EDD"), so only hardware VT-x/AMD-V counts; otherwise TCG.
ACCEL=${STUDIO_VM_ACCEL:-auto}
if [ "$ACCEL" = auto ]; then
  ACCEL=tcg
  if [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo && [ ! -d /sys/module/kvm_pvm ]; then ACCEL=kvm; fi
fi
# shellcheck disable=SC2054 # commas are QEMU option syntax (here and below)
if [ "$ACCEL" = kvm ]; then ACCEL_ARGS=(-accel kvm -cpu host); else ACCEL_ARGS=(-accel tcg,thread=multi -cpu max); fi

OUTDIR=${OUTDIR:-$CACHE/runs/$KERNEL_NAME-$(date +%Y%m%d-%H%M%S)-$$}
mkdir -p "$OUTDIR" || exit 125
OUTDIR=$(cd "$OUTDIR" && pwd)
rm -rf "$OUTDIR/out" "$OUTDIR/sync" "$OUTDIR/run.sh" "$OUTDIR/script.sh" "$OUTDIR/keep-running"
mkdir -p "$OUTDIR/out" "$OUTDIR/sync"
if [ -n "$SCRIPT" ]; then
  cp "$SCRIPT" "$OUTDIR/script.sh" || exit 125
  { printf '#!/bin/bash\nexec bash /lab/script.sh'; printf ' %q' "$@"; echo; } > "$OUTDIR/run.sh"
elif [ -n "$CMD" ]; then
  printf '#!/bin/bash\n%s\n' "$CMD" > "$OUTDIR/run.sh"
fi
[ $INTERACTIVE = 1 ] && touch "$OUTDIR/keep-running"

# root disk: a qcow2 overlay over the pristine ext4 or disk.raw (never written); kept with -O
if [ -n "$OVERLAY" ]; then
  [ -f "$OVERLAY" ] || qemu-img create -q -f qcow2 -F raw -b "$ROOTIMG" "$OVERLAY" || exit 125
  DISK=$OVERLAY
else
  DISK=$OUTDIR/overlay.qcow2
  rm -f "$DISK"
  qemu-img create -q -f qcow2 -F raw -b "$ROOTIMG" "$DISK" || exit 125
fi

# QMP monitor (hotplug): a unix socket path must fit in 108 bytes
QMP=${QMP:-$OUTDIR/qmp.sock}
[ ${#QMP} -lt 100 ] || QMP=$(mktemp -u /tmp/studio-vm-XXXXXX.qmp)
rm -f "$QMP"
echo "$QMP" > "$OUTDIR/qmp.path"

APPEND="root=$ROOTDEV rw console=ttyS0,115200 loglevel=4 mitigations=off"
[ $THREADIRQS = 1 ] && APPEND="$APPEND threadirqs"
[ $INTERACTIVE = 0 ] && APPEND="$APPEND systemd.mask=serial-getty@ttyS0.service"
[ $KEEP_LOGIND = 0 ] && APPEND="$APPEND systemd.mask=systemd-logind.service"
[ $BOOT_RTIRQ = 0 ] && APPEND="$APPEND systemd.mask=rtirq.service"
APPEND="$APPEND $EXTRA"

# The hardware profile: q35/ICH9 like a laptop (tests/vm/lib/profile.mjs says the same in data).
#  00:01.0 virtio-9p (lab), 00:05.0 virtio-9p (host)        MSI-X
#  00:02.0 e1000 (INTx only)                                 INTx, shared with the ES1370
#  00:03.0 virtio-blk root disk                              MSI-X
#  00:04.0 qemu-xhci: usb-audio + usb-tablet                 MSI-X (several vectors)
#  00:06.0 ES1370 PCI sound card (INTx only)                 INTx, shared with the e1000
#  00:1b.0 ICH9 HDA + hda-duplex codec                       MSI
#  00:1d.0/1/2 ICH9 UHCI #1-#3, companions of 00:1d.7 EHCI   INTx; UHCI #1 shares with i801_smbus
#  00:1f.2 AHCI, 00:1f.3 SMBus (built into q35)
#  EHCI: usb-storage (port 1), usb-audio (port 2: full speed only, so handed to UHCI #1),
#        usb-kbd (port 3)
#  audiodevs hp0..hp3 are spare, for usb-audio devices plugged through QMP; the two usb-audio
#  devices of the boot have QMP ids (uac-xhci, uac-ehci) so that a test can unplug them
# shellcheck disable=SC2054
XHCI_AUDIO_ARGS=(-device usb-audio,id=uac-xhci,audiodev=snd1,bus=xhci.0)
[ $XHCI_AUDIO = 1 ] || XHCI_AUDIO_ARGS=()
# shellcheck disable=SC2054
KERNEL_ARGS=(-kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND") DISK_DEV=virtio-blk-pci,drive=root,addr=0x3
# from the disk: the firmware's first boot device (before the USB stick)
[ $GRUB = 1 ] && KERNEL_ARGS=() KERNEL_NAME=grub DISK_DEV=$DISK_DEV,bootindex=0
# shellcheck disable=SC2054
QEMU=(qemu-system-x86_64 -machine q35 "${ACCEL_ARGS[@]}" -smp "$SMP" -m "$MEM"
  -nographic -no-user-config -nodefaults -serial mon:stdio
  -qmp "unix:$QMP,server=on,wait=off"
  "${KERNEL_ARGS[@]}"
  -drive "file=$DISK,if=none,id=root,format=qcow2,cache=unsafe" -device "$DISK_DEV"
  -fsdev "local,id=lab,path=$OUTDIR,security_model=none" -device virtio-9p-pci,fsdev=lab,mount_tag=lab,addr=0x1
  -audiodev none,id=snd0 -audiodev none,id=snd1 -audiodev none,id=snd2 -audiodev none,id=snd3
  -audiodev none,id=hp0 -audiodev none,id=hp1 -audiodev none,id=hp2 -audiodev none,id=hp3
  -device ES1370,audiodev=snd2,addr=0x6
  -device ich9-intel-hda,id=hda,addr=0x1b -device hda-duplex,audiodev=snd0,bus=hda.0
  -device ich9-usb-ehci1,id=ehci,addr=0x1d.7,multifunction=on
  -device ich9-usb-uhci1,masterbus=ehci.0,firstport=0,addr=0x1d.0,multifunction=on
  -device ich9-usb-uhci2,masterbus=ehci.0,firstport=2,addr=0x1d.1,multifunction=on
  -device ich9-usb-uhci3,masterbus=ehci.0,firstport=4,addr=0x1d.2,multifunction=on
  -device qemu-xhci,id=xhci,addr=0x4
  "${XHCI_AUDIO_ARGS[@]}"
  -device usb-tablet,bus=xhci.0
  -drive "file=$IMAGE/usbstick.img,if=none,id=usbstick,format=raw,snapshot=on"
  -device usb-storage,drive=usbstick,bus=ehci.0,port=1
  -device usb-kbd,bus=ehci.0,port=3
  -device usb-audio,id=uac-ehci,audiodev=snd3,bus=ehci.0,port=2
  -netdev user,id=n0,restrict=on -device e1000,netdev=n0,addr=0x2
)
if [ "$SHARE" != none ]; then
  # shellcheck disable=SC2054
  QEMU+=(-fsdev "local,id=host,path=$SHARE,security_model=none,readonly=on"
    -device virtio-9p-pci,fsdev=host,mount_tag=host,addr=0x5)
fi
printf '%q ' "${QEMU[@]}" > "$OUTDIR/qemu-cmdline.txt"
echo >> "$OUTDIR/qemu-cmdline.txt"

if [ $INTERACTIVE = 1 ]; then
  echo "vm.sh: results dir $OUTDIR (/lab), QMP $QMP; Ctrl-a x quits" >&2
  "${QEMU[@]}"
  exit
fi

now_us() { echo "${EPOCHREALTIME/[.,]/}"; }
T0=$(now_us)
BEGIN_US=""
: > "$OUTDIR/console.log"
: > "$OUTDIR/console-ts.log"
timeout --foreground -k 5 "$TIMEOUT" "${QEMU[@]}" < /dev/null 2>&1 | {
  while IFS= read -r line; do
    printf '%s\n' "$line" >> "$OUTDIR/console.log"
    us=$(($(now_us) - T0))
    printf '%4d.%02d %s\n' $((us / 1000000)) $((us % 1000000 / 10000)) "$line" >> "$OUTDIR/console-ts.log"
    [ $QUIET = 0 ] && printf '%s\n' "$line"
    if [ -z "$BEGIN_US" ] && [[ $line == *VM-BEGIN* ]]; then
      BEGIN_US=$us
      printf 'boot_to_command_s=%d.%02d\n' $((us / 1000000)) $((us % 1000000 / 10000)) > "$OUTDIR/timing.txt"
    fi
  done
}
QRC=${PIPESTATUS[0]}
us=$(($(now_us) - T0))
{
  printf 'total_s=%d.%02d\n' $((us / 1000000)) $((us % 1000000 / 10000))
  echo "accel=$ACCEL kernel=$KERNEL_NAME qemu_rc=$QRC"
} >> "$OUTDIR/timing.txt"
[ -n "$OVERLAY" ] || rm -f "$DISK"
rm -f "$QMP"

echo "----- guest output ($OUTDIR/out/output.log) -----" >&2
cat "$OUTDIR/out/output.log" 2> /dev/null
echo "----- $(tr '\n' ' ' < "$OUTDIR/timing.txt")-----" >&2
if [ "$QRC" = 124 ] || [ "$QRC" = 137 ]; then echo "vm.sh: TIMEOUT after $TIMEOUT s" >&2; exit 124; fi
[ -f "$OUTDIR/out/rc" ] || { echo "vm.sh: no result from the guest (see $OUTDIR/console.log)" >&2; exit 125; }
exit "$(cat "$OUTDIR/out/rc")"
