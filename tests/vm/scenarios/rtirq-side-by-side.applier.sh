#!/bin/bash
# Scenario "rtirq-side-by-side", guest side, with our boot applier on the same boot.
# First Debian's rtirq, as guest/rtirq.sh does it (it ends with every irq thread back
# at FIFO 50, its to_default). Then our files, installed by hand from /host/build/linux
# as the privileged helper would (issue #5), and on this same boot:
#   applier-list.*           time studio-setup-irq --list (what it would do)
#   applier-apply.*          time studio-setup-irq --apply, threads-after-applier.tsv
#   applier-apply2.*         the same again: nothing left to change
#   applier-runs.txt         5 more runs, each from FIFO 50 with no state: "real user sys"
#                            (this host may be busy: one sample is not a figure)
#   unit.*                   to_default again, then time systemctl start studio-setup-irq.service
#                            (udevadm settle + apply), threads-after-unit.tsv
#   hotplug.*                the HDA thread put back to 50, then a sound card "add" uevent:
#                            60-studio-setup-irq.rules -> studio-setup-irq-resume.service ->
#                            the applier; seconds from the uevent to FIFO 90 again
#   udevd-chrt.txt           what a chrt RUN directly from a udev rule gets (why the rule
#                            goes through systemd)
# shellcheck source=../guest/rtirq.sh
. /host/tests/vm/guest/rtirq.sh

SRC=/host/build/linux
LIB=/usr/local/lib/studio-setup
APPLIER=$LIB/studio-setup-irq
echo "## our applier: install by hand from $SRC"
install -D -m 0755 "$SRC/studio-setup-irq" "$APPLIER"
install -D -m 0644 "$SRC/studio-setup-irq.service" /etc/systemd/system/studio-setup-irq.service
install -D -m 0644 "$SRC/studio-setup-irq-resume.service" /etc/systemd/system/studio-setup-irq-resume.service
install -D -m 0644 "$SRC/60-studio-setup-irq.rules" /etc/udev/rules.d/60-studio-setup-irq.rules
# One target per audio path of the profile (tests/vm/lib/profile.mjs). The usb-audio id is
# on the xHCI and on UHCI #1 (same id, same serial): it names the one on the lower bus
# number, which changes from boot to boot; the host check knows.
mkdir -p /etc/studio-setup
cat > /etc/studio-setup/irq.conf <<'EOF'
# written by tests/vm/scenarios/rtirq-side-by-side.applier.sh
pci 0000:00:1b.0 90
usb 46f4:0002 85
pci 0000:00:06.0 80
pci 0000:00:04.0 75
pci 0000:00:1d.0 70
governor performance
EOF
cp /etc/studio-setup/irq.conf "$VM_OUT/applier-irq.conf"
systemctl daemon-reload
udevadm control --reload
ls /sys/devices/system/cpu/cpu0/cpufreq > "$VM_OUT/applier-cpufreq.txt" 2>&1

timed() { # NAME CMD...: NAME.out, NAME.err, NAME.rc, NAME.seconds
  local name=$1 rc
  shift
  { time "$@" > "$VM_OUT/$name.out" 2> "$VM_OUT/$name.err"; } 2> "$VM_OUT/$name.seconds"
  rc=$?
  echo "$rc" > "$VM_OUT/$name.rc"
  echo "$name: rc=$rc seconds=$(cat "$VM_OUT/$name.seconds")"
}

vm_irq_threads > "$VM_OUT/threads-before-applier.tsv"
echo "## time studio-setup-irq --list"
timed applier-list "$APPLIER" --list
cat "$VM_OUT/applier-list.out"
# The units create /run/studio-setup (RuntimeDirectory=); by hand, so does the helper.
mkdir -p /run/studio-setup
echo "## time studio-setup-irq --apply"
timed applier-apply "$APPLIER" --apply
cat "$VM_OUT/applier-apply.out" "$VM_OUT/applier-apply.err"
vm_irq_threads > "$VM_OUT/threads-after-applier.tsv"
cp /run/studio-setup/irq.state "$VM_OUT/applier-irq.state"
echo "## again: nothing to change"
timed applier-apply2 "$APPLIER" --apply --quiet
vm_irq_threads > "$VM_OUT/threads-after-applier2.tsv"
cp /run/studio-setup/irq.state "$VM_OUT/applier-irq.state2"
for _ in 1 2 3 4 5; do
  to_default
  rm -f /run/studio-setup/irq.state
  { TIMEFORMAT='%R %U %S'; time "$APPLIER" --apply --quiet; } 2>> "$VM_OUT/applier-runs.txt"
