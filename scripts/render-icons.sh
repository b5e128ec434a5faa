#!/bin/sh
# Renders the app icon's PNGs (build/icons/NxN.png, what electron-builder puts
# in the packages' hicolor theme and the AppImage) from the two SVG masters:
# build/icon-small.svg for 16 and 24 px (whole-pixel bars), build/icon.svg above.
# Needs rsvg-convert (Debian: librsvg2-bin). The PNGs are committed; run this
# after changing a master.
set -eu
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null 2>&1 || { echo "render-icons: rsvg-convert is missing (apt install librsvg2-bin)" >&2; exit 1; }
mkdir -p build/icons
for size in 16 24 32 48 64 128 256 512; do
  if [ "$size" -le 24 ]; then master=build/icon-small.svg; else master=build/icon.svg; fi
  rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio "$master" --output "build/icons/${size}x${size}.png"
done
echo "render-icons: build/icons/ written"
