// The engine-level faults of types.ts FAULTS, in one place: each is a small, explicit deviation that the
// handlers consult. The token and tenant faults belong to the HTTP shell and are ignored here.
import type { RuleSet } from './profiles/rules.ts';
import type { FaultName } from './types.ts';

export interface EngineFaults {
  /** accept-multiple-values: aws stops refusing a second value in emails/addresses/phoneNumbers/roles. */
  acceptMultipleValues: boolean;
  /** duplicate-username-200: a duplicate userName on create answers 200 with the existing user. */
  duplicateUserName200: boolean;
  /** ignore-count: list requests return every result on one page. */
  ignoreCount: boolean;
  /** legacy-member-remove-all: remove on "members" with a value list removes every member. */
  legacyMemberRemoveAll: boolean;
  /** delete-emptied-groups: a group whose last member is removed is deleted. */
  deleteEmptiedGroups: boolean;
  /** patch-not-atomic: operations before the failing one are kept. */
  patchNotAtomic: boolean;
}

export function engineFaults(faults: ReadonlySet<FaultName> | undefined): EngineFaults {
  const on = (n: FaultName): boolean => faults?.has(n) ?? false;
  return {
    acceptMultipleValues: on('accept-multiple-values'),
    duplicateUserName200: on('duplicate-username-200'),
    ignoreCount: on('ignore-count'),
    legacyMemberRemoveAll: on('legacy-member-remove-all'),
    deleteEmptiedGroups: on('delete-emptied-groups'),
    patchNotAtomic: on('patch-not-atomic'),
  };
}

/** The rule set as the faults bend it (only accept-multiple-values changes a rule). */
export function withFaults(rules: RuleSet, f: EngineFaults): RuleSet {
  if (f.acceptMultipleValues && rules.singleValued) return { ...rules, singleValued: undefined };
  return rules;
}
