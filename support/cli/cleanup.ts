// scim-conformance cleanup --target … --prefix scimc-<runId>: removes what an earlier run left on a target
// (a run killed with SIGKILL never reached its sweep). Finds users and groups whose userName, displayName or
// externalId carry the prefix, deletes them (groups first) and prints what it deleted and what it could not.
import { UsageError } from '../targets/target.js';
import { EXIT } from './exit-codes.js';
import { helpText, parseWithConfig, targetOptionSpecs, type OptionSpecs } from './options.js';
import { openTarget, parseTargetOptions, type RunOptions } from './run.js';
import { deleteEntries, findByPrefix } from './sweep.js';

const CLEANUP_OWN: OptionSpecs = {
  prefix: { type: 'string', arg: 'scimc-<runId>', help: 'the run prefix (printed by every run, and in conformance.json run.namePrefix)' },
  'dry-run': { type: 'boolean', help: 'list what would be deleted, delete nothing' },
  'max-pages': { type: 'string', arg: 'N', help: 'pages of 100 walked per resource type (default 50)' },
};
const specs = () => ({ ...targetOptionSpecs(), ...CLEANUP_OWN });
export const cleanupHelp = () => helpText('cleanup', "delete an earlier run's leftovers (users and groups whose names carry its prefix)", specs(),
  ['Users are found with `userName sw` when the target answers it, and by walking the list (bounded); groups by walking the list.']);

export async function cleanupMain(argv: string[]): Promise<number> {
  const values = parseWithConfig(argv, specs(), 'cleanup') as Record<string, any>;
  if (values.help) { process.stdout.write(`${cleanupHelp()}\n`); return EXIT.ok; }
  const prefix = String(values.prefix ?? '').trim();
  // a prefix that could match other people's data is refused: only the suite's own `scimc-<runId>`
  if (!/^scimc-[a-z0-9]{4,}-?$/i.test(prefix)) throw new UsageError(`cleanup needs --prefix scimc-<runId> (the run's prefix, e.g. scimc-k3j9x2), not "${prefix}".`);
  const t = parseTargetOptions(values);
  if (t.target === 'embedded') throw new UsageError('cleanup needs --target url:<scim base> (or container:…); the embedded reference keeps nothing between runs.');
  const maxPages = values['max-pages'] === undefined ? 50 : Number(values['max-pages']);
  if (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > 10_000) throw new UsageError(`--max-pages takes a whole number from 1 to 10000, not "${values['max-pages']}".`);
  const options = { ...t, spProfile: values['sp-profile'] === 'rfc' ? 'rfc' : 'aws', spProfiles: [], faults: [], variants: [], parallel: 0, reportDir: '', seed: 0, quiet: true, raw: values } as RunOptions;
  const target = await openTarget(options);
  try {
    const { scimBase } = target.description;
    const needle = prefix.endsWith('-') ? prefix : `${prefix}-`;
    const { found, notes } = await findByPrefix(scimBase, target.secrets.token, needle, { timeoutMs: t.timeoutMs, maxPages });
    for (const n of notes) process.stderr.write(`note: ${n}\n`);
    if (!found.length) { process.stdout.write(`Nothing carries ${needle} on ${scimBase}.\n`); return EXIT.ok; }
    if (values['dry-run']) {
      process.stdout.write(`Would delete ${found.length}:\n${found.map((f) => `  ${f.kind === 'Users' ? 'User' : 'Group'} ${f.id} (${f.name})`).join('\n')}\n`);
      return EXIT.ok;
    }
    const { deleted, failed } = await deleteEntries(found.map((f) => ({ kind: f.kind, id: f.id, base: scimBase, name: f.name })),
      { tokenFor: () => target.secrets.token, timeoutMs: t.timeoutMs, actor: 'the cleanup' });
    process.stdout.write(`Deleted ${deleted.length}${deleted.length ? ':' : ''}\n${deleted.map((d) => `  ${d.type} ${d.id} (${d.name})${d.status === 404 ? ' (already gone)' : ''}`).join('\n')}${deleted.length ? '\n' : ''}`);
    if (failed.length) {
      process.stdout.write(`Could not delete ${failed.length}:\n${failed.map((f) => `  ${f.type} ${f.id} (${f.name}): ${f.answer}`).join('\n')}\n`);
      return EXIT.failed;
    }
    return EXIT.ok;
  } finally {
    await target[Symbol.asyncDispose]();
  }
}
