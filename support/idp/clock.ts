// The simulated IdP clock: the IdP's time, apart from the SP's (the reference's clock is moved only
// through its admin API, on a tenant of the scenario's own).

export class IdpClock {
  private t: number;
  constructor(start: Date = new Date('2026-01-05T09:00:00.000Z')) { this.t = start.getTime(); }
  get now(): Date { return new Date(this.t); }
  iso(): string { return this.now.toISOString(); }
  set(to: Date): void { if (to.getTime() > this.t) this.t = to.getTime(); }
  advance(ms: number): Date { this.t += ms; return this.now; }
}

/** ISO 8601 duration (PnDTnHnMnS, PnW) in milliseconds. */
export function durationMs(duration: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration.trim());
  if (!m || duration.trim() === 'P' || duration.trim().endsWith('T')) throw new Error(`not an ISO 8601 duration: ${duration}`);
  const [, w, d, h, min, s] = m;
  return ((((Number(w ?? 0) * 7 + Number(d ?? 0)) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60 + Number(s ?? 0)) * 1000;
}

/** "40 minutes", "30 days", "1 hour" → an ISO 8601 duration. */
export function spokenDuration(text: string): string {
  const m = /^(\d+)\s*(second|minute|hour|day|week)s?$/i.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text}`);
  const n = m[1];
  switch (m[2].toLowerCase()) {
    case 'second': return `PT${n}S`;
    case 'minute': return `PT${n}M`;
    case 'hour': return `PT${n}H`;
    case 'day': return `P${n}D`;
    default: return `P${n}W`;
  }
}
