// The scenario's World: a cast of actors over one ScenarioContext. The only place, with hooks.ts and
// steps.ts, that knows cucumber; everything it builds on is plain TypeScript.
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { Actor, Cast } from '../screenplay/actor.js';
import { ScenarioContext, type RunParameters } from '../screenplay/context.js';
import { prepareActor } from '../screenplay/cast.js';
import { secretsFromEnvironment } from '../targets/secrets.js';

export class ScimWorld extends World<RunParameters> {
  ctx!: ScenarioContext;
  cast!: Cast;

  constructor(options: IWorldOptions<RunParameters>) {
    super(options);
  }

  begin(scenarioName: string, tags: string[]): void {
    const pinned = process.env.SCIM_CONFORMANCE_SCENARIO_SEED;
    this.ctx = new ScenarioContext(this.parameters, secretsFromEnvironment(), scenarioName, pinned ? Number(pinned) : undefined);
    this.ctx.judges = tags.filter((t) => t.startsWith('@req:')).map((t) => t.slice('@req:'.length));
    this.cast = new Cast((name) => prepareActor(name, this.ctx, tags));
  }

  actor(name: string): Actor { return this.cast.actor(name); }
}

setWorldConstructor(ScimWorld);
