// Cucumber finds where each step's arguments sit in its text with RegExp match indices. Its expressions
// library still reaches them through the `regexp-match-indices` polyfill, kept for Node < 16.4
// (https://github.com/cucumber/common/pull/1652). On Node 20 the polyfill is always chosen (it probes a
// RegExp without the `d` flag) and rebuilds a measuring RegExp on every match: about half a second of each
// run goes to matching step text, at assembly and again when each step runs. Here a match uses the engine's
// own indices (the `d` flag), the same figures the polyfill computes.
// If a cucumber release moves or drops the class, nothing is patched and cucumber's own code runs.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface GroupLike { value: string | undefined; start: number | undefined; end: number | undefined; children: GroupLike[] | undefined }
interface TreeRegexpLike {
  regexp: RegExp;
  groupBuilder: { build(match: RegExpExecArray, nextGroupIndex: () => number): GroupLike };
  match(s: string): GroupLike | null;
}
interface TreeRegexpClass { new (regexp: RegExp | string): TreeRegexpLike; prototype: TreeRegexpLike }

/** The same RegExp with the `d` flag, made once for each of cucumber's expressions. */
const withIndices = new WeakMap<RegExp, RegExp>();
function indexed(regexp: RegExp): RegExp {
  let re = withIndices.get(regexp);
  if (!re) {
    re = regexp.hasIndices ? regexp : new RegExp(regexp.source, `${regexp.flags}d`);
    withIndices.set(regexp, re);
  }
  return re;
}

export function nativeMatch(this: TreeRegexpLike, s: string): GroupLike | null {
  const re = indexed(this.regexp);
  re.lastIndex = this.regexp.lastIndex;
  const match = re.exec(s);
  if (!match) return null;
  let groupIndex = 0;
  return this.groupBuilder.build(match, () => groupIndex++);
}

/** Cucumber's TreeRegexp class, as cucumber itself loads it, or undefined when it is not where it was. */
function cucumberTreeRegexp(): TreeRegexpClass | undefined {
  try {
    const fromCucumber = createRequire(createRequire(import.meta.url).resolve('@cucumber/cucumber'));
    const expressionsIndex = fromCucumber.resolve('@cucumber/cucumber-expressions');
    const loaded = fromCucumber(join(dirname(expressionsIndex), 'TreeRegexp.js')) as { default?: TreeRegexpClass };
    return typeof loaded.default?.prototype?.match === 'function' ? loaded.default : undefined;
  } catch {
    return undefined;
  }
}

export const sameGroup = (a: GroupLike | null, b: GroupLike | null): boolean =>
  a === b || (!!a && !!b && a.value === b.value && a.start === b.start && a.end === b.end
    && (a.children?.length ?? 0) === (b.children?.length ?? 0) && (a.children ?? []).every((c, i) => sameGroup(c, b.children![i]!)));

const ORIGINAL = Symbol.for('scim-conformance.polyfilledMatch');
type Match = ((this: TreeRegexpLike, s: string) => GroupLike | null) & { [ORIGINAL]?: Match };

/** Cucumber's TreeRegexp class as cucumber loads it, or undefined. */
export const treeRegexp = cucumberTreeRegexp();
const current = treeRegexp?.prototype.match as Match | undefined;
/** Cucumber's own match (the polyfill's indices), kept to compare against: the tests do. */
export const polyfilledMatch: Match | undefined = current?.[ORIGINAL] ?? current;
/** Whether cucumber's steps are matched with native indices in this process. */
export let nativeMatchIndices = !!current?.[ORIGINAL];

if (treeRegexp && polyfilledMatch && !nativeMatchIndices) {
  // a probe with optional, nested and non-capturing groups must come out the same both ways, or nothing is patched
  const probe = new treeRegexp(/^the (\w+) has ((?:an? )?(\d+)?) (users?|groups?)(?: now)?$/);
  const text = 'the client has a 12 users';
  if (sameGroup(polyfilledMatch.call(probe, text), nativeMatch.call(probe, text))) {
    const patched: Match = function (this: TreeRegexpLike, s: string) { return nativeMatch.call(this, s); };
    patched[ORIGINAL] = polyfilledMatch;
    treeRegexp.prototype.match = patched;
    nativeMatchIndices = true;
  }
}
