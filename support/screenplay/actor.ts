// A small Screenplay (after Serenity/JS): actors have abilities, perform tasks, and ask questions.
// Steps speak only in these terms; HTTP, JSON and vendor dialects live in abilities and tasks.

export interface Ability {
  /** Called once after the scenario: undo what this ability created (best effort, never throws). */
  discard?(): Promise<void>;
}

export type AbilityType<A extends Ability> = abstract new (...args: any[]) => A;

/**
 * The catalogue id of the behaviour a task or question exercises, e.g. 'RFC-CREATE-01' for "create a user".
 * When it fails inside a scenario that judges another id, that scenario is BLOCKED by the owner, not red:
 * one deviation, one red row. Tasks without an owner belong to the scenario's own row. Several ids joined by
 * `|` (`ownerFirst`) are asked in turn: the first that is red blocks the scenario, and one that is the
 * scenario's own row makes the failure its own (report/verdicts.ts).
 */
export type Owner = string;

/** Owners asked in turn, the first first (see Owner); those undefined are left out. */
export function ownerFirst(...owners: (Owner | undefined)[]): Owner | undefined {
  const named = owners.filter((o): o is Owner => Boolean(o));
  return named.length ? named.join('|') : undefined;
}

export interface Task {
  performAs(actor: Actor): Promise<void>;
  toString(): string;
  owner?: Owner;
}

export interface Question<T> {
  answeredBy(actor: Actor): Promise<T>;
  toString(): string;
  owner?: Owner;
}

/** A failure carries the owner of the innermost owned task or question it came out of. */
export function ownerOf(error: unknown): Owner | undefined {
  return error && typeof error === 'object' ? (error as { owner?: Owner }).owner : undefined;
}

function claim(error: unknown, owner: Owner | undefined): void {
  if (!owner || !error || typeof error !== 'object' || error instanceof Unsupported) return;
  const e = error as { owner?: Owner };
  if (e.owner === undefined) e.owner = owner;
}

/** A capability the target lacks: the step ends as skipped with this reason, reported UNSUPPORTED. */
export class Unsupported extends Error {
  constructor(reason: string) { super(reason); this.name = 'Unsupported'; }
}

export class Actor {
  private readonly abilities: Ability[] = [];
  private readonly notes = new Map<string, unknown>();

  constructor(readonly name: string) {}

  whoCan(...abilities: Ability[]): this {
    this.abilities.push(...abilities);
    return this;
  }

  has<A extends Ability>(type: AbilityType<A>): boolean {
    return this.abilities.some((a) => a instanceof type);
  }

  abilityTo<A extends Ability>(type: AbilityType<A>): A {
    const found = this.abilities.find((a) => a instanceof type);
    if (!found) throw new Unsupported(`${this.name} cannot ${type.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} on this target`);
    return found as A;
  }

  /** The outermost task this actor started last, in the step's own words: what its last request was for. */
  lastTask?: string;
  private depth = 0;

  async attemptsTo(...tasks: Task[]): Promise<void> {
    for (const task of tasks) {
      if (this.depth === 0) this.lastTask = task.toString();
      this.depth += 1;
      try { await task.performAs(this); } catch (error) { claim(error, task.owner); throw error; } finally { this.depth -= 1; }
    }
  }

  async asks<T>(question: Question<T>): Promise<T> {
    try { return await question.answeredBy(this); } catch (error) { claim(error, question.owner); throw error; }
  }

  remember<T>(key: string, value: T): void { this.notes.set(key, value); }
  recall<T>(key: string): T {
    if (!this.notes.has(key)) throw new Error(`${this.name} does not remember ${key}`);
    return this.notes.get(key) as T;
  }
  recalls(key: string): boolean { return this.notes.has(key); }

  async dismiss(): Promise<void> {
    for (const ability of [...this.abilities].reverse()) {
      try { await ability.discard?.(); } catch { /* cleanup is best effort */ }
    }
  }
}

/** Builds actors on first mention, each prepared with the abilities its role needs. */
export class Cast {
  private readonly actors = new Map<string, Actor>();
  constructor(private readonly prepare: (name: string) => Actor) {}

  actor(name: string): Actor {
    const key = name.toLowerCase();
    let actor = this.actors.get(key);
    if (!actor) { actor = this.prepare(name); this.actors.set(key, actor); }
    return actor;
  }

  all(): Actor[] { return [...this.actors.values()]; }

  async dismissAll(): Promise<void> {
    for (const actor of [...this.actors.values()].reverse()) await actor.dismiss();
  }
}

/** Build a Task from a description and a function, for tasks too small to deserve a class. */
export function task(description: string, perform: (actor: Actor) => Promise<void>, owner?: Owner): Task {
  return { performAs: perform, toString: () => description, ...(owner ? { owner } : {}) };
}

export function question<T>(description: string, answer: (actor: Actor) => Promise<T>, owner?: Owner): Question<T> {
  return { answeredBy: answer, toString: () => description, ...(owner ? { owner } : {}) };
}

/** The same task or question, owned by a catalogue id (see Owner). */
export function ownedBy<T extends Task | Question<any>>(owner: Owner, what: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(what)), what, { owner, toString: () => what.toString() });
}
