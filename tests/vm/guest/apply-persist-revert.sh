#!/bin/bash
# Scenario "apply-persist-revert", guest side: one phase per boot of one kept disk (vm.sh -O),
# so every phase after the first is a cold reboot (a fresh QEMU process on the same disk).
#
#   apply-persist-revert.sh apply      boot 1: the machine as a musician finds it, the
#                                      snapshot "pre", the plan (as that musician), apply
#                                      (as root), the threads and files re-read, status
#   apply-persist-revert.sh persist    boot 2: still applied after a cold boot (the boot
#                                      unit's journal, threads, every persisted setting,
#                                      status); the MIDI controller moved to another port
#                                      (QMP, on the host's cue) and the applier following it;
#                                      then revert, and the same boot re-read
#   apply-persist-revert.sh verify K   boot 3: after revert + cold boot: the snapshot
#                                      "post", status, the units gone; then crash safety:
#                                      apply killed (SIGKILL) at checkpoint K, revert
#
# Everything the host checks is written to /lab/out: snap-<name>/ (guest/snapshot.sh),
# the app's outputs (<verb>.out/.err/.rc, status-*.json), live values (values-<name>.txt),
# journals, and steps.tsv (the time of each step). The script exits non-zero only when
# it could not do its part; the host test judges the results.
# shellcheck disable=SC2317 # functions run through vm_step "$@"
# shellcheck source=lib.sh
. /host/tests/vm/guest/lib.sh
phase=$1

MUSICIAN=musician
PLAN=/root/plan.json
# The chain (tests/vm/lib/profile.mjs): the HDA card (PCI), a USB disk (the usb-storage on
# the EHCI, 46f4:0001) and a "MIDI controller" (the usb-audio on EHCI port 2, handed to
# UHCI #1, 46f4:0002), and every fix the checks offer here to a musician who just got
# the machine (see docs/benchmarks.md "Persistence in the lab").
PLAN_ARGS=(--interface Intel --disk 46f4:0001 --midi 46f4:0002
  --fix user.audio-group --fix limits.rtprio --fix fs.inotify-watches
  --fix pm.cpu-dma-latency --fix usb.autosuspend)

# every boot of this disk, in order (outside the snapshot's roots)
cat /proc/sys/kernel/random/boot_id >> /root/studio-vm-boots
cp /root/studio-vm-boots "$VM_OUT/boots.txt"
echo "boot $(wc -l < /root/studio-vm-boots) of this disk ($phase), kernel $(uname -r), uptime $(vm_uptime) s"

snap() { bash /host/tests/vm/guest/snapshot.sh "$VM_OUT/snap-$1"; }

# Each line of stdin with the guest's uptime in front (bash built-ins only: no fork per line).
stamp() {
  local line up _
  while IFS= read -r line; do
    read -r up _ < /proc/uptime
    printf '%s %s\n' "$up" "$line"
  done
}

# The app as root (the CLI runs the helper in-process): out/<name>.{out,err,rc}; err has
# the helper's progress lines, each with the uptime it was printed at.
app() { # NAME ARGS...
  local name=$1 rc
  shift
  { read -r up _ < /proc/uptime && echo "$up start: studio-setup $*" && vm_cli "$@" 2>&1 1>&3 3>&- | stamp; rc=${PIPESTATUS[0]}; } 3> "$VM_OUT/$name.out" > "$VM_OUT/$name.err"
  read -r up _ < /proc/uptime
  echo "$up exit $rc" >> "$VM_OUT/$name.err"
  echo "$rc" > "$VM_OUT/$name.rc"
  echo "studio-setup $* -> exit $rc"
  tail -n 4 "$VM_OUT/$name.err"
  return 0
}

