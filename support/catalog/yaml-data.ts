// YAML the suite reads at every start (the catalogue and its sources): `yaml` takes about 0.13 s to load and
// parse them, a quarter of `list` and a tenth of a run's start-up. The parsed value is kept as JSON under the
// checkout's node_modules/.cache, named by a hash of the text, so an edited file is never read stale; where
// that folder cannot be written (a read-only install), the YAML is parsed each time, as before.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const require = createRequire(import.meta.url);

/** `yaml`'s parse, loaded on first use: most starts never need it. */
export function parseYaml(text: string): unknown {
  return (require('yaml') as typeof import('yaml')).parse(text);
}

/** `yaml`'s stringify, loaded on first use. */
export function stringifyYaml(value: unknown, options?: import('yaml').ToStringOptions): string {
  return (require('yaml') as typeof import('yaml')).stringify(value, options);
}

/** Where parsed copies of a data file are kept: beside the checkout's compiled trees, not among them. */
export function yamlCacheDir(path: string): string {
  return join(dirname(dirname(realpathSync(path))), 'node_modules', '.cache', 'scim-conformance-data');
}

/** The parsed value of a YAML data file of the package, from its parsed copy when one was made for this text. */
export function readYamlData(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  let copy: string | undefined;
  try { copy = join(yamlCacheDir(path), `${createHash('sha256').update(text).digest('hex').slice(0, 32)}.json`); } catch { /* no place for one */ }
  if (copy) {
    try { return JSON.parse(readFileSync(copy, 'utf8')); } catch { /* not made yet */ }
  }
  const value = parseYaml(text);
  if (copy) {
    const json = JSON.stringify(value);
    // only what JSON holds as it is (no dates, no infinities): anything else is parsed from the YAML each time
    if (isDeepStrictEqual(JSON.parse(json), value)) {
      try {
        mkdirSync(dirname(copy), { recursive: true });
        const tmp = `${copy}.${process.pid}.tmp`;
        writeFileSync(tmp, json);
        renameSync(tmp, copy); // whole or not at all: a concurrent start reads either nothing or this
      } catch { /* a read-only install: parsed each time */ }
    }
  }
  return value;
}
