# shellcheck shell=bash
# lib.sh - helpers for scripts that run INSIDE the guest (source /host/tests/vm/guest/lib.sh).
#
# Talking to the host (tests/vm/lib/vm.mjs):
#   vm_signal NAME [TEXT]   tell the host: writes /lab/sync/NAME.guest (TEXT, default the uptime)
#   vm_await NAME [SECS]    wait for the host's /lab/sync/NAME.host, print its content
# Time, measured in the guest (CLOCK_MONOTONIC = /proc/uptime here: a VM never suspends):
#   vm_uptime               seconds since boot, 10 ms resolution
#   vm_wait_until SECS CMD  run CMD every 50 ms until it succeeds; print the uptime it did
#   vm_step NAME CMD...     run CMD, print "## step NAME: SECS s (rc RC)" and append
#                           NAME<TAB>SECS<TAB>RC to /lab/out/steps.tsv; returns CMD's status
#   vm_hotplug_begin NAME [ARGS]  start watching uevents (udevadm monitor ARGS, default
#                           --kernel --subsystem-match=usb), then vm_signal NAME (the host plugs)
#   vm_hotplug_end NAME SECS CMD   wait until CMD succeeds, and for the host's answer;
#                           write /lab/out/NAME.timing: uevent_s (uptime of the first USB
#                           uevent: the kernel saw the device come or go), condition_s
#                           (uptime CMD first succeeded), latency_s (the difference)
# The app:
#   vm_cli ARGS...          node /host/bin/studio-setup ARGS; exit 127 and a clear message
#                           when the app is not built
# State:
#   vm_capture DIR          a partial capture bundle made with shell tools (proc/, cmd/) plus
#                           extra/*.tsv facts (card -> device, USB bus -> controller, PCI irqs,
#                           IRQ threads) that the host's checks read
#   vm_irq_threads          "pid<TAB>policy<TAB>prio<TAB>comm" of every irq/ kernel thread

VM_SYNC=/lab/sync
VM_OUT=/lab/out
export STUDIO_CLI=/host/bin/studio-setup
mkdir -p "$VM_SYNC" "$VM_OUT"

vm_uptime() { cut -d' ' -f1 /proc/uptime; }

vm_signal() { # NAME [TEXT]
  local text=${2:-$(vm_uptime)}
  printf '%s\n' "$text" > "$VM_SYNC/.$1.tmp" && mv "$VM_SYNC/.$1.tmp" "$VM_SYNC/$1.guest"
}

vm_await() { # NAME [SECONDS]
  local n=0 max=$((${2:-120} * 20))
  until [ -e "$VM_SYNC/$1.host" ]; do
    n=$((n + 1))
    if [ $n -gt $max ]; then
      echo "vm_await: no '$1' from the host after ${2:-120} s" >&2
      return 1
    fi
    sleep 0.05
  done
  cat "$VM_SYNC/$1.host"
}

vm_wait_until() { # SECONDS CMD...
  local n=0 max=$(($1 * 20))
  shift
  until "$@" > /dev/null 2>&1; do
    n=$((n + 1))
    [ $n -gt $max ] && return 1
    sleep 0.05
  done
  vm_uptime
}

vm_step() { # NAME CMD...
  local name=$1 t0 t1 rc secs
  shift
  t0=$(vm_uptime)
  "$@"
  rc=$?
  t1=$(vm_uptime)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  printf '%s\t%s\t%s\n' "$name" "$secs" "$rc" >> "$VM_OUT/steps.tsv"
  echo "## step $name: $secs s (rc $rc)"
  return $rc
}

