// Steps are matched with the engine's own RegExp indices rather than cucumber's polyfill (a speed fix), and
// every step of the catalogue gets the same arguments either way, at offsets that point at them.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { generateMessages } from '@cucumber/gherkin';
import { IdGenerator, SourceMediaType } from '@cucumber/messages';
import { loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import { nativeMatch, nativeMatchIndices, polyfilledMatch, treeRegexp } from '../../support/cucumber/native-match-indices.js';

type Group = ReturnType<typeof nativeMatch>;

/**
 * Where the native match differs from the polyfill's, or undefined: the same groups with the same values, at
 * offsets that point at each value in the text. The whole match and the step's arguments (the first level) sit
 * where the polyfill puts them. Deeper, a group under a quantifier holds its last capture, and the polyfill
 * measures it from the first one's start (\"ada\" in {string}), so there only the value is compared.
 */
function difference(text: string, polyfilled: Group, native: Group, path = 'match'): string | undefined {
  if (!polyfilled || !native) return polyfilled === native ? undefined : `${path}: ${polyfilled ? 'polyfill' : 'native'} only`;
  if (polyfilled.value !== native.value) return `${path}: value ${JSON.stringify(native.value)}, polyfill ${JSON.stringify(polyfilled.value)}`;
  if (native.value !== undefined && text.slice(native.start, native.end) !== native.value) return `${path}: offsets ${native.start}–${native.end} miss the value`;
  const argumentLevel = path.split('.').length <= 2;
  if (argumentLevel && (polyfilled.start !== native.start || polyfilled.end !== native.end)) return `${path}: offsets ${native.start}–${native.end}, polyfill ${polyfilled.start}–${polyfilled.end}`;
  const a = polyfilled.children ?? [];
  const b = native.children ?? [];
  if (a.length !== b.length) return `${path}: ${b.length} children, polyfill ${a.length}`;
  for (let i = 0; i < a.length; i++) {
    const problem = difference(text, a[i]!, b[i]!, `${path}.${i}`);
    if (problem) return problem;
  }
  return undefined;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('step matching with native RegExp indices', () => {
  it('is what cucumber uses in this process', () => {
    assert.ok(treeRegexp, "cucumber's TreeRegexp was not found: the patch is dead code, so drop it or follow the class");
    assert.equal(nativeMatchIndices, true);
    assert.equal(treeRegexp.prototype.match.name, 'patched');
  });

  it('gives each step of the catalogue the arguments the polyfill gives, at offsets that point at them', async () => {
    const { runConfiguration } = await loadConfiguration({ file: 'cucumber.mjs' }, { cwd: ROOT });
    // the public type is opaque; the library it stands for carries the step definitions
    const support = await loadSupport(runConfiguration, { cwd: ROOT }) as unknown as { stepDefinitions: { pattern: string | RegExp; expression: unknown }[] };
    // every pickle of every feature, outlines expanded, as cucumber compiles them
    const plan = (readdirSync(join(ROOT, 'features'), { recursive: true }) as string[]).filter((f) => f.endsWith('.feature')).map((f) => join('features', f)).flatMap((uri) =>
      generateMessages(readFileSync(join(ROOT, uri), 'utf8'), uri, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN,
        { includePickles: true, newId: IdGenerator.uuid() }).flatMap((e) => (e.pickle ? [e.pickle] : [])));
    assert.ok(plan.length > 200, `the catalogue compiled only ${plan.length} scenarios`);
    let compared = 0;
    let matched = 0;
    for (const pickle of plan) {
      for (const step of pickle.steps) {
        for (const definition of support.stepDefinitions) {
          const tree = (definition.expression as unknown as { treeRegexp: InstanceType<NonNullable<typeof treeRegexp>> }).treeRegexp;
          const polyfilled = polyfilledMatch!.call(tree, step.text);
          const native = nativeMatch.call(tree, step.text);
          const problem = difference(step.text, polyfilled, native);
          assert.equal(problem, undefined, `"${step.text}" against ${definition.pattern}: ${problem}`);
          compared++;
          if (native) matched++;
        }
      }
    }
    assert.ok(matched >= plan.length, `only ${matched} matches in ${compared} comparisons`);
  });
});
