// Names a reader sees: IdP dialect columns and the sections the three verdicts are made of.
import type { Result } from './types.js';

/** The catalogue's SP sections: AWS fidelity and RFC conformance count these; the others are IdP sections. */
export const SP_SECTIONS = new Set(['AP', 'AWS', 'RFC']);

const VENDORS: Record<string, string> = { okta: 'Okta', entra: 'Entra ID', onelogin: 'OneLogin', ol: 'OneLogin', aad: 'Entra ID' };
const FLAVOURS: Record<string, string> = { oin: 'OIN', aiw: 'AIW', aws: 'AWS app', legacy: 'legacy', aadoptscim062020: 'aadOptscim062020', core: 'core', enterprise: 'enterprise' };

/** "entra-legacy" → "Entra ID (legacy)"; an unknown dialect keeps its id. Labels only: nothing branches on them. */
export function dialectLabel(dialect: string): string {
  const [vendor, ...rest] = dialect.split('-');
  const v = VENDORS[vendor];
  if (!v) return dialect;
  const flavour = rest.join('-');
  return flavour ? `${v} (${FLAVOURS[flavour] ?? flavour})` : v;
}

export const RESULT_LABEL: Record<Result, string> = {
  PASS: 'PASS', FAIL: 'FAIL', WARN: 'WARN', BLOCKED: 'BLOCKED', UNSUPPORTED: 'UNSUPPORTED', XFAIL: 'XFAIL', XPASS: 'XPASS', 'NOT-APPLICABLE': 'N/A', 'NOT-RUN': 'not run',
};

/** Results that need someone's attention: the "failures only" filter keeps rows with one of these. */
export const ATTENTION = new Set<Result>(['FAIL', 'XPASS', 'WARN']);
