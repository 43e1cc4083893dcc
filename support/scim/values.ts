// Values compared as RFC 7643 defines them, where an SP may lawfully answer another spelling of what it was sent.

/** Whether the value of an attribute that is not caseExact (RFC 7643 §7) equals `expected`: in any case. */
export function sameIgnoringCase(value: unknown, expected: string): boolean {
  return typeof value === 'string' && value.toLowerCase() === expected.toLowerCase();
}

/**
 * The values of a multi-valued attribute (emails, phoneNumbers…) of this `type`: a type is not caseExact (RFC 7643
 * §8.7.1), so an SP may answer "Work" for "work".
 */
export function valuesOfType(list: unknown, type: string): any[] {
  return Array.isArray(list) ? list.filter((v) => sameIgnoringCase(v?.type, type)) : [];
}

/**
 * Whether two phone numbers are the same number: service providers SHOULD canonicalise one as an RFC 3966 tel URI
 * (RFC 7643 §4.1.2), so `tel:+1-555-0100` is `+1 555 0100`. Compared without a leading "tel:" and without the
 * visual separators (RFC 3966 §3: "-", ".", "(" and ")"; spaces as people write them).
 */
export function samePhoneNumber(got: unknown, sent: string): boolean {
  const bare = (v: string): string => v.trim().replace(/^tel:/i, '').replace(/[\s().-]/g, '');
  return typeof got === 'string' && bare(got) === bare(sent);
}

/** Two xsd:dateTime values (RFC 7643 §2.3.5) that name the same instant, however written, or the same absent value. */
export function sameInstant(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const [x, y] = [Date.parse(a), Date.parse(b)];
  return Number.isFinite(x) && x === y;
}
