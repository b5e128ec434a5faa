#!/bin/bash
# Scenario "hotplug", guest side. The host (scenarios/hotplug.test.mjs) plugs a usb-audio
# device through QMP each time this script signals, then answers.
#   plug-xhci   host: device_add usb-audio on xhci.0     -> a new card behind 0000:00:04.0
#               then the app's `scan --json` runs (out/scan-after-xhci.json)
#   plug-ehci   host: device_add usb-audio on ehci.0 port 4 (full speed: a UHCI companion)
#   unplug      host: device_del both                    -> back to the cards of the boot
# Results in /lab/out: before/, after-xhci/, after-ehci/, after-unplug/ (vm_capture),
# <name>.timing (guest-measured), scan-after-xhci.{json,err,rc}.
# shellcheck source=lib.sh
. /host/tests/vm/guest/lib.sh

cards() { grep -c '^ *[0-9]' /proc/asound/cards; }
cards_are() { [ "$(cards)" -eq "$1" ]; }
new_cards() { # cards in capture $2 that are not in capture $1
  awk -F'\t' 'NR == FNR { seen[$3] = 1; next } !($3 in seen)' "$VM_OUT/$1/extra/cards.tsv" "$VM_OUT/$2/extra/cards.tsv"
}

vm_capture "$VM_OUT/before"
n0=$(cards)
echo "cards at boot: $n0"

echo "## plug a usb-audio device into the xHCI"
vm_hotplug_begin plug-xhci
vm_hotplug_end plug-xhci 60 cards_are $((n0 + 1)) || { echo "no new card after plugging into xhci"; exit 1; }
udevadm settle --timeout=30
vm_capture "$VM_OUT/after-xhci"
echo "new card:"
new_cards before after-xhci | tee "$VM_OUT/new-card-xhci.tsv"

echo "## the app's scan, now"
vm_cli scan --json > "$VM_OUT/scan-after-xhci.json" 2> "$VM_OUT/scan-after-xhci.err"
echo $? > "$VM_OUT/scan-after-xhci.rc"
head -c 2000 "$VM_OUT/scan-after-xhci.err"

echo "## plug a usb-audio device into the EHCI (full speed: handed to a UHCI companion)"
vm_hotplug_begin plug-ehci
vm_hotplug_end plug-ehci 60 cards_are $((n0 + 2)) || { echo "no new card after plugging into ehci"; exit 1; }
udevadm settle --timeout=30
vm_capture "$VM_OUT/after-ehci"
echo "new card:"
new_cards after-xhci after-ehci | tee "$VM_OUT/new-card-ehci.tsv"

echo "## unplug both"
vm_hotplug_begin unplug
vm_hotplug_end unplug 60 cards_are "$n0" || { echo "the plugged cards did not go away"; exit 1; }
udevadm settle --timeout=30
vm_capture "$VM_OUT/after-unplug"
echo "cards after unplug: $(cards)"
