#!/usr/bin/env bash
# Builds the reference server image scim-conformance/reference:local:
#  1. bundles support/reference-server/main.ts into dist/reference-server.mjs with esbuild;
#  2. makes the localhost/node-base:20 base image from this machine's own node when it is missing
#     (no registry needed) — set BASE=node:20-slim to use the official image instead;
#  3. docker build --network host.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${IMAGE:-scim-conformance/reference:local}"
BASE="${BASE:-localhost/node-base:20}"

echo "bundling dist/reference-server.mjs"
mkdir -p dist
npx esbuild support/reference-server/main.ts \
  --bundle --platform=node --format=esm --target=node20 \
  --outfile=dist/reference-server.mjs \
  --banner:js="import { createRequire as __scimCreateRequire } from 'node:module'; const require = __scimCreateRequire(import.meta.url);" \
  --log-level=warning

if [ "$BASE" = "localhost/node-base:20" ] && ! docker image inspect "$BASE" >/dev/null 2>&1; then
  echo "making $BASE from $(command -v node) ($(node --version))"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  node_bin="$(readlink -f "$(command -v node)")"
  mkdir -p "$work/base/usr/local/bin" "$work/base/tmp"
  chmod 1777 "$work/base/tmp"
  cp "$node_bin" "$work/base/usr/local/bin/node"
  for lib in $(ldd "$node_bin" | grep -o '/[^ ]*'); do
    mkdir -p "$work/base$(dirname "$lib")"
    cp -L "$lib" "$work/base$lib"
  done
  tar -C "$work/base" -c . | docker import -c 'ENV PATH=/usr/local/bin' - "$BASE" >/dev/null
fi

docker build --network host --build-arg "BASE=$BASE" -t "$IMAGE" .
echo "built $IMAGE"
echo "run:  docker run --rm --network host -e SCIM_ADMIN_TOKEN=change-me $IMAGE"
