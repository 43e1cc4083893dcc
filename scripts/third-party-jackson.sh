#!/usr/bin/env bash
# npm run third-party:jackson — installs @boxyhq/saml-jackson (pinned) apart from the project, under
# .tmp/third-party/jackson (430 packages, ~275 MB, a few minutes the first time), then runs the catalogue
# against it and compares every verdict with the committed ones (tests/third-party/opt-in/jackson.check.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.tmp/third-party/jackson
if [ ! -f "$dir/node_modules/@boxyhq/saml-jackson/package.json" ]; then
  echo "third-party: installing @boxyhq/saml-jackson@26.2.0 into $dir"
  mkdir -p "$dir"
  printf '{ "name": "third-party-jackson", "private": true }\n' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error @boxyhq/saml-jackson@26.2.0
fi
exec node --import tsx --test tests/third-party/opt-in/jackson.check.ts
