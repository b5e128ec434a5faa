#!/bin/bash
# Scenario "kernel-params", guest side: the kernel-params fix (threadirqs) through a real
# GRUB boot. One phase per boot of one kept disk (vm.sh -O), the partitioned one (-P/-G):
#
#   kernel-params.sh grub-setup   boot 0 (vm.sh -P: -kernel, root=/dev/vda1): make this
#                                 throw-away disk a BIOS PC's: GRUB in the MBR, only the
#                                 standard kernel in /boot, no menu wait, serial console
#   kernel-params.sh apply        boot 1 (vm.sh -G: SeaBIOS -> GRUB): no threadirqs, no irq/
#                                 thread; snapshot "pre"; plan --fix kernel.threaded-irqs;
#                                 apply as root; the GRUB files after it; status
#   kernel-params.sh persist      boot 2 (GRUB): threadirqs on the command line, the irq/
#                                 threads; status; revert; the GRUB files after it
#   kernel-params.sh verify       boot 3 (GRUB): no threadirqs again; snapshot "post"; status
#
# Everything the host checks goes to /lab/out: facts-<phase>.txt (kernel, command line,
# the HDA's vector), threads-<phase>.tsv, grub-<name>.txt (sha256, mode, owner of the GRUB
# files or "absent"), copies of grub.cfg and the drop-in, the app's <name>.{out,err,rc},
# snap-<name>/ (guest/snapshot.sh over /etc /usr/local /var/lib /boot), steps.tsv. The
# script exits non-zero only when it could not do its part; the host test judges.
# shellcheck disable=SC2317 # functions run through vm_step "$@"
# shellcheck source=lib.sh
. /host/tests/vm/guest/lib.sh
phase=$1

PLAN=/root/plan.json
DROPIN=/etc/default/grub.d/studio-setup.cfg
GRUB_FILES=(/etc/default/grub /boot/grub/grub.cfg "$DROPIN")
HDA=/sys/bus/pci/devices/0000:00:1b.0

cat /proc/sys/kernel/random/boot_id >> /root/studio-vm-boots
cp /root/studio-vm-boots "$VM_OUT/boots.txt"
echo "boot $(wc -l < /root/studio-vm-boots) of this disk ($phase), kernel $(uname -r), uptime $(vm_uptime) s"

# What the kernel says about this boot.
facts() { # NAME
  {
    echo "release=$(uname -r)"
    echo "cmdline=$(tr ' ' '\n' < /proc/cmdline | grep -v '^$' | paste -sd' ')"
    echo "efi=$([ -d /sys/firmware/efi ] && echo yes || echo no)"
    echo "root=$(findmnt -no SOURCE /)"
    local m v=""
    for m in "$HDA"/msi_irqs/*; do [ -e "$m" ] && v=${m##*/}; done
    echo "hda_irq=$v"
  } > "$VM_OUT/facts-$1.txt"
  vm_irq_threads > "$VM_OUT/threads-$1.tsv"
  cat "$VM_OUT/facts-$1.txt"
  echo "irq/ threads: $(wc -l < "$VM_OUT/threads-$1.tsv")"
}

# sha256, mode, owner of the GRUB files (or "absent"), and copies of them.
grub_files() { # NAME
  local f
  for f in "${GRUB_FILES[@]}"; do
    if [ -e "$f" ]; then
      printf '%s\t%s\t%s\n' "$f" "$(sha256sum < "$f" | cut -d' ' -f1)" "$(stat -c '%a %U:%G' "$f")"
    else
      printf '%s\tabsent\n' "$f"
    fi
  done > "$VM_OUT/grub-$1.txt"
  [ -d /etc/default/grub.d ] && printf '/etc/default/grub.d\tdir\t%s\n' "$(stat -c '%a %U:%G' /etc/default/grub.d)" >> "$VM_OUT/grub-$1.txt"
  cp /boot/grub/grub.cfg "$VM_OUT/grub.cfg-$1" 2> /dev/null
  cp "$DROPIN" "$VM_OUT/dropin-$1.cfg" 2> /dev/null
  cat "$VM_OUT/grub-$1.txt"
}

