#!/bin/bash
# snapshot.sh OUTDIR [ROOT...]   (runs INSIDE the guest; also on the host in lib/snapshot.test.mjs)
# Writes what the privileged helper's revert must restore exactly, as plain text the host
# reads back with readSnapshot() (tests/vm/lib/snapshot.mjs):
#   OUTDIR/files.tsv    every entry under ROOTS (default /etc /usr/local /var/lib), one line
#                       each: path type mode uid gid size link-target (find -printf; the
#                       directories themselves are entries, so the set of dirs is compared)
#   OUTDIR/sha256.txt   sha256sum of every regular file under ROOTS
#   OUTDIR/threads.tsv  every irq/ kernel thread: pid comm policy priority key, where key is
#                       the action name with the boot-numbered parts made stable:
#                       uhci_hcd:usb2 -> uhci_hcd:0000:00:1d.0 (the bus's controller),
#                       snd_hda_intel:card1 -> snd_hda_intel:0000:00:1b.0 (the card's device)
#   OUTDIR/meta         boot_id, kernel, uptime
# A few processes (find, xargs, sha256sum) and bash built-ins for /proc: about 1 s under
# TCG, where the node version of this took 13 s (node alone takes 4-5 s to start there).
set -uo pipefail
out=${1:?usage: snapshot.sh OUTDIR [ROOT...]}
shift
[ $# -gt 0 ] || set -- /etc /usr/local /var/lib
mkdir -p "$out" || exit 1
for r in "$@"; do
  [ -d "$r" ] || { echo "snapshot.sh: $r is not a directory" >&2; exit 1; }
done
# Paths are written raw: a name with a tab or a newline would break the format, and the
# host refuses such a line rather than guess.
find "$@" -printf '%p\t%y\t%m\t%U\t%G\t%s\t%l\n' > "$out/files.tsv" || exit 1
find "$@" -type f -print0 | xargs -0 -r sha256sum > "$out/sha256.txt" || exit 1

# The PCI function of a resolved sysfs path: its last dddd:bb:dd.f component.
pci_of() { # PATH -> $pci
  local IFS=/ c
  pci=''
  for c in $1; do
    [[ $c =~ ^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$ ]] && pci=$c
  done
}
stable_key() { # ACTION -> $key
  key=$1
  local link=''
  if [[ $1 =~ ^(.*):usb([0-9]+)$ ]]; then
    link=/sys/bus/usb/devices/usb${BASH_REMATCH[2]}
  elif [[ $1 =~ ^(.*):card([0-9]+)$ ]]; then
    link=/sys/class/sound/card${BASH_REMATCH[2]}/device
  fi
  [ -n "$link" ] || return 0
  local prefix=${BASH_REMATCH[1]}
  if cd -P "$link" 2> /dev/null; then
    pci_of "$PWD"
    cd / || return 1
    [ -n "$pci" ] && key=$prefix:$pci
  fi
  return 0
}
POLICY=(OTHER FIFO RR BATCH ISO IDLE DEADLINE)
{
  for d in /proc/[0-9]*; do
    IFS= read -r line 2> /dev/null < "$d/stat" || continue
    comm=${line#*\(}
    comm=${comm%\)*}
    [[ $comm == irq/* ]] || continue
    rest=${line##*\) }
    read -ra f <<< "$rest"
    # after "(comm)": state ppid ... flags is field 9 of the line, rt_priority 40, policy 41
    (( f[6] & 0x00200000 )) || continue # PF_KTHREAD
    # the action keeps a secondary thread's "s-": irq/N-s-name is not irq/N-name
    [[ $comm =~ ^irq/([0-9]+)-(.*)$ ]] || continue
    stable_key "${BASH_REMATCH[2]}"
    printf '%s\t%s\t%s\t%s\t%s\n' "${d#/proc/}" "$comm" "${POLICY[${f[38]}]:-unknown}" "${f[37]}" "$key"
  done
} > "$out/threads.tsv"
{
  echo "boot_id=$(< /proc/sys/kernel/random/boot_id)"
  echo "kernel=$(< /proc/sys/kernel/osrelease)"
  echo "uptime=$(cut -d' ' -f1 /proc/uptime)"
  echo "roots=$*"
} > "$out/meta"
echo "snapshot $out: $(wc -l < "$out/files.tsv") paths, $(wc -l < "$out/threads.tsv") irq threads"
