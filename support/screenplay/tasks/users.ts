// Tasks "the client" performs on users. Each leaves its reply as the actor's last reply.
import { task, type Actor, type Task } from '../actor.js';
import { CallScim } from '../abilities/call-scim.js';
import type { ScenarioContext } from '../context.js';
import { userPayload } from '../../scim/payloads.js';
import { expectStatus } from '../../scim/expectations.js';

export function idOf(actor: Actor, alias: string): string {
  const id = actor.abilityTo(CallScim).ids.get(alias);
  if (!id) throw new Error(`no user or group "${alias}" was created in this scenario`);
  return id;
}

export const CreateUser = {
  /** POST /Users with a body valid for both profiles, changed by `change` (a variation of the scenario). */
  named: (ctx: ScenarioContext, alias: string, change: (body: Record<string, any>) => void = () => {}): Task =>
    task(`create the user "${alias}"`, async (actor) => {
      const body = userPayload(ctx.person(alias));
      change(body);
      const scim = actor.abilityTo(CallScim);
      const reply = await scim.send({ method: 'POST', path: '/Users', body });
      if (reply.status === 201 && reply.body?.id) scim.ids.set(alias, reply.body.id);
    }),
};

export const EnsureUser = (ctx: ScenarioContext, alias: string): Task =>
  task(`make sure the user "${alias}" exists`, async (actor) => {
    await actor.attemptsTo(CreateUser.named(ctx, alias));
    expectStatus(actor.abilityTo(CallScim).lastReply(), 201, `creating the user "${alias}"`);
  });

export const ReadUser = (alias: string): Task =>
  task(`read the user "${alias}"`, async (actor) => {
    await actor.abilityTo(CallScim).send({ method: 'GET', path: `/Users/${idOf(actor, alias)}` });
  });

export const DeleteUser = (alias: string): Task =>
  task(`delete the user "${alias}"`, async (actor) => {
    const scim = actor.abilityTo(CallScim);
    const id = idOf(actor, alias);
    const reply = await scim.send({ method: 'DELETE', path: `/Users/${id}` });
    if (reply.status === 204) scim.forget(id);
  });
