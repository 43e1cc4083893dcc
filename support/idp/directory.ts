// The IdP's own directory: users and groups as the vendor's console holds them, app assignments, Okta push
// groups, OneLogin's "Include in User Provisioning". Vendor-neutral attribute names (the mapping tables of
// the dialect profiles say which feeds which SCIM attribute).
import type { Faker } from '@faker-js/faker';

export interface DirectoryUser {
  key: string;
  /** The IdP's immutable id (Okta's 00u…, Entra's objectId, OneLogin's numeric id). */
  objectId: string;
  userName: string;
  email?: string;
  givenName?: string;
  familyName?: string;
  displayName?: string;
  mailNickname?: string;
  telephoneNumber?: string;
  mobile?: string;
  facsimileTelephoneNumber?: string;
  streetAddress?: string;
  city?: string;
  state?: string;
  zipCode?: string;
  countryCode?: string;
  title?: string;
  department?: string;
  employeeNumber?: string;
  locale?: string;
  nickName?: string;
  /** Key of another directory user. */
  manager?: string;
  password?: string;
  /** Active in the IdP (Okta: not suspended/deactivated; Entra: accountEnabled). */
  active: boolean;
  /** Entra: soft-deleted at this IdP time (recycle bin); hard delete 30 days later. */
  deletedAt?: string;
  hardDeleted?: boolean;
  /** ABAC: attributes passed in SAML assertions as session tags. */
  tags?: Record<string, string>;
  /** The seeds' edge cases this user was made with: the variation its scenario judges (not plain setup data). */
  edges?: Edge[];
}

export interface DirectoryGroup {
  key: string;
  objectId: string;
  displayName: string;
  members: Set<string>;
  deleted?: boolean;
}

/** The edge cases the seeds name. */
export type Edge = 'missing-names' | 'several-phones' | 'partial-address' | 'full-address' | 'unicode' | 'aws-refused-chars' | 'entitlements';

export class Directory {
  readonly users = new Map<string, DirectoryUser>();
  readonly groups = new Map<string, DirectoryGroup>();
  /** Users assigned to the app directly. */
  readonly assignedUsers = new Set<string>();
  /** Groups assigned to the app (their members are in scope). */
  readonly assignedGroups = new Set<string>();
  /** Okta's Push Groups (and OneLogin roles with "Include in User Provisioning"). */
  readonly pushedGroups = new Set<string>();

  addUser(user: DirectoryUser): DirectoryUser { this.users.set(user.key, user); return user; }
  addGroup(group: Omit<DirectoryGroup, 'members'> & { members?: Iterable<string> }): DirectoryGroup {
    const g: DirectoryGroup = { ...group, members: new Set(group.members ?? []) };
    this.groups.set(g.key, g);
    return g;
  }

  user(key: string): DirectoryUser {
    const u = this.users.get(key);
    if (!u) throw new Error(`the IdP's directory has no user "${key}"`);
    return u;
  }
  group(key: string): DirectoryGroup {
    const g = this.groups.get(key);
    if (!g) throw new Error(`the IdP's directory has no group "${key}"`);
    return g;
  }

  /** Assigned directly, or a member of an assigned group; and not hard-deleted. */
  inScope(key: string): boolean {
    const u = this.users.get(key);
    if (!u || u.hardDeleted) return false;
    if (this.assignedUsers.has(key)) return true;
    for (const g of this.assignedGroups) if (this.groups.get(g)?.members.has(key) && !this.groups.get(g)?.deleted) return true;
    return false;
  }

  groupsOf(key: string): DirectoryGroup[] { return [...this.groups.values()].filter((g) => g.members.has(key)); }

  /** The keys of the groups any of `userKeys` belongs to: one pass over the groups, not one per user. */
  groupsOfAny(userKeys: Iterable<string>): Set<string> {
    const users = userKeys instanceof Set ? userKeys as Set<string> : new Set(userKeys);
    const out = new Set<string>();
    if (users.size === 0) return out;
    for (const g of this.groups.values()) {
      if (g.members.size <= users.size) { for (const m of g.members) if (users.has(m)) { out.add(g.key); break; } }
      else for (const u of users) if (g.members.has(u)) { out.add(g.key); break; }
    }
    return out;
  }
}

export interface PersonSeed { userName: string; givenName: string; familyName: string; displayName: string; email: string }

/**
 * A directory user from seeded faker data and a run-unique person, with one of the seeds' edge cases.
 * Characters AWS refuses appear only when asked for (house.md, "Data").
 */
export function directoryUser(faker: Faker, key: string, person: PersonSeed, edges: Edge[] = []): DirectoryUser {
  const local = person.userName.split('@')[0];
  const u: DirectoryUser = {
    key, objectId: faker.string.uuid(), userName: person.userName, email: person.email,
    givenName: person.givenName, familyName: person.familyName, displayName: person.displayName,
    mailNickname: local.replace(/[^A-Za-z0-9.-]/g, '').slice(0, 64),
    telephoneNumber: `+1 555 01${faker.string.numeric(2)}`, locale: 'en-US',
    title: faker.person.jobTitle().replace(/[^A-Za-z ]/g, ''), department: faker.commerce.department().replace(/[^A-Za-z ]/g, ''),
    employeeNumber: faker.string.numeric(6), active: true, ...(edges.length ? { edges: [...edges] } : {}),
  };
  for (const edge of edges) {
    switch (edge) {
      case 'missing-names': delete u.givenName; delete u.familyName; delete u.displayName; break;
      case 'several-phones':
        u.mobile = `+1 555 02${faker.string.numeric(2)}`;
        u.facsimileTelephoneNumber = `+1 555 03${faker.string.numeric(2)}`;
        break;
      case 'partial-address': u.streetAddress = `${faker.number.int({ min: 1, max: 999 })} Example Street`; u.city = 'Springfield'; break;
      case 'full-address':
        Object.assign(u, { streetAddress: `${faker.number.int({ min: 1, max: 999 })} Example Street`, city: 'Springfield', state: 'IL', zipCode: '62701', countryCode: 'US' });
        break;
      case 'unicode':
        u.givenName = 'Zoë'; u.familyName = 'Ångström-Łukasiewicz'; u.displayName = 'Zoë Ångström-Łukasiewicz';
        break;
      case 'aws-refused-chars': u.displayName = `${u.displayName ?? 'Some One'} <admin>`; break;
      case 'entitlements': break;
    }
  }
  return u;
}

/** A person that a scenario did not get from ScenarioContext (unit tests, golden files). */
export function fixedDirectoryUser(key: string, data: Partial<DirectoryUser> & { userName: string; objectId: string }): DirectoryUser {
  return { key, active: true, ...data };
}
