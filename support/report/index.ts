// The report area's public surface: what the runner and the CLI call.
export { buildReport, exitCodeFor, worst, RESULT_ORDER } from './verdicts.js';
export { loadBaseline, baselineFrom, BaselineError, type Baseline, type BaselineEntry } from './baseline.js';
export { writeReports, writeRunReports, type RunReportsOptions, type RunReportsResult } from './write.js';
export { mergeRunDirs, mergeEnvelopes, MergeError, MESSAGES_FILE, RUN_FILE } from './merge.js';
export { summarize } from './summary.js';
export { reportMain } from './cli.js';
export { readNdjson, parseNdjson, type Envelope } from './messages.js';
export type { ConformanceReport, RequirementVerdict, VariantVerdict, Result, RunInfo } from './types.js';
