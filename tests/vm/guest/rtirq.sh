#!/bin/bash
# Scenario "rtirq-side-by-side", guest side. Booted with vm.sh -r: Debian's rtirq.service
# ran at boot. On this one boot:
#   threads-boot.tsv         what rtirq's boot run left (it runs before the sound and USB
#                            modules have loaded: see the lab README)
#   every irq thread back to the kernel's default (FIFO 50, by hand: rtirq has no verb
#   for it), then            threads-before.tsv
#   time rtirq start         rtirq-start.seconds, threads-after-start.tsv, rtirq-status.txt
#   time rtirq stop          rtirq-stop.seconds, threads-after-stop.tsv (Debian's stop only
#                            resets with RTIRQ_RESET_ALL=1; the default config has 0)
#   time rtirq reset         rtirq-reset.seconds, threads-after-reset.tsv (reset puts the
#                            threads it knows to SCHED_OTHER, not back to FIFO 50)
#   every irq thread back to FIFO 50 again: threads-end.tsv (what comes next starts clean)
#   our boot applier         next, on the same boot: scenarios/rtirq-side-by-side.applier.sh
#                            sources this script, then installs and times it
# raw/ (vm_capture) tells which thread serves which device on this boot.
# shellcheck source=lib.sh
. /host/tests/vm/guest/lib.sh
RTIRQ=/etc/init.d/rtirq
TIMEFORMAT=%R

to_default() { # every irq/ kernel thread to SCHED_FIFO 50, the kernel's default
  local pid rest
  vm_irq_threads | while IFS=$'\t' read -r pid rest; do chrt -f -p 50 "$pid"; done
}

vm_capture "$VM_OUT/raw"
vm_irq_threads > "$VM_OUT/threads-boot.tsv"
journalctl -b -u rtirq.service --no-pager -o short-monotonic > "$VM_OUT/rtirq-boot-journal.txt" 2>&1
systemctl show rtirq.service -p ActiveState -p ExecMainStartTimestampMonotonic > "$VM_OUT/rtirq-boot-unit.txt"
grep -v '^#' /etc/default/rtirq | grep . > "$VM_OUT/rtirq-config.txt"
echo "## rtirq at boot left:"
grep -E 'snd|hci|i8042' "$VM_OUT/threads-boot.tsv"

to_default
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
grep -E 'snd|hci' "$VM_OUT/threads-after-reset.tsv"
to_default
vm_irq_threads > "$VM_OUT/threads-end.tsv"

# run alone, this script leaves our applier out (the applier script overwrites this)
echo absent > "$VM_OUT/applier.status"
