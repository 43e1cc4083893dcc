// The project's documents link to one another (the README to docs/proving.md and docs/speed.md, those back to
// the README's sections): every relative link names a file that exists, and every #fragment a heading of that
// file as GitHub anchors it, so a section moved or renamed cannot leave a reader at a dead link. And each fault
// and lawful variant of the reference has its row in docs/proving.md, which says what it breaks and why, and the README counts them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import { FAULTS, VARIANTS } from '../../support/reference-server/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SKIP = new Set(['node_modules', '.git', '.tmp', 'lib', 'reports']);
const md = new MarkdownIt({ html: true });

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : name.endsWith('.md') ? [path] : [];
  });
}

/** A document's headings as GitHub anchors them, and the links it makes. */
function read(path: string): { anchors: Set<string>; links: string[] } {
  const tokens = md.parse(readFileSync(path, 'utf8'), {});
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  const links: string[] = [];
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') anchors.add(slugger.slug(tokens[i + 1]!.children!.filter((c) => c.type !== 'image').map((c) => c.content).join('')));
    for (const child of token.children ?? []) if (child.type === 'link_open') links.push(String(child.attrGet('href') ?? ''));
  });
  return { anchors, links };
}

test('every relative link in the project\'s documents reaches a file, and every #fragment a heading in it', () => {
  const files = markdownFiles(ROOT);
  assert.ok(files.some((f) => f.endsWith('docs/proving.md')) && files.length >= 8, `the documents were found: ${files.length}`);
  const docs = new Map(files.map((f) => [f, read(f)]));
  const broken: string[] = [];
  let checked = 0;
  for (const [file, { links }] of docs) {
    for (const href of links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;                 // https:, mailto:: a page outside the repository
      checked += 1;
      const [pathPart, fragment] = href.split('#') as [string, string | undefined];
      const target = pathPart ? resolve(dirname(file), decodeURIComponent(pathPart)) : file;
      const where = `${relative(ROOT, file)}: ${href}`;
      if (!existsSync(target)) { broken.push(`${where} (no such file)`); continue; }
      if (fragment === undefined || !target.endsWith('.md')) continue;
      const anchors = docs.get(target)?.anchors ?? read(target).anchors;
      if (!anchors.has(fragment)) broken.push(`${where} (no heading anchored "${fragment}" in ${relative(ROOT, target)})`);
    }
  }
  assert.ok(checked >= 20, `relative links were checked: ${checked}`);
  assert.deepEqual(broken, []);
});

test('the anchors are GitHub\'s: punctuation dropped, spaces to hyphens, a repeated heading numbered', () => {
  const slugger = new GithubSlugger();
  assert.equal(slugger.slug('Where the plans\' time goes'), 'where-the-plans-time-goes');
  assert.equal(slugger.slug('Durable state (`serve --data-dir`)'.replace(/`/g, '')), 'durable-state-serve---data-dir');
  assert.equal(slugger.slug('Where the plans\' time goes'), 'where-the-plans-time-goes-1');
});

test('docs/proving.md has a row for every fault and every lawful variant of the reference, and none for one it lacks', () => {
  const text = readFileSync(join(ROOT, 'docs/proving.md'), 'utf8');
  /** The names a table's first column gives in backticks, from its header row to the first line that is not a row. */
  const column = (header: string): string[] => {
    const start = text.indexOf(header);
    assert.ok(start >= 0, `docs/proving.md has the table "${header}"`);
    const rows = text.slice(start).split('\n').slice(2);
    const table = rows.slice(0, rows.findIndex((l) => !l.startsWith('|')));
    // the names lead the cell (`a`, `b` (what they do)); backticks later in it quote what the SP sends
    return table.flatMap((row) => /^\s*((?:`[a-z0-9-]+`(?:,\s*)?)+)/.exec(row.split('|')[1]!)?.[1]!.match(/[a-z0-9-]+/g) ?? []);
  };
  assert.deepEqual(column('| fault | breaks |').sort(), Object.keys(FAULTS).sort());
  assert.deepEqual(column('| variant | what the reference does |').sort(), Object.keys(VARIANTS).sort());
});

test('the README counts the faults and lawful variants the reference has', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.match(readme, new RegExp(`\\*\\*${Object.keys(FAULTS).length} deliberately broken variants of the reference\\*\\*`));
  assert.match(readme, new RegExp(`\\*\\*${Object.keys(VARIANTS).length} conformant variants\\*\\*`));
});
