// What one scenario shares between its actors: the target, the transcript, secrets to redact,
// seeded data, and the aliases ("ada") the steps speak of, each bound to a run-unique name.
import type { Faker } from '@faker-js/faker';
// Faker's English entry point, not the package index: the index loads every locale (about 0.15 s of each start,
// against 25 ms here). Its one export, an English Faker, gives the class and the definitions (English over
// Faker's base) for each scenario's own instance; a test holds its output equal to `new Faker({ locale: [en] })`.
import { faker as englishFaker } from '@faker-js/faker/locale/en';
import type { Exchange } from '../scim/exchange.js';
import { Redactor, requestPath } from '../scim/exchange.js';
import { redirectLeftUnfollowed, sameOriginRedirect } from '../scim/transport.js';
import type { SpProfile, TargetDescription, TargetSecrets } from '../targets/target.js';
import { existsSync } from 'node:fs';
import { appendLedger, eventsOf, LiveSet, namePrefix, type LedgerEntry, type LedgerEvent } from '../cli/ledger.js';

export interface RunParameters {
  target: TargetDescription;
  spProfile: SpProfile;
  /** The run's seed: each scenario's faker seed is derived from it and the scenario's name. */
  seed: number;
  /** Distinguishes this run's names from any earlier run's on a persistent SP. */
  runId: string;
  timeoutMs: number;
  /** How long a read may take to show the scenario's own writes (settle.ts). */
  settleMs: number;
  /** The run's ledger file (support/cli/ledger.ts): what scenarios create and delete is appended to it. */
  ledger?: string;
  /** Exists once the run is interrupted: scenarios stop sending and are left NOT-RUN. */
  stopFile?: string;
}

/** Thrown by a step when the run was interrupted (Ctrl-C): the scenario is left out of the report, never judged. */
export class RunInterrupted extends Error {
  constructor() { super('the run was interrupted (Ctrl-C): this scenario stopped before it was judged'); this.name = 'RunInterrupted'; }
}

export interface PersonData {
  alias: string;
  userName: string;
  givenName: string;
  familyName: string;
  displayName: string;
  email: string;
  externalId: string;
}

/** A failed check another row owns, noted where it failed (ScenarioContext.asides). */
export interface Aside { owner: string; message: string }

export class ScenarioContext {
  readonly transcript: Exchange[] = [];
  /** The simulated IdPs' own log lines (Okta's System Log, Entra's provisioning log, OneLogin's Activity > Events). */
  readonly idpLog: { at: string; vendor: string; level: string; message: string }[] = [];
  /**
   * Should-level findings of a scenario that otherwise passed: where a row's check goes beyond the MUST of
   * the clause it cites (a missing optional scimType, say), that part is graded WARN, never FAIL.
   */
  readonly findings: string[] = [];
  /**
   * Checks another row owns that failed here and did not stop the scenario (aside.ts): the form of an error body
   * whose status this scenario's row judges, say. The report lays each at its owner's door, or this row's.
   */
  readonly asides: Aside[] = [];
  /** The catalogue ids this scenario judges (its @req tags). */
  judges: readonly string[] = [];
  /** What the report should say beside the verdict, without grading it (a list that showed a write late, say). */
  readonly notes: string[] = [];
  /** The time each settle wait spent before its expectation still did not hold (settle.ts): what a failure cost. */
  readonly settleSpentMs: number[] = [];
  /** A note, said once however many checks come to it. */
  noteOnce(note: string): void { if (!this.notes.includes(note)) this.notes.push(note); }
  readonly redactor: Redactor;
  private seededFaker?: Faker;
  readonly seed: number;
  private readonly people = new Map<string, PersonData>();
  private readonly groupNames = new Map<string, string>();
  private readonly emails = new Map<string, string>();
  private counter = 0;
  /** What this scenario created and has not deleted yet, read from its exchanges (the After hook sweeps it). */
  readonly created = new LiveSet();
  /** Epoch ms after which the current step stops waiting out busy answers (429, 503 with Retry-After); each step sets it. */
  busyDeadline?: number;
  /**
   * The first busy answer the HTTP layer stopped waiting out, described. What the scenario saw after it (a 429
   * is a 4xx, and a missing write is no deviation) is no verdict on the SP, so the scenario is not judged.
   */
  stillBusy?: string;
  /**
   * The first request the target refused to connect for, described: the SP was down (it had answered when the run
   * began), so what the scenario saw after it is no verdict on the SP, and the scenario is not judged.
   */
  targetDown?: string;
  /**
   * The first request whose answer was a redirect (307, 308) left unfollowed, described: an IdP's (no vendor documents
   * whether its client follows one) or the suite's own to another origin (the run's credential stays with its target).
   * RFC 7644 §3.12 lets an SP redirect any request, so what the scenario saw after it is no verdict: it is not judged.
   */
  redirectUnfollowed?: string;
  /** Bearer tokens by SCIM base, for the After hook's sweep of leftovers (never written anywhere). */
  private readonly tokens = new Map<string, string>();
  /** SCIM bases of the suite's own instruments (a throttling proxy), each with the SP base it forwards to. */
  private readonly standIns = new Map<string, string>();

