// A real open-source SCIM client library from npm, @braveulysses/scim2 (scim2-js), used against certify-client
// exactly as its README shows: read a user into a Resource, add a phone number, send the change back (as a full
// replace of the modified Resource, and as the library's PATCH add operation). AWS keeps one value per
// multi-valued attribute, so both changes are refused under AP-USER-03, and nothing else the library built is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idsWith, startCertifyClientProcess } from './helpers.ts';

const require = createRequire(import.meta.url);
// the package's index exports Constants and Resource; its PATCH builder is dist/Patch.js (CommonJS)
const { Constants, Resource } = require('@braveulysses/scim2') as { Constants: { SCIM_MEDIA_TYPE: string }; Resource: new (json: unknown) => ScimResource };
const Patch = require('@braveulysses/scim2/dist/Patch.js') as { patchRequest: (...ops: unknown[]) => string; addOperation: (path: string, value: unknown) => unknown };

/** toJSON() returns the JSON text itself, ready to send. */
interface ScimResource { id(): string; get(path: string): any; set(path: string, value: unknown): void; toJSON(): string }

test('scim2-js, as its README uses it, adds a second phone number: AWS refuses it (AP-USER-03), nothing else', { timeout: 60_000 }, async (t) => {
  const run = await startCertifyClientProcess([], mkdtempSync(join(tmpdir(), 'certify-scim2-js-')));
  t.after(() => { if (run.child.exitCode === null) run.child.kill('SIGKILL'); });
  const send = async (method: string, url: string, body?: string) => {
    const res = await fetch(url, { method, headers: { Authorization: `Bearer ${run.token}`, Accept: Constants.SCIM_MEDIA_TYPE, ...(body ? { 'Content-Type': Constants.SCIM_MEDIA_TYPE } : {}) }, body, signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  // a user to work on, its body built with the library's Resource
  const draft = new Resource({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'grace@example.com', displayName: 'Grace Hopper',
    name: { givenName: 'Grace', familyName: 'Hopper' }, emails: [{ value: 'grace@example.com', type: 'work', primary: true }],
    phoneNumbers: [{ value: '+1 555 555 0100', type: 'work', primary: true }],
  });
  const created = await send('POST', `${run.endpoint}/Users`, draft.toJSON());
  assert.equal(created.status, 201, JSON.stringify(created.json));

  // the README's example, step by step
  const read = await send('GET', `${run.endpoint}/Users/${created.json.id}`);
  const user = new Resource(read.json);
  assert.equal(user.get('userName'), 'grace@example.com');
  const phoneNumbers = user.get('phoneNumbers');
  phoneNumbers.push({ value: '+1 555 555 1234', type: 'other', primary: false });
  user.set('phoneNumbers', phoneNumbers);
  const replaced = await send('PUT', `${run.endpoint}/Users/${user.id()}`, user.toJSON());
  const patch = Patch.patchRequest(Patch.addOperation('phoneNumbers', { value: '+1 555 555 1234', type: 'other', primary: false }));
  const patched = await send('PATCH', `${run.endpoint}/Users/${user.id()}`, patch);
  assert.deepEqual([replaced.status, patched.status], [400, 400]);

  const { code, report } = await run.stop();
  assert.equal(code, 1);
  assert.deepEqual(idsWith(report, 'FAIL'), ['AP-USER-03']);
  assert.deepEqual(idsWith(report, 'WARN'), []);
  const cell = report.requirements.find((r) => r.id === 'AP-USER-03')!.variants[0]!;
  assert.match(cell.reason ?? '', /PUT .*Users\/.* → 400: Currently list attributes only allow single item \(and 1 more\)/);
});
