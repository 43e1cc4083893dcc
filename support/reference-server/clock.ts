// Simulated time: real time + a global offset + a per-tenant offset. Durations are ISO 8601
// (P1Y2M10DT2H30M, PT40M, P4W); years and months are calendar units in UTC.

export interface Duration { years: number; months: number; days: number; ms: number }

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses an ISO 8601 duration; returns undefined when it is not one (or is empty, like "P" or "PT"). */
export function parseDuration(text: string): Duration | undefined {
  if (typeof text !== 'string' || text.length > 64) return undefined;
  const m = DURATION.exec(text.trim().toUpperCase());
  if (!m || /T$/.test(text.trim().toUpperCase()) || m.slice(1).every((part) => part === undefined)) return undefined;
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  const seconds = m[7] === undefined ? 0 : Number(m[7].replace(',', '.'));
  const values = [n(1), n(2), n(3), n(4), n(5), n(6), seconds];
  if (values.some((v) => !Number.isFinite(v) || v > 1e7)) return undefined;
  return {
    years: n(1),
    months: n(2),
    days: n(3) * 7 + n(4),
    ms: Math.round(((n(5) * 60 + n(6)) * 60 + seconds) * 1000),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Adds a duration: calendar years and months first (clamping the day, so 29 Feb + P1Y is 28 Feb), then days and time. */
export function addDuration(date: Date, d: Duration): Date {
  let result = new Date(date.getTime());
  const months = d.years * 12 + d.months;
  if (months !== 0) {
    const total = result.getUTCFullYear() * 12 + result.getUTCMonth() + months;
    const year = Math.floor(total / 12);
    const month = total - year * 12;
    const day = Math.min(result.getUTCDate(), daysInMonth(year, month));
    result = new Date(Date.UTC(year, month, day, result.getUTCHours(), result.getUTCMinutes(), result.getUTCSeconds(), result.getUTCMilliseconds()));
    if (year < 100) result.setUTCFullYear(year, month, day);
  }
  return new Date(result.getTime() + d.days * 86_400_000 + d.ms);
}

export const ONE_YEAR: Duration = { years: 1, months: 0, days: 0, ms: 0 };

export class SimulatedClock {
  globalOffsetMs = 0;
  constructor(private readonly realNow: () => number = Date.now) {}

  /** The time of a tenant (or the server's time when no tenant offset is given). */
  now(tenantOffsetMs = 0): Date {
    return new Date(this.realNow() + this.globalOffsetMs + tenantOffsetMs);
  }

  /** The offset (ms) that moves `from` forward by the duration. */
  static deltaFor(from: Date, d: Duration): number {
    return addDuration(from, d).getTime() - from.getTime();
  }
}
