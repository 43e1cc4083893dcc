// A run starts Chromium (and the SAML signing worker) while cucumber loads only when its plan may hold a
// scenario that needs it: judged on the tags each scenario carries, so an rfc run, whose plan leaves every
// @sp:aws console scenario out, launches no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mayRunConsole, scenarioTagSets } from '../../support/cli/run.ts';
import type { Target } from '../../support/targets/target.ts';

test('the tag sets of a folder\'s scenarios: Feature, Rule, Scenario and Examples tags carry down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scimc-tags-'));
  writeFileSync(join(dir, 'a.feature'), [
    '@feature-tag', 'Feature: one', '', '  Background:', '    Given a step', '',
    '  @rule-one @sp:aws', '  Rule: first', '    @plain', '    Scenario: plain', '      Given a step', '',
    '    Scenario Outline: outlined <x>', '      Given a step', '      @ex-a', '      Examples: a', '        | x |', '        | 1 |',
    '      @ex-b', '      Examples: b', '        | x |', '        | 2 |', '',
    '  Rule: second', '    Scenario: bare', '      Given a step "@not-a-tag"', '',
  ].join('\n'));
  assert.deepEqual(scenarioTagSets(dir), [
    ['@feature-tag', '@rule-one', '@sp:aws', '@plain'],
    ['@feature-tag', '@rule-one', '@sp:aws', '@ex-a'],
    ['@feature-tag', '@rule-one', '@sp:aws', '@ex-b'],
    ['@feature-tag'],
  ]);
  assert.deepEqual(scenarioTagSets(join(dir, 'missing')), []);
});

test('a run prewarms the browser only when its plan may hold a console scenario', () => {
  const target = (admin: boolean) => ({ description: { capabilities: { admin } } }) as unknown as Target;
  const serial = { parallel: 0 };
  // the plan's tags as planTags makes them (the other profile's scenarios left out by tag)
  const aws = (tags?: string) => (tags ? `(${tags}) and not @sp:rfc` : 'not @sp:rfc');
  const rfc = (tags?: string) => (tags ? `(${tags}) and not @sp:aws` : 'not @sp:aws');
  assert.equal(mayRunConsole(serial, aws(), target(true)), true);
  assert.equal(mayRunConsole(serial, aws('@req:AP-TOKEN-02'), target(true)), true);
  assert.equal(mayRunConsole(serial, rfc(), target(true)), false, 'every console scenario is @sp:aws');
  assert.equal(mayRunConsole(serial, aws('not @console'), target(true)), false);
  assert.equal(mayRunConsole(serial, aws('@req:RFC-CREATE-01'), target(true)), false, 'no console scenario judges it');
  assert.equal(mayRunConsole(serial, aws('not @reference-only'), target(true)), true, 'a console rule without that tag remains');
  assert.equal(mayRunConsole(serial, aws(), target(false)), false, 'without the admin API they are skipped');
  assert.equal(mayRunConsole({ parallel: 2 }, aws(), target(true)), false, 'workers run the scenarios');
});
