#!/usr/bin/env bash
# Builds lib/, what the npm package runs (npm pack runs this as prepack):
#  1. tsc -p tsconfig.build.json compiles support/, steps/ and the dialect profiles to JavaScript with .d.ts;
#  2. the files the suite reads at run time by a path relative to its modules are copied beside them
#     (cucumber.mjs, features/, catalog/, fixtures/ but its sources), so lib/ mirrors the
#     repository's layout and needs no tsx;
#  3. lib/package.json marks the tree as ES modules and carries the version the CLI reports.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf lib
node node_modules/typescript/bin/tsc -p tsconfig.build.json
cp cucumber.mjs lib/cucumber.mjs
cp -R features catalog lib/
# fixtures/ but for the TypeScript sources (the dialect profiles are compiled above) and what only the tests
# read (golden wire files, the third-party servers' verdicts): the payload templates and transcripts are read
# at run time, and the example baselines come along
cp -R fixtures lib/
find lib/fixtures -name '*.ts' ! -name '*.d.ts' -delete
rm -rf lib/fixtures/golden lib/fixtures/third-party
mkdir -p lib/bin
cp bin/scim-conformance.js lib/bin/scim-conformance.js
node -e '
  const { name, version } = JSON.parse(require("fs").readFileSync("package.json", "utf8"));
  const inner = { name: `${name}-lib`, version, private: true, type: "module",
    description: "The compiled tree of " + name + "; the package is the folder above." };
  require("fs").writeFileSync("lib/package.json", JSON.stringify(inner, null, 2) + "\n");
'
echo "built lib/ ($(find lib -name '*.js' | wc -l) modules)"
