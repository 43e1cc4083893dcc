// A small Screenplay (after Serenity/JS): actors have abilities, perform tasks, and ask questions.
// Steps speak only in these terms; HTTP, JSON and vendor dialects live in abilities and tasks.

export interface Ability {
  /** Called once after the scenario: undo what this ability created (best effort, never throws). */
  discard?(): Promise<void>;
}

export type AbilityType<A extends Ability> = abstract new (...args: any[]) => A;

export interface Task {
  performAs(actor: Actor): Promise<void>;
  toString(): string;
}

export interface Question<T> {
  answeredBy(actor: Actor): Promise<T>;
  toString(): string;
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
      try { await task.performAs(this); } finally { this.depth -= 1; }
    }
  }

  async asks<T>(question: Question<T>): Promise<T> {
    return question.answeredBy(this);
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
export function task(description: string, perform: (actor: Actor) => Promise<void>): Task {
  return { performAs: perform, toString: () => description };
}

export function question<T>(description: string, answer: (actor: Actor) => Promise<T>): Question<T> {
  return { answeredBy: answer, toString: () => description };
}
