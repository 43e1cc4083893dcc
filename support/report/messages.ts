// The few @cucumber/messages shapes the report reads, typed loosely on purpose: the NDJSON is the single
// source, and a field a newer cucumber adds must never break a report. (Kept local so that nothing outside
// support/cucumber/ depends on cucumber's packages.)
import { readFileSync } from 'node:fs';

export interface Timestamp { seconds: number; nanos: number }
export type Status = 'UNKNOWN' | 'PASSED' | 'SKIPPED' | 'PENDING' | 'UNDEFINED' | 'AMBIGUOUS' | 'FAILED';

export interface PickleStep { id: string; text: string; astNodeIds: string[]; type?: string;
  argument?: { docString?: { content: string }; dataTable?: { rows: { cells: { value: string }[] }[] } } }
export interface Pickle { id: string; uri: string; location?: { line: number; column?: number }; name: string;
  steps: PickleStep[]; tags: { name: string; astNodeId: string }[]; astNodeIds: string[] }
export interface TestStep { id: string; pickleStepId?: string; hookId?: string; stepDefinitionIds?: string[] }
export interface TestCase { id: string; pickleId: string; testSteps: TestStep[]; testRunStartedId?: string }
export interface TestStepResult { status: Status; duration?: { seconds: number; nanos: number }; message?: string;
  exception?: { type: string; message?: string; stackTrace?: string } }
export interface Attachment { body: string; contentEncoding: 'IDENTITY' | 'BASE64'; mediaType: string; fileName?: string;
  testCaseStartedId?: string; testStepId?: string; timestamp?: Timestamp; [k: string]: unknown }
export interface Hook { id: string; name?: string; type?: string; tagExpression?: string }

export interface Envelope {
  meta?: Record<string, unknown>;
  source?: { uri: string; data: string; mediaType: string };
  gherkinDocument?: { uri?: string; feature?: unknown };
  pickle?: Pickle;
  hook?: Hook;
  stepDefinition?: { id: string };
  testRunStarted?: { timestamp: Timestamp; id?: string };
  testRunFinished?: { timestamp: Timestamp; success: boolean; message?: string; testRunStartedId?: string };
  testCase?: TestCase;
  testCaseStarted?: { id: string; testCaseId: string; attempt: number; timestamp: Timestamp; workerId?: string };
  testStepStarted?: { testCaseStartedId: string; testStepId: string; timestamp: Timestamp };
  testStepFinished?: { testCaseStartedId: string; testStepId: string; testStepResult: TestStepResult; timestamp: Timestamp };
  testCaseFinished?: { testCaseStartedId: string; timestamp: Timestamp; willBeRetried: boolean };
  attachment?: Attachment;
  [other: string]: unknown;
}

/** Parses message NDJSON text; a torn last line (a killed run) is dropped rather than failing the report. */
export function parseNdjson(text: string, where = 'messages'): Envelope[] {
  const out: Envelope[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line) as Envelope);
    } catch {
      if (i < lines.length - 2) throw new Error(`${where}: line ${i + 1} is not a JSON message envelope`);
    }
  });
  return out;
}

export function readNdjson(path: string): Envelope[] {
  return parseNdjson(readFileSync(path, 'utf8'), path);
}

export function toMillis(t: Timestamp | undefined): number {
  return t ? t.seconds * 1000 + Math.round(t.nanos / 1e6) : 0;
}

export function durationMs(d: { seconds: number; nanos: number } | undefined): number {
  return d ? d.seconds * 1000 + d.nanos / 1e6 : 0;
}

export function attachmentText(a: Attachment): string {
  return a.contentEncoding === 'BASE64' ? Buffer.from(a.body, 'base64').toString('utf8') : a.body;
}
