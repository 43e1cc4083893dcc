// A scenario's Faker comes from Faker's English entry point (the package index loads every locale at start):
// it must give, seed for seed, what `new Faker({ locale: [en] })` gives, so a run's --seed keeps its data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en } from '@faker-js/faker';
import { seededFaker } from '../../support/screenplay/context.js';

// each method the suite's sources call on a Faker
const draw = (f: Faker) => [f.person.firstName(), f.person.lastName(), f.person.jobTitle(), f.commerce.department(), f.string.uuid(),
  f.string.alphanumeric({ length: 8, casing: 'lower' }), f.string.numeric(6), f.number.int({ min: 1, max: 100_000 })].join('|');

test('seededFaker gives what an English Faker with the same seed gives', () => {
  for (let seed = 0; seed < 200; seed++) {
    const reference = new Faker({ locale: [en] });
    reference.seed(seed);
    const ours = seededFaker(seed);
    for (let i = 0; i < 4; i++) assert.equal(draw(ours), draw(reference), `seed ${seed}, draw ${i + 1}`);
  }
});

test('two seeded Fakers never share a sequence', () => {
  const a = seededFaker(7);
  const b = seededFaker(7);
  const first = draw(a);
  draw(a); // a moves on alone
  assert.equal(draw(b), first);
});