# The live values the plan's fixes change (read back by the host: key=value lines).
values() { # NAME
  {
    echo "inotify=$(< /proc/sys/fs/inotify/max_user_watches)"
    echo "swappiness=$(< /proc/sys/vm/swappiness)"
    echo "dma=$(stat -c '%U:%G:%a' /dev/cpu_dma_latency)"
    echo "groups=$(id -nG "$MUSICIAN" | tr ' ' ,)"
    local d name
    for d in /sys/bus/usb/devices/[0-9]*-*; do
      case $d in *:*) continue ;; esac
      name=${d##*/}
      echo "usb_${name//[-.]/_}=$(< "$d/idVendor"):$(< "$d/idProduct"):$(< "$d/power/control")"
    done
    echo "governors=$(cat /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor 2> /dev/null | sort -u | tr '\n' ,)"
    echo "unit_enabled=$(systemctl is-enabled studio-setup-irq.service 2>&1)"
    echo "rules=$(cd /etc/udev/rules.d && printf '%s,' *)"
  } > "$VM_OUT/values-$1.txt"
}

# Wait while a unit is starting (the boot unit may still run when this script starts).
settled() { # UNIT SECS
  local n=0 state
  while state=$(systemctl show -p ActiveState --value "$1") && [ "$state" = activating ] && [ $n -lt $(($2 * 10)) ]; do
    sleep 0.1
    n=$((n + 1))
  done
  echo "$1: $state"
}