  constructor(readonly run: RunParameters, readonly secrets: TargetSecrets, readonly scenarioName: string, seedOverride?: number) {
    this.redactor = new Redactor([secrets.token, secrets.secondToken, secrets.adminToken]);
    this.seed = seedOverride ?? scenarioSeed(run.seed, scenarioName);
  }

  /** This scenario's faker, seeded from its name: made when first used (many scenarios never use it). */
  get faker(): Faker {
    if (!this.seededFaker) {
      this.seededFaker = seededFaker(this.seed);
    }
    return this.seededFaker;
  }

  get target(): TargetDescription { return this.run.target; }
  get profile(): SpProfile { return this.run.spProfile; }

  record = (exchange: Exchange): void => {
    this.transcript.push(exchange);
    if (exchange.stillBusy && !exchange.cleanup && !this.stillBusy) {
      this.stillBusy = `${exchange.request.method} ${requestPath(exchange.request.url)} was answered ${exchange.response?.status}, ${exchange.stillBusy}`;
    }
    if (exchange.refused && !exchange.cleanup && !this.targetDown) this.targetDown = `${exchange.request.method} ${requestPath(exchange.request.url)}: ${exchange.failure} at ${exchange.at}`;
    if (!this.redirectUnfollowed && redirectLeftUnfollowed(exchange)) {
      const to = exchange.response?.headers?.location;
      // the suite's client follows one on the target's origin: one left there was an IdP's (exact) request
      this.redirectUnfollowed = `${exchange.actor}'s ${exchange.request.method} ${requestPath(exchange.request.url)} was answered ${exchange.response!.status} to ${to ?? 'no Location'}, `
        + (sameOriginRedirect(exchange.request.url, to) ? 'which the simulated IdP does not follow: no vendor documents whether its client follows a redirect, so what the IdP would do there is unknown'
          : 'not the target\'s origin: the suite does not take the run\'s credential there (run against that origin to judge it)');
    }
    this.track(eventsOf(exchange, this.target.adminBase, this.scenarioName));
  };

  /**
   * What the scenario made or removed, into its live set (the After hook deletes what is left) and the run's
   * ledger (the run's last sweep, should a scenario not get to it): from its exchanges, and from the console,
   * whose browser requests are no exchange of the suite's own.
   */
  track(events: LedgerEvent[]): void {
    // what went through an instrument of the suite's own is on the SP behind it, where the cleanup must find it
    const onTarget = this.standIns.size ? events.map((e) => {
      const base = this.standIns.get(e.base.replace(/\/+$/, ''));
      return base ? { ...e, base } : e;
    }) : events;
    for (const e of onTarget) this.created.apply(e);
    appendLedger(this.run.ledger, onTarget);
  }

  /** Requests to `instrument` (a proxy of the suite's) reach `base`: what they create is recorded as made there. */
  standsIn(instrument: string, base: string): void { this.standIns.set(instrument.replace(/\/+$/, ''), base.replace(/\/+$/, '')); }

  /** Remembers which token opens a SCIM base (a tenant made for this scenario), so leftovers there can be deleted. */
  rememberToken(base: string, token: string | undefined): void { if (token) this.tokens.set(base.replace(/\/+$/, ''), token); }

  /** The token for a base: the run's for the target, else one a scenario used there. */
  tokenFor(base: string): string | undefined {
    if (base === this.target.scimBase) return this.secrets.token || undefined;
    return this.tokens.get(base);
  }

  /** What this scenario left on the target so far (after its abilities cleaned up), groups first. */
  leftovers(): LedgerEntry[] { return this.created.leftovers(); }

  /** The run was interrupted (Ctrl-C): stop sending. */
  get interrupted(): boolean { return Boolean(this.run.stopFile && existsSync(this.run.stopFile)); }

