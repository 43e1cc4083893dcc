import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSigningCertificate, signSamlResponse, signSamlResponseXml } from '../../support/saml/sign-response.ts';
import { admin, startServer } from './helpers.ts';

const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

async function post(url: string, samlResponse: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: 'x' }) });
  return { status: res.status, body: await res.json() as any };
}

test('SAML assertion consumer: attributes for access control', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const idp = await createSigningCertificate();
  const other = await createSigningCertificate('attacker.example.com');
  const tenant = (await admin(server, '/tenants', { method: 'POST' })).body;
  const acs = `${server.url}/${tenant.id}/saml/acs`;
  const base = { ...idp, issuer: 'https://idp.example.com/metadata', nameId: 'alice@example.com' };

  // No certificate registered yet.
  assert.equal((await post(acs, signSamlResponse({ ...base, attributes: { CostCenter: 'blue' } }))).status, 403);

  assert.equal((await admin(server, `/tenants/${tenant.id}/saml`, { method: 'PUT', body: { certificate: 'not a pem' } })).status, 400);
  const put = await admin(server, `/tenants/${tenant.id}/saml`, { method: 'PUT', body: { certificate: idp.certificatePem, attributesForAccessControl: true } });
  assert.equal(put.status, 200);

  const ok = await post(acs, signSamlResponse({ ...base, attributes: { CostCenter: 'blue', Department: 'Engineering', 'https://aws.amazon.com/SAML/Attributes/RoleSessionName': 'alice' } }));
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.body, { nameId: 'alice@example.com', sessionTags: { CostCenter: 'blue', Department: 'Engineering' } });

  // The seed's own layout: the value on its own line is trimmed.
  const spaced = signSamlResponseXml({ ...base, attributes: { CostCenter: '\nblue\n' } });
  assert.deepEqual((await post(acs, b64(spaced))).body.sessionTags, { CostCenter: 'blue' });

  // Tampered after signing.
  const signed = signSamlResponseXml({ ...base, attributes: { CostCenter: 'blue' } });
  const tampered = await post(acs, b64(signed.replace('>blue<', '>red<')));
  assert.equal(tampered.status, 403);
  assert.equal(typeof tampered.body.error, 'string');
  assert.equal((await post(acs, b64(signed.replace('alice@example.com', 'mallory@example.com')))).status, 403);

  // Unsigned.
  const unsigned = signed.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
  assert.equal((await post(acs, b64(unsigned))).status, 403);

  // Signed by another key (even with its own certificate in KeyInfo).
  assert.equal((await post(acs, signSamlResponse({ ...base, ...other, attributes: { CostCenter: 'blue' } }))).status, 403);

  // Signature wrapping: the genuine signed assertion moved aside, an evil one in its place.
  const genuine = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(signed)![0];
  const evil = genuine.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '').replace('>blue<', '>admin<').replace(/ID="[^"]+"/, 'ID="_evil"');
  const wrapped = signed.replace(genuine, `${evil}<samlp:Extensions>${genuine}</samlp:Extensions>`);
  assert.equal((await post(acs, b64(wrapped))).status, 403);
  const wrapped2 = signed.replace(genuine, evil.replace('</saml:Assertion>', `${genuine}</saml:Assertion>`));
  assert.equal((await post(acs, b64(wrapped2))).status, 403);

  // Expiry follows the tenant's clock.
  const short = signSamlResponse({ ...base, attributes: { CostCenter: 'blue' }, notOnOrAfter: new Date(Date.now() + 5 * 60_000) });
  assert.equal((await post(acs, short)).status, 200);
  await admin(server, '/clock', { body: { advance: 'PT10M', tenant: tenant.id } });
  const expired = await post(acs, short);
  assert.equal(expired.status, 403);
  assert.match(expired.body.error, /expired/);

  // Attributes for access control off → no tags.
  await admin(server, `/tenants/${tenant.id}/saml`, { method: 'PUT', body: { certificate: idp.certificatePem, attributesForAccessControl: false } });
  const now = new Date(Date.parse((await admin(server, `/clock?tenant=${tenant.id}`)).body.now));
  const off = await post(acs, signSamlResponse({ ...base, now, attributes: { CostCenter: 'blue' } }));
  assert.equal(off.status, 200);
  assert.deepEqual(off.body.sessionTags, {});

  // Garbage and wrong bindings.
  assert.equal((await post(acs, b64('<notxml'))).status, 400);
  assert.equal((await post(acs, b64('<!DOCTYPE x [<!ENTITY a "b">]><x/>'))).status, 400);
  const json = await fetch(acs, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(json.status, 415);
  assert.equal((await fetch(acs)).status, 405);
  assert.equal((await post(`${server.url}/nope/saml/acs`, short)).status, 404);
});
