#!/bin/bash
# Scenario "capture-scan", guest side: what the kernel shows (vm_capture -> out/raw/), then
# the app's own capture and scan of this machine:
#   node /host/bin/studio-setup capture /tmp/b && node /host/bin/studio-setup scan --from /tmp/b --json
# Results in /lab/out: raw/, bundle.tar (the app's capture bundle, copied out),
# capture.{log,rc}, scan.{json,err,rc}, and scan-live.{json,err,rc} from `scan --json` of
# the live machine (a bundle that lost something shows as a difference between the two). Exit 0 unless this script itself failed: the host
# test reads the app's exit codes and says what went wrong.
# shellcheck source=lib.sh
. /host/tests/vm/guest/lib.sh

vm_capture "$VM_OUT/raw"
echo "kernel $(uname -r), cmdline: $(cat /proc/cmdline)"
cat /proc/asound/cards
vm_irq_threads | grep -E 'snd|usb|hci|enp|smbus' || echo "(no irq/ threads for sound or USB)"

echo "## studio-setup capture /tmp/b"
vm_cli capture /tmp/b > "$VM_OUT/capture.log" 2>&1
echo $? > "$VM_OUT/capture.rc"
cat "$VM_OUT/capture.log"
# One tar file over 9p (about 1 s under TCG): `cp -a` of its ~900 files took 40-60 s there.
# The host test unpacks it to out/bundle.
if [ -d /tmp/b ]; then
  tar -C /tmp/b -cf "$VM_OUT/bundle.tar" . || echo "could not copy the bundle out completely"
fi

echo "## studio-setup scan --from /tmp/b --json"
vm_cli scan --from /tmp/b --json > "$VM_OUT/scan.json" 2> "$VM_OUT/scan.err"
echo $? > "$VM_OUT/scan.rc"
cat "$VM_OUT/scan.err"
echo "## studio-setup scan --json (the live machine)"
vm_cli scan --json > "$VM_OUT/scan-live.json" 2> "$VM_OUT/scan-live.err"
echo $? > "$VM_OUT/scan-live.rc"
cat "$VM_OUT/scan-live.err"
echo "rc: capture $(cat "$VM_OUT/capture.rc"), scan --from $(cat "$VM_OUT/scan.rc"), live scan $(cat "$VM_OUT/scan-live.rc")"