  /** The run's name prefix, `scimc-<runId>-`: every generated name carries it. */
  get prefix(): string { return namePrefix(this.run.runId); }

  /** Notes a failed check another row owns (see asides); the scenario goes on. */
  aside(owner: string, message: string): void {
    if (!this.asides.some((a) => a.owner === owner && a.message === message)) this.asides.push({ owner, message });
  }

  /** Notes a should-level finding (see findings); the scenario goes on. */
  should(finding: string): void { if (!this.findings.includes(finding)) this.findings.push(finding); }

  /** A suffix unique to this run and this scenario's n-th name, apart from the seed; it carries the run's prefix. */
  unique(): string {
    return `${this.prefix}${this.suffix()}`;
  }

  private suffix(): string {
    this.counter += 1;
    return `${this.seed.toString(36).slice(-3)}${this.counter}`;
  }

  person(alias: string): PersonData {
    let p = this.people.get(alias);
    if (!p) {
      const givenName = this.faker.person.firstName().replace(/[^A-Za-z-]/g, '') || 'Ada';
      const familyName = this.faker.person.lastName().replace(/[^A-Za-z-]/g, '') || 'Lovelace';
      const userName = this.userNameFor(alias);
      p = { alias, userName, givenName, familyName, displayName: `${givenName} ${familyName}`, email: userName, externalId: this.faker.string.uuid() };
      this.people.set(alias, p);
    }
    return p;
  }

  knowsPerson(alias: string): boolean { return this.people.has(alias); }

  /**
   * A new userName of this run for a label ("ada renamed" → `scimc-<runId>-Ada.Renamed.<n>@example.com`). The
   * prefix leads, so `userName sw "scimc-<runId>-"` (cleanup --prefix) finds every user a run made, renamed ones
   * too; the words are capitalised, as directories hold names, so an SP that stores userName in another case shows.
   */
  userNameFor(label: string): string {
    const words = label.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/(^|\.)([a-z])/g, (_, dot: string, ch: string) => dot + ch.toUpperCase());
    return `${this.prefix}${words}.${this.suffix()}@example.com`;
  }

  /**
   * The address a literal email of a scenario's text stands for in this run (`ada.work@example.com` →
   * `scimc-<runId>-ada.work.<n>@example.com`), the same one each time within the scenario. An SP may hold
   * primary emails unique (AWS does): two runs against one SP, or a run beside another's leftovers, must never
   * send the same address, or one of them fails a row for what the other left there.
   */
  emailOf(literal: string): string {
    const at = literal.lastIndexOf('@');
    if (at <= 0) return literal;
    let scoped = this.emails.get(literal);
    if (!scoped) {
      scoped = `${this.prefix}${literal.slice(0, at)}.${this.suffix()}${literal.slice(at)}`;
      this.emails.set(literal, scoped);
    }
    return scoped;
  }

  /** What a value a step states for a user attribute stands for in this run: an email is the run's own address (emailOf). */
  statedValue(attribute: string, value: string): string {
    return attribute.toLowerCase() === 'email' ? this.emailOf(value) : value;
  }

  /** The literal a run's address stands for (emailOf's inverse), or undefined. */
  literalEmailOf(scoped: string): string | undefined {
    for (const [literal, value] of this.emails) if (value === scoped) return literal;
    return undefined;
  }

  /**
   * A group's displayName of this run (`devs` → `scimc-<runId>-Devs <n>`): the prefix leads, for cleanup --prefix;
   * the words are capitalised, as directories hold names, so an SP that stores displayName in another case shows.
   */
  groupName(alias: string): string {
    let name = this.groupNames.get(alias);
    if (!name) {
      const words = alias.replace(/(^|\s)([a-z])/g, (_, space: string, ch: string) => space + ch.toUpperCase());
      name = `${this.prefix}${words} ${this.suffix()}`;
      this.groupNames.set(alias, name);
    }
    return name;
  }
}

/** FNV-1a over the run seed and the scenario name: stable, so a failure replays with the same data. */
export function scenarioSeed(runSeed: number, scenarioName: string): number {
  let h = 0x811c9dc5 ^ runSeed;
  for (let i = 0; i < scenarioName.length; i++) { h ^= scenarioName.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}

const EnglishFaker = englishFaker.constructor as typeof Faker;

/** A Faker of its own (concurrent histories never share one), English, seeded. */
export function seededFaker(seed: number): Faker {
  const faker = new EnglishFaker({ locale: englishFaker.rawDefinitions });
  faker.seed(seed);
  return faker;
}
