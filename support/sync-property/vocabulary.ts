// The steps a sync history is made of, in the features' own sentences. Each step is data (what the IdP's
// admin does), its Gherkin line (the sentence a step definition in steps/idp.steps.ts already matches) and the
// Screenplay task that line runs: the fuzzer performs exactly what a replayed .feature performs.
import { task, type Actor, type Task } from '../screenplay/actor.js';
import type { ScenarioContext } from '../screenplay/context.js';
import {
  AddMember, Assign, AssignGroup, ChangeAttribute, ConnectIdp, DeleteGroupInIdp, DeleteMapping, HardDelete, HaveGroup, HaveUser,
  IncludeGroupsInProvisioning, NextCycle, PushGroup, RemoveMember, RenameGroup, RenameUser, SetActive, SetProvisioning,
  SetManager, SoftDelete, Unassign, UnassignGroup, UnlinkGroup, Wait, engineOf,
} from '../screenplay/tasks/idp/index.js';

/** An attribute a history changes, as the step sentence names it, and the directory key it sets. */
export const CHANGEABLE = { 'first name': 'givenName', 'last name': 'familyName', title: 'title', 'work phone': 'telephoneNumber', email: 'email' } as const;
export type ChangeableAttribute = keyof typeof CHANGEABLE;

export type Step =
  | { kind: 'connect' }
  | { kind: 'include-groups' }
  | { kind: 'have-user'; user: string }
  | { kind: 'assign'; user: string }
  | { kind: 'unassign'; user: string }
  | { kind: 'change'; user: string; attribute: ChangeableAttribute; value: string }
  | { kind: 'rename-user'; user: string }
  | { kind: 'set-manager'; user: string; manager: string }
  | { kind: 'deactivate'; user: string }
  | { kind: 'reactivate'; user: string }
  | { kind: 'delete-user'; user: string }
  | { kind: 'hard-delete-user'; user: string }
  | { kind: 'have-group'; group: string; members: string[] }
  | { kind: 'add-member'; user: string; group: string }
  | { kind: 'remove-member'; user: string; group: string }
  | { kind: 'rename-group'; group: string; to: string }
  | { kind: 'push-group'; group: string }
  | { kind: 'unlink-group'; group: string }
  | { kind: 'assign-group'; group: string }
  | { kind: 'unassign-group'; group: string }
  | { kind: 'delete-group'; group: string }
  | { kind: 'delete-mapping'; source: string }
  | { kind: 'provisioning'; on: boolean }
  | { kind: 'wait'; spoken: string }
  | { kind: 'next-cycle' };

/** The step's Gherkin line, without its keyword, for the IdP role (`Okta`, `Entra ID`, `OneLogin`). */
export function sentence(step: Step, idp: string): string {
  switch (step.kind) {
    case 'connect': return `${idp} is connected to the service provider`;
    case 'include-groups': return `${idp}'s admin selects "Include in User Provisioning" on the Groups parameter`;
    case 'have-user': return `${idp} has a user "${step.user}"`;
    case 'assign': return `${idp} assigns "${step.user}" to the app`;
    case 'unassign': return `${idp} unassigns "${step.user}" from the app`;
    case 'change': return `${idp} changes the ${step.attribute} of "${step.user}" to "${step.value}"`;
    case 'rename-user': return `${idp} renames the user "${step.user}"`;
    case 'set-manager': return `${idp}'s admin makes "${step.manager}" the manager of "${step.user}"`;
    case 'deactivate': return `${idp} deactivates "${step.user}"`;
    case 'reactivate': return `${idp} reactivates "${step.user}"`;
    case 'delete-user': return `${idp} deletes "${step.user}"`;
    case 'hard-delete-user': return `${idp} permanently deletes "${step.user}"`;
    case 'have-group': return `${idp} has a group "${step.group}" with the members "${step.members.join(', ')}"`;
    case 'add-member': return `${idp} adds "${step.user}" to its group "${step.group}"`;
    case 'remove-member': return `${idp} removes "${step.user}" from its group "${step.group}"`;
    case 'rename-group': return `${idp} renames its group "${step.group}" to "${step.to}"`;
    case 'push-group': return `${idp} pushes its group "${step.group}"`;
    case 'unlink-group': return `${idp} unlinks the pushed group "${step.group}" and deletes it in the app`;
    case 'assign-group': return `${idp} assigns its group "${step.group}" to the app`;
    case 'unassign-group': return `${idp} unassigns its group "${step.group}" from the app`;
    case 'delete-group': return `${idp} deletes its group "${step.group}"`;
    case 'delete-mapping': return `${idp}'s admin deletes the attribute mapping of "${step.source}"`;
    case 'provisioning': return `${idp}'s admin sets Provisioning Status to ${step.on ? 'On' : 'Off'}`;
    case 'wait': return `${idp}'s clock moves on by ${step.spoken}`;
    case 'next-cycle': return `${idp} runs its next incremental cycle`;
  }
}

/**
 * The task the step's sentence runs (as its step definition in steps/idp.steps.ts does it). `connect` needs
 * "the client" (the reader at the same endpoint).
 */
export function taskOf(step: Step, ctx: ScenarioContext, client: Actor): Task[] {
  switch (step.kind) {
    case 'connect': return [ConnectIdp(ctx, client, false)];
    case 'include-groups': return [IncludeGroupsInProvisioning(true)];
    case 'have-user': return [HaveUser(ctx, step.user)];
    case 'assign': return [ensureUser(ctx, step.user), Assign(step.user)];
    case 'unassign': return [Unassign(step.user)];
    case 'change': return [ChangeAttribute(ctx, step.user, step.attribute, step.value)];
    case 'rename-user': return [RenameUser(ctx, step.user)];
    case 'set-manager': return [SetManager(step.user, step.manager)];
    case 'deactivate': return [SetActive(step.user, false)];
    case 'reactivate': return [SetActive(step.user, true)];
    case 'delete-user': return [SoftDelete(step.user)];
    case 'hard-delete-user': return [HardDelete(step.user)];
    case 'have-group': return [HaveGroup(ctx, step.group, step.members)];
    case 'add-member': return [ensureUser(ctx, step.user), AddMember(step.user, step.group)];
    case 'remove-member': return [RemoveMember(step.user, step.group)];
    case 'rename-group': return [RenameGroup(ctx, step.group, step.to)];
    case 'push-group': return [PushGroup(step.group)];
    case 'unlink-group': return [UnlinkGroup(step.group, true)];
    case 'assign-group': return [AssignGroup(step.group)];
    case 'unassign-group': return [UnassignGroup(step.group)];
    case 'delete-group': return [DeleteGroupInIdp(step.group)];
    case 'delete-mapping': return [DeleteMapping(step.source)];
    case 'provisioning': return [SetProvisioning(step.on)];
    case 'wait': return [Wait(step.spoken)];
    case 'next-cycle': return [NextCycle];
  }
}

/** "assigns" and "adds" create the user first when the directory lacks it, as their step definitions do. */
const ensureUser = (ctx: ScenarioContext, alias: string): Task => task(`have the user "${alias}" when missing`, async (a) => {
  if (!engineOf(a).directory.users.has(alias)) await a.attemptsTo(HaveUser(ctx, alias));
});
