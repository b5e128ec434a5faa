#!/bin/bash
# Scenario "apply-persist-revert", guest side, one boot per phase (vm.sh -O keeps the disk,
# so each phase after the first is a cold reboot of the same machine):
#   apply-persist-revert.sh snapshot NAME   out/snapshot-NAME.json: every file under /etc
#                                           and /usr/local, every irq thread's policy/priority
#                                           (and out/boots.txt: the boot ids of this disk)
#   apply-persist-revert.sh hotplug NAME    snapshot, then time a usb-audio plug on the xHCI
#                                           (the host plugs on vm_signal NAME): out/NAME.timing
# The privileged helper's steps (apply, revert: issue #5) will go between these.
# shellcheck source=lib.sh
. /host/tests/vm/guest/lib.sh
phase=$1 name=$2

cards() { grep -c '^ *[0-9]' /proc/asound/cards; }
cards_above() { [ "$(cards)" -gt "$1" ]; }

# every boot of this disk, in order (outside /etc and /usr/local: not part of the snapshot)
cat /proc/sys/kernel/random/boot_id >> /var/lib/studio-vm-boots
cp /var/lib/studio-vm-boots "$VM_OUT/boots.txt"
echo "boot $(wc -l < /var/lib/studio-vm-boots) of this disk, kernel $(uname -r), uptime $(vm_uptime) s"
node /host/tests/vm/guest/snapshot.mjs "$VM_OUT/snapshot-$name.json" || exit 1
case $phase in
  snapshot) ;;
  hotplug)
    n=$(cards)
    vm_hotplug_begin "$name"
    vm_hotplug_end "$name" 60 cards_above "$n" || exit 1
    ;;
  *) echo "unknown phase $phase"; exit 2 ;;
esac