vm_hotplug_begin() { # NAME [UDEVADM MONITOR ARGS...]
  local name=$1
  shift
  [ $# -gt 0 ] || set -- --kernel --subsystem-match=usb
  udevadm monitor "$@" > "$VM_OUT/$name.uevents" 2>&1 &
  echo $! > "/tmp/$name.monitor"
  # the monitor is listening once it has printed its header
  vm_wait_until 20 grep -qE '(KERNEL|UDEV) - the' "$VM_OUT/$name.uevents" > /dev/null
  vm_signal "$name"
}

vm_hotplug_end() { # NAME SECONDS CMD...
  local name=$1 secs=$2 cond first
  shift 2
  cond=$(vm_wait_until "$secs" "$@") || cond=""
  vm_await "$name" 10 > /dev/null # the host has finished its part
  kill "$(cat "/tmp/$name.monitor")" 2> /dev/null
  # the first line after the header: KERNEL[123.456789] add      /devices/.../usb3/3-2 (usb)
  first=$(awk '/^KERNEL\[/ { sub(/^KERNEL\[/, "", $1); sub(/\]$/, "", $1); print $1; exit }' "$VM_OUT/$name.uevents")
  {
    echo "uevent_s=$first"
    echo "condition_s=$cond"
    if [ -n "$first" ] && [ -n "$cond" ]; then
      awk -v a="$first" -v b="$cond" 'BEGIN { printf "latency_s=%.3f\n", b - a }'
    else
      echo "latency_s="
    fi
  } > "$VM_OUT/$name.timing"
  cat "$VM_OUT/$name.timing"
  [ -n "$cond" ]
}

vm_cli() {
  if [ ! -e "$STUDIO_CLI" ]; then
    echo "vm_cli: $STUDIO_CLI not found: build the app first (npm run build)" >&2
    return 127
  fi
  node "$STUDIO_CLI" "$@"
}

vm_irq_threads() {
  # kernel threads only (children of kthreadd, pid 2); comm may contain spaces ("irq/24-PCIe PME")
  ps -e -o pid=,ppid=,cls=,rtprio=,comm= | awk '$2 == 2 && $5 ~ /^irq\// {
      comm = $5; for (i = 6; i <= NF; i++) comm = comm " " $i
      printf "%s\t%s\t%s\t%s\n", $1, $3, $4, comm }'
}

vm_capture() { # DIR  (bash builtins where it can: every fork costs under TCG)
  local d=$1 c p id irq drv msi m
  mkdir -p "$d"/proc/asound "$d"/cmd "$d"/extra
  cat /proc/interrupts > "$d/proc/interrupts"
  cat /proc/cmdline > "$d/proc/cmdline"
  cat /proc/asound/cards > "$d/proc/asound/cards" 2> /dev/null
  uname -a > "$d/cmd/uname-a.txt"
  uname -r > "$d/cmd/uname-r.txt"
  lsusb > "$d/cmd/lsusb.txt"
  lsusb -t > "$d/cmd/lsusb-t.txt"
  ps -eLo pid,cls,rtprio,ni,pri,pcpu,stat,comm > "$d/cmd/ps-threads.txt"
  # card index, id, and the device the card belongs to (resolved sysfs path)
  for c in /sys/class/sound/card[0-9]*; do
    [ -e "$c" ] || continue
    read -r id < "$c/id"
    printf '%s\t%s\t%s\n' "${c##*card}" "$id" "$(readlink -f "$c/device")"
  done > "$d/extra/cards.tsv"
  # USB bus number -> its root hub's sysfs path (the parent is the controller's PCI device)
  for c in /sys/bus/usb/devices/usb[0-9]*; do
    printf '%s\t%s\n' "${c##*usb}" "$(readlink -f "$c")"
  done > "$d/extra/usb-buses.tsv"
  # PCI address, driver, irq file, MSI/MSI-X vectors
  for p in /sys/bus/pci/devices/*; do
    read -r irq < "$p/irq"
    drv=""
    if [ -e "$p/driver" ]; then drv=$(readlink "$p/driver"); fi
    msi=""
    for m in "$p"/msi_irqs/*; do [ -e "$m" ] && msi+=${msi:+,}${m##*/}; done
    printf '%s\t%s\t%s\t%s\n' "${p##*/}" "${drv##*/}" "$irq" "$msi"
  done > "$d/extra/pci.tsv"
  vm_irq_threads > "$d/extra/irq-threads.tsv"
}