done
TIMEFORMAT=%R
echo "5 more runs (real user sys):"
cat "$VM_OUT/applier-runs.txt"

echo "## every irq thread back to FIFO 50, then time systemctl start studio-setup-irq.service"
to_default
rm -rf /run/studio-setup
timed unit systemctl start studio-setup-irq.service
systemctl show studio-setup-irq.service -p ActiveState -p Result -p ExecMainStatus > "$VM_OUT/unit-show.txt"
journalctl -b -u studio-setup-irq.service --no-pager -o short-monotonic > "$VM_OUT/unit-journal.txt" 2>&1
vm_irq_threads > "$VM_OUT/threads-after-unit.tsv"
cat "$VM_OUT/unit-show.txt"

echo "## hotplug: the HDA thread back to 50, then a sound card add uevent"
for c in /sys/bus/pci/devices/0000:00:1b.0/sound/card*; do card=${c##*/}; done
hda=$(awk -F'\t' -v a="snd_hda_intel:$card" '$4 ~ "^irq/[0-9]+-" a "$" { print $1; exit }' "$VM_OUT/threads-after-unit.tsv")
chrt -f -p 50 "$hda"
udevadm test "/sys/class/sound/$card" > "$VM_OUT/hotplug-udevadm-test.txt" 2>&1
t0=$(vm_uptime)
udevadm trigger --action=add "/sys/class/sound/$card"
t1=$(vm_wait_until 60 sh -c "chrt -p $hda | grep -q 'priority: 90'")
echo "uevent_s=$t0" > "$VM_OUT/hotplug.timing"
echo "restored_s=$t1" >> "$VM_OUT/hotplug.timing"
[ -n "$t1" ] && awk -v a="$t0" -v b="$t1" 'BEGIN { printf "latency_s=%.2f\n", b - a }' >> "$VM_OUT/hotplug.timing"
cat "$VM_OUT/hotplug.timing"
# the run may still be finishing: wait for the unit to be inactive again
# shellcheck disable=SC2016 # expanded by that sh, each time
vm_wait_until 60 sh -c '[ "$(systemctl show -P ActiveState studio-setup-irq-resume.service)" != activating ]' > /dev/null
systemctl show studio-setup-irq-resume.service -p ActiveState -p Result -p ExecMainStatus -p NRestarts > "$VM_OUT/hotplug-unit-show.txt"
journalctl -b -u studio-setup-irq-resume.service --no-pager -o short-monotonic > "$VM_OUT/hotplug-journal.txt" 2>&1
vm_irq_threads > "$VM_OUT/threads-after-hotplug.tsv"
grep -F 'studio-setup' "$VM_OUT/hotplug-udevadm-test.txt"

echo "## what a chrt RUN by udev itself gets"
cat > /tmp/udevd-chrt.sh <<EOF
#!/bin/sh
chrt -f -p 66 $hda > /tmp/udevd-chrt.txt 2>&1
echo "rc=\$?" >> /tmp/udevd-chrt.txt
EOF
chmod +x /tmp/udevd-chrt.sh
echo "ACTION==\"change\", SUBSYSTEM==\"sound\", KERNEL==\"$card\", RUN+=\"/tmp/udevd-chrt.sh\"" > /etc/udev/rules.d/99-vm-udevd-chrt.rules
udevadm control --reload
udevadm trigger --action=change "/sys/class/sound/$card"
udevadm settle --timeout=30
rm -f /etc/udev/rules.d/99-vm-udevd-chrt.rules
udevadm control --reload
{ cat /tmp/udevd-chrt.txt 2>/dev/null || echo "not run"; chrt -p "$hda"; } | tee "$VM_OUT/udevd-chrt.txt"
echo 'done' > "$VM_OUT/applier.status"
