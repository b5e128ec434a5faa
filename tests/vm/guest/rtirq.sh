#!/bin/bash
# Scenario "rtirq-side-by-side", guest side. Booted with vm.sh -r: Debian's rtirq.service
# ran at boot. On this one boot:
#   threads-boot.tsv         what rtirq's boot run left (it runs before the sound and USB
#                            modules have loaded: see the lab README)
#   rtirq reset, then        threads-before.tsv (all at the default)
#   time rtirq start         rtirq-start.seconds, threads-after-start.tsv, rtirq-status.txt
#   time rtirq stop          rtirq-stop.seconds, threads-after-stop.tsv (Debian's stop only
#                            resets with RTIRQ_RESET_ALL=1; the default config has 0)
#   time rtirq reset         rtirq-reset.seconds, threads-after-reset.tsv
#   our boot applier         applier.status: "absent" until the privileged helper (issue #5)
#                            installs it; then timed here the same way on the same boot
# raw/ (vm_capture) tells which thread serves which device on this boot.
# shellcheck source=lib.sh
. /host/tests/vm/guest/lib.sh
RTIRQ=/etc/init.d/rtirq
TIMEFORMAT=%R

vm_capture "$VM_OUT/raw"
vm_irq_threads > "$VM_OUT/threads-boot.tsv"
journalctl -b -u rtirq.service --no-pager -o short-monotonic > "$VM_OUT/rtirq-boot-journal.txt" 2>&1
systemctl show rtirq.service -p ActiveState -p ExecMainStartTimestampMonotonic > "$VM_OUT/rtirq-boot-unit.txt"
grep -v '^#' /etc/default/rtirq | grep . > "$VM_OUT/rtirq-config.txt"
echo "## rtirq at boot left:"
grep -E 'snd|hci|i8042' "$VM_OUT/threads-boot.tsv"

"$RTIRQ" reset > "$VM_OUT/rtirq-reset0.log" 2>&1
vm_irq_threads > "$VM_OUT/threads-before.tsv"

echo "## time $RTIRQ start"
{ time "$RTIRQ" start > "$VM_OUT/rtirq-start.log" 2>&1; } 2> "$VM_OUT/rtirq-start.seconds"
echo "rc=$? seconds=$(cat "$VM_OUT/rtirq-start.seconds")"
vm_irq_threads > "$VM_OUT/threads-after-start.tsv"
"$RTIRQ" status > "$VM_OUT/rtirq-status.txt" 2>&1
grep -E 'snd|hci|i8042' "$VM_OUT/threads-after-start.tsv"

echo "## time $RTIRQ stop"
{ time "$RTIRQ" stop > "$VM_OUT/rtirq-stop.log" 2>&1; } 2> "$VM_OUT/rtirq-stop.seconds"
echo "rc=$? seconds=$(cat "$VM_OUT/rtirq-stop.seconds")"
vm_irq_threads > "$VM_OUT/threads-after-stop.tsv"

echo "## time $RTIRQ reset"
{ time "$RTIRQ" reset > "$VM_OUT/rtirq-reset.log" 2>&1; } 2> "$VM_OUT/rtirq-reset.seconds"
echo "rc=$? seconds=$(cat "$VM_OUT/rtirq-reset.seconds")"
vm_irq_threads > "$VM_OUT/threads-after-reset.tsv"

# Our boot applier, side by side (issue #5). It does not exist yet; when it does, apply a
# plan, time the applier here like rtirq above (applier.seconds, threads-after-applier.tsv)
# and the host test's skipped half becomes real.
echo absent > "$VM_OUT/applier.status"
