#!/usr/bin/env bash
# Builds the suite's image scim-conformance/suite:local (docker/suite/Dockerfile):
#  1. packs the npm package (scripts/build-package.sh compiles lib/) and installs the tarball into
#     .tmp/suite-image/app with its production dependencies only, as a user's `npm i` would;
#  2. makes the localhost/node-chromium-base:20 base image from this machine's own node and Debian's
#     Chromium when it is missing (no registry needed): the two programs, every library they load (their
#     ldd closure, NSS's modules included), /bin/sh (the Dockerfile's RUN, a CI job's script) and
#     /usr/bin/env (the package's bin), and the fonts;
#     set BASE=node:20-slim to use the official image instead (the Dockerfile then installs Debian's chromium);
#  3. docker build --network host on that context.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${IMAGE:-scim-conformance/suite:local}"
BASE="${BASE:-localhost/node-chromium-base:20}"
ctx=.tmp/suite-image
rm -rf "$ctx"
mkdir -p "$ctx/app"
say() { echo "[${SECONDS}s] $*"; }

say "building the package"
bash scripts/build-package.sh
tarball="$(npm pack --ignore-scripts --silent --pack-destination "$ctx")"
echo '{ "private": true, "description": "scim-conformance as installed in its image" }' >"$ctx/app/package.json"
say "installing $tarball into the image's app/ (production dependencies only)"
(cd "$ctx/app" && npm install --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error "../$tarball")

if [ "$BASE" = "localhost/node-chromium-base:20" ] && ! docker image inspect "$BASE" >/dev/null 2>&1; then
  chromium_dir=/usr/lib/chromium
  [ -x "$chromium_dir/chromium" ] || { echo "making $BASE needs Debian's chromium here (apt-get install chromium)"; exit 1; }
  say "making $BASE from $(command -v node) ($(node --version)) and $chromium_dir"
  root="$(mktemp -d)"
  trap 'rm -rf "$root"' EXIT
  copy() { mkdir -p "$root$(dirname "$1")"; cp -L "$1" "$root$1"; }
  with_libraries() {
    copy "$1"
    for lib in $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*' || true); do [ -e "$root$lib" ] || copy "$lib"; done
  }
  with_libraries "$(readlink -f "$(command -v node)")"
  mkdir -p "$root/usr/local/bin" "$root/bin" "$root/tmp" "$root/etc"
  mv "$root$(readlink -f "$(command -v node)")" "$root/usr/local/bin/node"
  with_libraries "$(readlink -f /bin/sh)"
  with_libraries /usr/bin/env   # the package's bin starts with #!/usr/bin/env node
  [ -e "$root/bin/sh" ] || ln -s "$(readlink -f /bin/sh)" "$root/bin/sh"
  chmod 1777 "$root/tmp"
  # the browser: its folder (paks, ICU data, the GL and Vulkan libraries it loads itself) less the locales it
  # never shows and Vulkan's validation layer and mock driver, which only debugging loads
  mkdir -p "$root$chromium_dir"
  cp -R "$chromium_dir"/. "$root$chromium_dir/"
  find "$root$chromium_dir/locales" -type f ! -name 'en-US.pak' -delete
  rm -f "$root$chromium_dir"/libVkLayer_khronos_validation.so* "$root$chromium_dir"/libVkICD_mock_icd.so*
  for f in "$root$chromium_dir"/chromium "$root$chromium_dir"/chrome_crashpad_handler "$root$chromium_dir"/*.so*; do
    case "$f" in *.TOC) continue ;; esac
    for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true); do [ -e "$root$lib" ] || copy "$lib"; done
  done
  # NSS loads its modules by name at run time, so ldd does not see them
  for lib in /usr/lib/x86_64-linux-gnu/{libsoftokn3,libfreebl3,libfreeblpriv3,libnssckbi}.so /usr/lib/x86_64-linux-gnu/nss/*.so; do
    if [ -e "$lib" ]; then with_libraries "$lib"; fi
  done
  cp -R --parents /etc/fonts /usr/share/fonts "$root/"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' - "$BASE" >/dev/null
fi

say "docker build on $BASE"
docker build -q --network host --build-arg "BASE=$BASE" -t "$IMAGE" "$ctx" -f docker/suite/Dockerfile >/dev/null
# `docker run scim-conformance/suite …`, as the README and docs/ci/ write it, means the latest one built
[ "${IMAGE%:*}" = "$IMAGE" ] || docker tag "$IMAGE" "${IMAGE%:*}:latest"
say "built $IMAGE"
echo "run:  docker run --rm --network host -v \"\$PWD/reports:/reports\" $IMAGE run --target url:<scim base> --report-dir /reports"
