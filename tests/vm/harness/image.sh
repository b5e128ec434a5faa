#!/bin/bash
# image.sh - the guest image for this checkout, from the machine's cache or built now.
#
#   image.sh          print the image directory (build it first when it is missing)
#   image.sh --key    print the image key only
#   image.sh --check  exit 0 when the image is cached, 1 when a run would build it
#
# The cache (env STUDIO_VM_CACHE, default /var/tmp/studio-setup-vm) holds
#   base-<key>/rootfs/    stage 1: debootstrap + packages; key = build.sh + packages.list
#   image-<key>/          stage 2: rootfs.ext4, boot/{rt,std}/, usbstick.img, info;
#                         key = stage 1's key + every file of tests/vm/image/
#   build-<key>.log       the build's log
# A changed input gives a new key, hence a build; a config-only change reuses stage 1
# (about 20 s instead of 2 min). The two newest entries of each stage are kept.
# Building needs root; logs go to stderr, the directory to stdout.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../image" && pwd)
CACHE=${STUDIO_VM_CACHE:-/var/tmp/studio-setup-vm}

# sha256 over names, executable bits (what git keeps of a mode) and contents of the given
# files (relative to $SRC), 16 hex digits
hash_inputs() {
  local f x
  for f in "$@"; do
    if [ -x "$SRC/$f" ]; then x=x; else x=-; fi
    printf '%s %s %s\n' "$f" "$x" "$(sha256sum < "$SRC/$f" | cut -d' ' -f1)"
  done | sha256sum | cut -c1-16
}
BASE_KEY=$(hash_inputs build.sh packages.list)
mapfile -t ALL < <(cd "$SRC" && find . -type f -printf '%P\n' | LC_ALL=C sort)
IMAGE_KEY=$( { echo "$BASE_KEY"; hash_inputs "${ALL[@]}"; } | sha256sum | cut -c1-16)
BASE=$CACHE/base-$BASE_KEY
IMAGE=$CACHE/image-$IMAGE_KEY

case ${1:-} in
  --key) echo "$IMAGE_KEY"; exit 0 ;;
  --check) [ -f "$IMAGE/complete" ]; exit ;;
  "") ;;
  *) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2 ;;
esac
if [ -f "$IMAGE/complete" ]; then echo "$IMAGE"; exit 0; fi

[ "$(id -u)" = 0 ] || { echo "image.sh: building the guest image needs root" >&2; exit 1; }
mkdir -p "$CACHE"
exec 9> "$CACHE/.lock"
flock 9 # one build at a time; whoever waited finds the image done
if [ -f "$IMAGE/complete" ]; then echo "$IMAGE"; exit 0; fi

"$HERE/host-deps.sh"
LOG=$CACHE/build-$IMAGE_KEY.log
build_all() {
  local t0=$SECONDS t1
  echo "image $IMAGE_KEY (base $BASE_KEY), $(date -Is)"
  if [ ! -f "$BASE/complete" ]; then
    rm -rf "$BASE.tmp"
    "$SRC/build.sh" base "$BASE.tmp"
    touch "$BASE.tmp/complete"
    rm -rf "$BASE"
    mv "$BASE.tmp" "$BASE"
  fi
  t1=$SECONDS
  rm -rf "$IMAGE.tmp"
  "$SRC/build.sh" image "$IMAGE.tmp" "$BASE"
  cat > "$IMAGE.tmp/info" <<EOF
key=$IMAGE_KEY
base_key=$BASE_KEY
built_at=$(date -Is)
base_seconds=$((t1 - t0))
image_seconds=$((SECONDS - t1))
kernel_rt=$(cat "$IMAGE.tmp/boot/rt/release")
kernel_std=$(cat "$IMAGE.tmp/boot/std/release")
EOF
  touch "$IMAGE.tmp/complete"
  rm -rf "$IMAGE"
  mv "$IMAGE.tmp" "$IMAGE"
  echo "image built in $((SECONDS - t0)) s: $IMAGE"
}
set +e
(set -e; build_all) > >(tee "$LOG" >&2) 2>&1
set -e
[ -f "$IMAGE/complete" ] || { echo "image.sh: build failed, see $LOG" >&2; exit 1; }

# keep the two newest entries of each stage (the current ones included)
for kind in base image; do
  # shellcheck disable=SC2012 # cache dir names are ours: [a-z]+-[0-9a-f]{16}
  ls -1dt "$CACHE/$kind"-???????????????? 2> /dev/null | tail -n +3 | while read -r old; do
    if [ "$old" != "$BASE" ] && [ "$old" != "$IMAGE" ]; then
      echo "image.sh: pruning $old" >&2
      rm -rf "$old" "$CACHE/build-${old##*-}.log"
    fi
  done
done
echo "$IMAGE"