snap() { bash /host/tests/vm/guest/snapshot.sh "$VM_OUT/snap-$1" /etc /usr/local /var/lib /boot; }

# The app as root: out/<name>.{out,err,rc}.
app() { # NAME ARGS...
  local name=$1 rc
  shift
  vm_cli "$@" > "$VM_OUT/$name.out" 2> "$VM_OUT/$name.err"
  rc=$?
  echo "$rc" > "$VM_OUT/$name.rc"
  echo "studio-setup $* -> exit $rc"
  tail -n 6 "$VM_OUT/$name.err"
  return 0
}

case $phase in
  grub-setup)
    # What Debian's installer leaves on a BIOS PC, on this throw-away disk: GRUB in the MBR
    # (core.img in the gap before partition 1), the standard kernel as the default entry
    # (the rt kernel's files removed: otherwise GRUB's first entry would be the newest
    # version, whichever flavour), fstab naming the partition. For the lab: no menu wait,
    # GRUB and the kernel on the serial console, the units vm.sh masks masked here too.
    # GRUB_CMDLINE_LINUX_DEFAULT stays Debian's ("quiet"): the helper's drop-in extends it.
    setup() {
      rm -f /boot/*-rt-amd64 || return 1
      sed -i 's|^/dev/vda[[:space:]]|/dev/vda1 |' /etc/fstab
      cat >> /etc/default/grub <<'EOF'

# the lab (tests/vm/guest/kernel-params.sh): no menu, serial console, vm.sh's settings
GRUB_TIMEOUT=0
GRUB_TERMINAL=serial
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_CMDLINE_LINUX="console=ttyS0,115200 loglevel=4 mitigations=off systemd.mask=serial-getty@ttyS0.service systemd.mask=systemd-logind.service systemd.mask=rtirq.service"
EOF
      grub-install --target=i386-pc /dev/vda && update-grub
    }
    vm_step grub-setup setup
    echo $? > "$VM_OUT/grub-setup.rc"
    facts setup
    grub_files setup
    grep -E '^\s*(menuentry|linux)\s' /boot/grub/grub.cfg
    ls -l /boot /etc/default/grub.d 2>&1
    ;;

  apply)
    facts pre
    grub_files pre
    vm_step snapshot-pre snap pre || exit 1
    plan() { vm_cli plan --interface Intel --fix kernel.threaded-irqs --json > "$PLAN" 2> "$VM_OUT/plan.err"; }
    vm_step plan plan
    echo $? > "$VM_OUT/plan.rc"
    cp "$PLAN" "$VM_OUT/plan.json"
    [ "$(cat "$VM_OUT/plan.rc")" = 0 ] || { cat "$VM_OUT/plan.err"; exit 0; }
    vm_step apply app apply apply "$PLAN"
    cp /var/lib/studio-setup/journal.json "$VM_OUT/journal.json" 2> /dev/null
    grub_files applied
    vm_step snapshot-applied snap applied
    vm_step status app status-applied status --json
    ;;

  persist)
    facts boot
    grub_files boot
    # the boot unit may still be setting the threads when this script starts
    unit_settled() { [ "$(systemctl show -p ActiveState --value studio-setup-irq.service)" != activating ]; }
    vm_wait_until 120 unit_settled > /dev/null
    journalctl -b -u studio-setup-irq.service -o short-monotonic --no-pager > "$VM_OUT/boot-unit.journal" 2>&1
    vm_irq_threads > "$VM_OUT/threads-unit.tsv"
    vm_step snapshot-boot snap boot
    vm_step status app status-boot status --json
    vm_step revert app revert revert
    grub_files reverted
    vm_step snapshot-reverted snap reverted
    vm_step status app status-reverted status --json
    ;;

  verify)
    facts post
    grub_files post
    vm_step snapshot-post snap post
    vm_step status app status-post status --json
    ;;

  *)
    echo "kernel-params.sh: unknown phase '$phase'" >&2
    exit 2
    ;;
esac
exit 0
