// Reproductions: a support engineer pastes a recorded exchange into fixtures/transcripts/ and replays it
// with one step against any target ("the support engineer" has the ability to replay).
import { fileURLToPath } from 'node:url';
import { isAbsolute, join } from 'node:path';
import { task, Unsupported, type Ability, type Actor, type Task } from '../../actor.js';
import type { ScenarioContext } from '../../context.js';
import { Replayer, loadTranscript } from '../../../idp/replay.js';
import { requireGroups } from '../groups.js';

/** A request to the Groups endpoint or a group under it. */
const GROUPS = /\/Groups(?=[/?]|$)/;

const TRANSCRIPTS = fileURLToPath(new URL('../../../../fixtures/transcripts/', import.meta.url));

export class ReplayTranscripts implements Ability {
  replayer?: Replayer;
  constructor(readonly ctx: ScenarioContext, readonly actorName: string) {}
  async discard(): Promise<void> { await this.replayer?.cleanup(); }
}

export const Replay = (ctx: ScenarioContext, file: string): Task =>
  task(`replay ${file}`, async (actor) => {
    if (!ctx.secrets.token) throw new Unsupported('replaying needs the target\'s bearer token (give --token)');
    const ability = actor.abilityTo(ReplayTranscripts);
    const path = isAbsolute(file) ? file : join(TRANSCRIPTS, file);
    const transcript = loadTranscript(path);
    // a recording of group traffic says nothing of an SP that serves users only, which the RFC allows (UNSUPPORTED)
    if (transcript.some((e) => GROUPS.test(e.request.url))) requireGroups(ctx);
    ability.replayer = new Replayer({ base: ctx.target.scimBase, token: ctx.secrets.token, redactor: ctx.redactor, actor: `${actor.name} (replay)`,
      timeoutMs: ctx.run.timeoutMs, record: ctx.record, unique: ctx.unique() });
    await ability.replayer.replay(transcript);
  });

export function replayerOf(actor: Actor): Replayer {
  const r = actor.abilityTo(ReplayTranscripts).replayer;
  if (!r) throw new Error(`${actor.name} has replayed nothing yet`);
  return r;
}
