// Where the two SP profiles legitimately differ on the RFC rows marked "all", as data: the tasks and
// questions read this table, so no step (and no handler) asks which profile it runs. Sources: the
// catalogue's AWS rows (AWS-FILTER-01, AWS-GROUP-01, AWS-PAGE-01, AWS-ERR-01, AWS-PATCH-01).
import type { PersonData } from '../context.js';
import type { SpProfile } from '../../targets/target.js';

export interface FilterForm {
  /** What the form exercises, for the failure message. */
  name: string;
  filter: string;
  /** Aliases of the users the filter must return, exactly. */
  expect: string[];
  /** The optional user attributes it filters on, as /Schemas paths: an SP that keeps none of one lawfully matches no one. */
  needs?: string[];
}

export interface SpTraits {
  /** The row that owns the shape of an error body under this profile. */
  errorRow: 'RFC-ERR-01' | 'AWS-ERR-01';
  /**
   * Whether a refusal must carry exactly the status a table names (aws: AWS documents the status of each refusal,
   * and the profile pins it); rfc: RFC 7644 §3.12's Table 8 recommends codes (a SHOULD), so where no clause names
   * the code itself, any 4xx refuses and another than the table's is a should-level finding.
   */
  refusalStatusPinned: boolean;
  /** The row that owns refusing a PATCH operation RFC 7644 §3.5.2 forbids (a remove without a path). */
  patchRefusalRow: 'RFC-PATCH-01' | 'AWS-PATCH-01';
  /** Groups come back with their members (rfc); aws returns an empty list and answers `id eq G and members eq U`. */
  groupsCarryMembers: boolean;
  /** An SP may serve users only (rfc: the RFC leaves the resource types to the SP); AWS serves groups, so aws judges their absence. */
  groupsOptional: boolean;
  /** An SP may leave externalId unstored (rfc: RFC 7643 §3.1 makes it OPTIONAL); AWS stores it, so aws judges it. */
  externalIdOptional: boolean;
  /** An SP may keep a subset of the User attributes, as /Schemas declares (rfc: RFC 7643 §4.1 makes them OPTIONAL); AWS keeps the ones the IdPs map. */
  userAttributesOptional: boolean;
  /** Filter forms the profile supports, each aimed at some of the scenario's users (all names run-unique). */
  filterForms(people: PersonData[]): FilterForm[];
  /** A syntactically valid filter the profile does not support (aws: any operator but eq; rfc: an operator
   *  the RFC does not define, which no SP can support). */
  unsupportedFilter(person: PersonData): string;
  /** The row whose rule refuses that filter, when it is not RFC-FILTER-01's own (aws: AWS documents which forms it answers). */
  unsupportedFilterRefusedBy?: string;
}

const q = (s: string): string => JSON.stringify(s);
const local = (p: PersonData): string => p.userName.replace(/@.*$/, '');
/** A run-unique inner part of a userName (alias and suffix, without the first letter). */
const inner = (p: PersonData): string => local(p).slice(1);

export const TRAITS: Record<SpProfile, SpTraits> = {
  rfc: {
    errorRow: 'RFC-ERR-01',
    refusalStatusPinned: false,
    patchRefusalRow: 'RFC-PATCH-01',
    groupsCarryMembers: true,
    groupsOptional: true,
    externalIdOptional: true,
    userAttributesOptional: true,
    filterForms: ([a, b, c]) => [
      { name: 'or of two eq', filter: `userName eq ${q(a.userName)} or userName eq ${q(b.userName)}`, expect: [a.alias, b.alias] },
      { name: 'sw', filter: `userName sw ${q(`${local(a)}@`)}`, expect: [a.alias] },
      { name: 'co', filter: `userName co ${q(`${inner(b)}@`)}`, expect: [b.alias] },
      { name: 'ew', filter: `userName ew ${q(`${inner(c)}@example.com`)}`, expect: [c.alias] },
      // on userName, not externalId: an SP may leave externalId unstored (RFC 7643 §3.1: OPTIONAL), and this row judges filters
      { name: 'and with a boolean', filter: `userName eq ${q(a.userName)} and active eq true`, expect: [a.alias], needs: ['active'] },
      { name: 'not inside and', filter: `(userName eq ${q(a.userName)} or userName eq ${q(b.userName)}) and not (userName eq ${q(b.userName)})`, expect: [a.alias] },
      { name: 'value path on emails', filter: `emails[type eq "work" and value eq ${q(b.email)}]`, expect: [b.alias], needs: ['emails'] },
      { name: 'sub-attribute eq', filter: `name.familyName eq ${q(c.familyName)} and userName sw ${q(`${local(c)}@`)}`, expect: [c.alias], needs: ['name.familyName'] },
      // pr on an attribute every user has: displayName is optional (RFC 7643 §4.1.1), and an SP may keep none
      { name: 'pr', filter: `userName eq ${q(c.userName)} and name.familyName pr`, expect: [c.alias], needs: ['name.familyName'] },
      // "and" binds tighter than "or" (RFC 7644 §3.4.2.2, "Filters MUST be evaluated using the following order of
      // operations"): b and c are two users, so only a matches; read left to right it would match no one
      { name: 'and before or', filter: `userName eq ${q(a.userName)} or userName eq ${q(b.userName)} and userName eq ${q(c.userName)}`, expect: [a.alias] },
      { name: 'ne inside and', filter: `userName eq ${q(c.userName)} and userName ne ${q(c.userName)}`, expect: [] },
    ],
    unsupportedFilter: (p) => `userName regex ${q(local(p))}`,
  },
  aws: {
    errorRow: 'AWS-ERR-01',
    refusalStatusPinned: true,
    patchRefusalRow: 'AWS-PATCH-01',
    groupsCarryMembers: false,
    groupsOptional: false,
    externalIdOptional: false,
    userAttributesOptional: false,
    filterForms: ([a, b]) => [
      { name: 'userName eq', filter: `userName eq ${q(a.userName)}`, expect: [a.alias] },
      { name: 'externalId eq', filter: `externalId eq ${q(b.externalId)}`, expect: [b.alias] },
    ],
    unsupportedFilter: (p) => `userName sw ${q(local(p))}`,
    unsupportedFilterRefusedBy: 'AWS-FILTER-01',
  },
};

export function traitsOf(profile: SpProfile): SpTraits { return TRAITS[profile]; }
