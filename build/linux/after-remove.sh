#!/bin/sh
# The deb's postrm and the rpm's %postun (electron-builder.yml: deb/rpm
# afterRemove), run as root after the files in /opt/Studio Setup are gone.
# Rendered as an electron-builder template first: no dollar-brace expansions.
#
# Removes what after-install.sh put outside the package's own files (the
# /usr/bin link, the AppArmor profile, the helper and its polkit action) and
# NOTHING of the user's: the changes the app made to this system (the files
# under /etc/studio-setup, /var/lib/studio-setup, the IRQ applier, its units
# and udev rules, limits, sysctl, boot parameters) stay until the user reverts
# them with the app — an uninstall must not change how the machine behaves
# behind the user's back. README.md "Uninstall" says: revert first.

# deb: remove | purge | upgrade | failed-upgrade | abort-install | abort-upgrade | disappear;
# rpm: how many versions stay installed (0: erased, 1: an upgrade). On an upgrade
# the new version's after-install has already put its own files in place (rpm runs
# it before this), or is about to (dpkg): leave everything alone.
case "$1" in
  remove | purge | abort-install | disappear | 0) ;;
  *) exit 0 ;;
esac

app='/opt/Studio Setup'
exe='studio-setup'

# electron-builder's steps (app-builder-lib 26.17.0 templates/linux/after-remove.tpl).
if command -v update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove "$exe" "$app/$exe" || true
else
  rm -f "/usr/bin/$exe"
fi
profile="/etc/apparmor.d/$exe"
if [ -f "$profile" ]; then
  if apparmor_status --enabled >/dev/null 2>&1; then
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && command -v apparmor_parser >/dev/null 2>&1; then
      apparmor_parser --remove "$profile" || true
    fi
  fi
  rm -f "$profile"
fi

# Ours: the helper and its polkit action (exactly the files after-install.sh wrote).
rm -f /usr/lib/studio-setup/studio-setup-helper /usr/lib/studio-setup/helper.mjs
rmdir /usr/lib/studio-setup 2>/dev/null || true
rm -f /usr/share/polkit-1/actions/org.studiosetup.helper.policy

if [ "$1" != purge ] && [ -e /var/lib/studio-setup/journal.json ]; then
  echo "Studio Setup was removed, but the changes it made to this system are still in place."
  echo "To undo them, install Studio Setup again and choose Revert."
fi
exit 0
