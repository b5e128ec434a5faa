#!/bin/sh
# The deb's postinst and the rpm's %post (electron-builder.yml: deb/rpm
# afterInstall), run as root once the files are in /opt/Studio Setup.
# electron-builder renders this file as a template first: no dollar-brace
# expansions in here (they would be taken for its macros); paths are fixed and
# scripts/packaging checks them against the configuration.
#
# 1. What electron-builder's own after-install does, which this file replaces:
#    the command in /usr/bin, Chromium's sandbox helper, the menus, the AppArmor
#    profile that lets Electron's sandbox use user namespaces (Ubuntu 24.04+).
# 2. Ours: the privileged helper at its fixed root-owned path and its polkit
#    action, which the app runs through pkexec (docs/privileged.md, "Packages").
#    Nothing here changes the system's audio settings: only the app does that,
#    when the user asks, and it can undo every change.
# Part 1 tolerates failures as upstream's does; part 2 must not half-happen.

app='/opt/Studio Setup'
exe='studio-setup'

# 1. electron-builder's steps (app-builder-lib 26.17.0 templates/linux/after-install.tpl).
if command -v update-alternatives >/dev/null 2>&1; then
  # An old link that does not go through the alternatives system.
  if [ -L "/usr/bin/$exe" ] && [ -e "/usr/bin/$exe" ] && [ "$(readlink "/usr/bin/$exe")" != "/etc/alternatives/$exe" ]; then
    rm -f "/usr/bin/$exe"
  fi
  update-alternatives --install "/usr/bin/$exe" "$exe" "$app/$exe" 100 || ln -sf "$app/$exe" "/usr/bin/$exe"
else
  ln -sf "$app/$exe" "/usr/bin/$exe"
fi

# The setuid sandbox helper only where user namespaces do not work.
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
  chmod 0755 "$app/chrome-sandbox" || true
else
  chmod 4755 "$app/chrome-sandbox" || true
fi

if command -v update-mime-database >/dev/null 2>&1; then
  update-mime-database /usr/share/mime || true
fi
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database /usr/share/applications || true
fi

# AppArmor 4 (Ubuntu 24.04+) restricts unprivileged user namespaces; the profile
# allows them for this executable. Older AppArmor cannot parse it and does not
# need it; in a chroot (image builds) there is nothing to load it into.
if apparmor_status --enabled >/dev/null 2>&1; then
  profile_source="$app/resources/apparmor-profile"
  profile_target="/etc/apparmor.d/$exe"
  if apparmor_parser --skip-kernel-load --debug "$profile_source" >/dev/null 2>&1; then
    cp -f "$profile_source" "$profile_target"
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && command -v apparmor_parser >/dev/null 2>&1; then
      apparmor_parser --replace --write-cache --skip-read-cache "$profile_target"
    fi
  else
    echo "Skipping the AppArmor profile: this AppArmor cannot parse it (it is only needed from AppArmor 4 on)"
  fi
fi

# 2. The privileged helper and its polkit action: copies owned by root, writable
# by root only (the app checks the wrapper's owner and mode before it uses pkexec).
set -e
install -d -o root -g root -m 0755 /usr/lib/studio-setup
install -o root -g root -m 0644 "$app/resources/app.asar.unpacked/dist/helper/helper.mjs" /usr/lib/studio-setup/helper.mjs
install -o root -g root -m 0755 "$app/resources/linux/studio-setup-helper" /usr/lib/studio-setup/studio-setup-helper
install -d -o root -g root -m 0755 /usr/share/polkit-1/actions
install -o root -g root -m 0644 "$app/resources/linux/org.studiosetup.helper.policy" /usr/share/polkit-1/actions/org.studiosetup.helper.policy