# The IRQ thread of the controller at PCI address $1 (its action must name one of its
# root buses, as the applier's rule says): "pid" of the first one, from bash built-ins only.
thread_of() { # PCI
  local dev=/sys/bus/pci/devices/$1 irq bus d line comm
  read -r irq < "$dev/irq" || return 1
  for d in "$dev"/usb[0-9]*; do bus=${d##*/usb}; done
  for d in /proc/[0-9]*; do
    IFS= read -r line 2> /dev/null < "$d/stat" || continue
    comm=${line#*\(}
    comm=${comm%\)*}
    [ "$comm" = "irq/$irq-uhci_hcd:usb$bus" ] || continue
    echo "${d#/proc/}"
    return 0
  done
  return 1
}
# Is thread $1 at SCHED_FIFO $2? (policy field 41, rt_priority field 40 of /proc/PID/stat)
at_fifo() { # PID PRIO
  local line f
  IFS= read -r line < "/proc/$1/stat" || return 1
  read -ra f <<< "${line##*) }"
  [ "${f[38]}" = 1 ] && [ "${f[37]}" = "$2" ]
}

case $phase in
  apply)
    # The machine as a musician finds it: their own account, not in the audio group; a
    # laptop power tool's rule (as TLP's USB autosuspend does) that lets USB devices
    # sleep, applied to the devices present as such tools do at start.
    precondition() {
      id "$MUSICIAN" > /dev/null 2>&1 || useradd -m -s /bin/bash "$MUSICIAN" || return 1
      printf '%s\n' '# the lab: a power tool autosuspending every USB device (as TLP does)' \
        'ACTION=="add", SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", TEST=="power/control", ATTR{power/control}="auto"' \
        > /etc/udev/rules.d/50-lab-usb-autosuspend.rules
      udevadm control --reload
      local d name
      for d in /sys/bus/usb/devices/[0-9]*-*; do
        case $d in *:*) ;; *) echo auto > "$d/power/control" ;; esac
      done
    }
    vm_step precondition precondition || exit 1
    values pre
    vm_step snapshot-pre snap pre || exit 1
    # The plan, made by the musician (as the app would, without root).
    plan_as_user() { runuser -u "$MUSICIAN" -- node "$STUDIO_CLI" plan "${PLAN_ARGS[@]}" --json > "$PLAN" 2> "$VM_OUT/plan.err"; }
    vm_step plan plan_as_user
    echo $? > "$VM_OUT/plan.rc"
    cp "$PLAN" "$VM_OUT/plan.json"
    cat "$VM_OUT/plan.err"
    [ "$(cat "$VM_OUT/plan.rc")" = 0 ] || exit 0
    vm_step apply app apply apply "$PLAN"
    cp /var/lib/studio-setup/journal.json "$VM_OUT/journal.json" 2> /dev/null
    cp /run/studio-setup/progress.json "$VM_OUT/progress.json" 2> /dev/null
    cp /run/studio-setup/irq.state "$VM_OUT/irq.state" 2> /dev/null
    vm_step snapshot-applied snap applied
    vm_step status app status-applied status --json
    values applied
    ;;

  persist)
    settled studio-setup-irq.service 120
    vm_step snapshot-boot snap boot
    # Did the boot unit run, and when: after udev's coldplug, with every thread there?
    journalctl -b -u studio-setup-irq.service -o short-monotonic --no-pager > "$VM_OUT/boot-unit.journal" 2>&1
    systemctl show studio-setup-irq.service -p ActiveState -p Result -p ExecMainStatus \
      -p InactiveExitTimestampMonotonic -p ExecMainStartTimestampMonotonic \
      -p ExecMainExitTimestampMonotonic -p ActiveEnterTimestampMonotonic > "$VM_OUT/boot-unit.show"
    systemctl show systemd-udev-trigger.service -p ActiveEnterTimestampMonotonic > "$VM_OUT/udev-trigger.show"
    systemd-analyze critical-chain studio-setup-irq.service > "$VM_OUT/critical-chain.txt" 2>&1
    echo "systemd-analyze exit $?" >> "$VM_OUT/critical-chain.txt"
    journalctl -b -k -o short-monotonic --no-pager > "$VM_OUT/kernel.journal" 2>&1
    cat "$VM_OUT/boot-unit.journal"
    values boot
    vm_step status app status-boot status --json

    # The MIDI controller moves: unplugged from EHCI port 2 (UHCI #1), plugged into port 4,
    # which hands full-speed devices to UHCI #2 - a controller the plan does not name.
    uhci2_thread=$(thread_of 0000:00:1d.1) || { echo "no IRQ thread of UHCI #2"; exit 1; }
    echo "uhci2_thread=$uhci2_thread" > "$VM_OUT/move.txt"
    gone() { ! grep -qs '0002' /sys/bus/pci/devices/0000:00:1d.0/usb*/*-2/idProduct; }
    vm_hotplug_begin unplug-midi
    vm_step unplug vm_hotplug_end unplug-midi 60 gone || exit 1
    vm_hotplug_begin plug-midi --kernel --udev --subsystem-match=usb --subsystem-match=sound
    vm_step plug vm_hotplug_end plug-midi 120 at_fifo "$uhci2_thread" 80
    echo "plug_rc=$?" >> "$VM_OUT/move.txt"
    settled studio-setup-irq-resume.service 120
    journalctl -b -u studio-setup-irq-resume.service -o short-monotonic --no-pager > "$VM_OUT/resume-unit.journal" 2>&1
    cat "$VM_OUT/resume-unit.journal"
    cp /run/studio-setup/irq.state "$VM_OUT/irq.state" 2> /dev/null
    vm_step snapshot-moved snap moved
    values moved

    vm_step revert app revert revert
    vm_step snapshot-reverted snap reverted
    values reverted
    systemctl list-unit-files --no-legend 'studio-setup*' > "$VM_OUT/units-reverted.txt" 2>&1
    ;;

  verify)
    kill_after=${2:?verify K: the checkpoint to kill the helper at}
    vm_step snapshot-post snap post
    values post
    vm_step status app status-post status --json
    systemctl list-unit-files --no-legend 'studio-setup*' > "$VM_OUT/units-post.txt" 2>&1
    journalctl -b -u studio-setup-irq.service -o short-monotonic --no-pager > "$VM_OUT/boot-unit.journal" 2>&1

    # Crash safety, live: the helper SIGKILLs itself at checkpoint K of the same plan
    # (docs/privileged.md: STUDIO_SETUP_TEST_KILL_AFTER), then revert.
    killed_apply() { STUDIO_SETUP_TEST_KILL_AFTER=$kill_after app apply-killed apply "$PLAN"; }
    vm_step apply-killed killed_apply
    cp /var/lib/studio-setup/journal.json "$VM_OUT/journal-killed.json" 2> /dev/null
    vm_step snapshot-killed snap killed
    values killed
    vm_step revert-killed app revert-killed revert
    vm_step snapshot-killrevert snap killrevert
    values killrevert
    ;;

  *) echo "unknown phase $phase"; exit 2 ;;
esac
exit 0
