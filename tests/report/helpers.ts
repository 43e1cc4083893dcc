// Runs cucumber's JS API on the report fixtures and keeps the real message stream, as the runner would.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfiguration, runCucumber, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import type { Envelope } from '../../support/report/messages.js';
import type { RunInfo } from '../../support/report/types.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
let support: ISupportCodeLibrary | undefined;

export async function runFixtures(tags: string, ndjsonPath?: string): Promise<Envelope[]> {
  const { runConfiguration } = await loadConfiguration({
    file: false,
    provided: {
      paths: ['features/**/*.feature'], import: ['steps/**/*.ts'], tags, retry: 1, retryTagFilter: '@flaky', strict: true,
      format: [],
    },
  }, { cwd: FIXTURES });
  const envelopes: Envelope[] = [];
  const silent = { cwd: FIXTURES, stdout: new (await import('node:stream')).PassThrough(), stderr: new (await import('node:stream')).PassThrough() };
  const result = await runCucumber({ ...runConfiguration, formats: { ...runConfiguration.formats, stdout: 'summary' }, support: support ?? runConfiguration.support },
    silent, (e) => envelopes.push(JSON.parse(JSON.stringify(e)) as Envelope));
  support = result.support;
  if (ndjsonPath) {
    mkdirSync(dirname(ndjsonPath), { recursive: true });
    writeFileSync(ndjsonPath, envelopes.map((e) => JSON.stringify(e)).join('\n') + '\n');
  }
  return envelopes;
}

export function runInfo(over: Partial<RunInfo> = {}): RunInfo {
  return { version: '0.1.0', seed: 42, runId: 'run-1', target: { id: 'fixture-sp', kind: 'url', scimBase: 'http://127.0.0.1:4010/scim/v2' },
    spProfile: 'rfc', startedAt: '2026-11-26T10:00:00.000Z', tags: 'not @left-out', ...over };
}
