/** 0 every must-level SP rule passed; 1 one failed (or a baseline XPASS); 2 bad usage; 3 target unreachable (at the start, or down mid-run with nothing must-level red);
 *  4 the suite itself failed (a bug to report, never a verdict on the target); 130 interrupted (Ctrl-C). */
export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3, internal: 4, interrupted: 130 } as const;
