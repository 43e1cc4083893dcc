// A node:test reporter beside `spec`: how long each test file took (the sum of its top-level tests, which a
// file runs one after another), slowest first, so CI's time budget can be watched and spent where it counts.
// `npm test` writes it to .tmp/test-times.txt and prints its head.
import { relative } from 'node:path';

export default async function* fileTimes(source) {
  const byFile = new Map();
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.file) {
      const file = relative(process.cwd(), event.data.file);
      byFile.set(file, (byFile.get(file) ?? 0) + (event.data.details?.duration_ms ?? 0));
    }
  }
  const rows = [...byFile].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((s, [, ms]) => s + ms, 0);
  yield `test files by time (the sum of their top-level tests; ${(total / 1000).toFixed(0)} s over ${rows.length} files)\n`;
  for (const [file, ms] of rows) yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${file}\n`;
}
