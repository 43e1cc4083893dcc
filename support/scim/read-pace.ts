// The pace of reads that wait for an SP's lists to show a write: the settle reads of the scenarios
// (support/screenplay/settle.ts) and the capability probe's measure of that lag (support/targets/capabilities.ts)
// read again after 25 ms, then after twice the last pause up to 400 ms, until the time given is spent.
const FIRST_PAUSE_MS = 25;
const LONGEST_PAUSE_MS = 400;

export interface ReadPace {
  /** Sleeps the next pause and says true, or says false once the time is spent (or `stop` says so) without sleeping. */
  next(): Promise<boolean>;
  /** Milliseconds since the pace began. */
  waited(): number;
}

export function readPace(budgetMs: number, stop: () => boolean = () => false): ReadPace {
  const started = Date.now();
  let pause = FIRST_PAUSE_MS;
  return {
    next: async () => {
      if (stop() || Date.now() - started + pause > budgetMs) return false;
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
      return true;
    },
    waited: () => Date.now() - started,
  };
}
