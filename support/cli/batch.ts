// scim-conformance batch FILE: several runs, one after another, in one process. Node, the compiled suite and
// cucumber's step definitions load once, and later runs find their code warm: a plan × variants matrix (the
// suite's own mutant table, a sweep of seeds, both profiles against several targets) spends its time in the
// scenarios rather than in start-ups. Each run is the run it would be alone: its own target, opened and
// closed; its own report folder; its own exit code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../targets/target.js';
import { EXIT } from './exit-codes.js';

export const BATCH_HELP = `scim-conformance batch: several runs in one process, one after another

usage: scim-conformance batch FILE|- [--report-dir reports]

  FILE    one run a line: its arguments as a JSON array of strings, e.g.
            ["--faults", "ignore-count", "--sp-profile", "rfc", "--quiet"]
          blank lines and lines that start with # are skipped; - reads standard input
  --report-dir DIR   where a run without its own --report-dir writes (DIR/run-<line>; default reports)

Each run prints what it would alone, and then one JSON line on standard output:
  {"batch":{"line":3,"exit":1,"reportDir":"reports/run-3","seconds":4.21}}
A line that cannot be read is named (exit 2 for it) and the batch goes on; Ctrl-C stops after the run in flight.
The batch exits with the worst of its runs' codes (130 when interrupted).`;

export interface BatchLine { line: number; args?: string[]; error?: string }

/** The runs a batch file asks for, by line number; a line that is not a JSON array of strings carries its error. */
export function parseBatch(text: string): BatchLine[] {
  const out: BatchLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    let args: unknown;
    try { args = JSON.parse(line); } catch (error) {
      out.push({ line: i + 1, error: `line ${i + 1} is not JSON (${(error as Error).message}): write a run's arguments as a JSON array of strings` });
      return;
    }
    if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
      out.push({ line: i + 1, error: `line ${i + 1} is not a JSON array of strings: write a run's arguments as ["--faults", "ignore-count", …]` });
      return;
    }
    out.push({ line: i + 1, args: args[0] === 'run' ? args.slice(1) : args });
  });
  return out;
}

/** The batch's exit code: an interrupt wins, then the highest code of any run (1 a must-level failure, 2–4 worse). */
export function worstExit(codes: number[]): number {
  if (codes.includes(EXIT.interrupted)) return EXIT.interrupted;
  return codes.reduce((a, b) => Math.max(a, b), EXIT.ok);
}

export async function batchMain(argv: string[], run: (args: string[]) => Promise<number>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { process.stdout.write(`${BATCH_HELP}\n`); return EXIT.ok; }
  let files: string[];
  let reportRoot: string;
  try {
    const parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { 'report-dir': { type: 'string', default: 'reports' } } });
    files = parsed.positionals;
    reportRoot = parsed.values['report-dir']!;
  } catch (error) {
    throw new UsageError(`batch: ${(error as Error).message.split('\n')[0]}.\n\n${BATCH_HELP}`);
  }
  if (files.length !== 1 || !reportRoot) throw new UsageError(`batch takes one FILE (or -) and an optional --report-dir DIR.\n\n${BATCH_HELP}`);
  let text: string;
  try { text = readFileSync(files[0] === '-' ? 0 : files[0], 'utf8'); } catch (error) {
    throw new UsageError(`batch: cannot read ${files[0]}: ${(error as Error).message}`);
  }
  const lines = parseBatch(text);
  if (!lines.length) throw new UsageError(`batch: ${files[0]} holds no run (one JSON array of arguments a line).`);
  const codes: number[] = [];
  let interrupted = false;
  const onSignal = () => { interrupted = true; };
  process.on('SIGINT', onSignal);
  try {
    for (const { line, args, error } of lines) {
      if (interrupted) break;
      const started = performance.now();
      let code: number;
      let reportDir: string | undefined;
      if (error) {
        process.stderr.write(`scim-conformance batch: ${error}\n`);
        code = EXIT.usage;
      } else {
        const own = args!.findIndex((a) => a === '--report-dir' || a.startsWith('--report-dir='));
        reportDir = own < 0 ? join(reportRoot, `run-${line}`) : (args![own].includes('=') ? args![own].split('=').slice(1).join('=') : args![own + 1]);
        // a run leaves its target's secrets in this process's environment for cucumber's workers: the next run starts
        // from the environment the batch was given, so nothing of one target can reach another
        const environment = { ...process.env };
        try {
          code = await run(own < 0 ? [...args!, '--report-dir', reportDir] : args!);
        } finally {
          for (const key of Object.keys(process.env)) if (!(key in environment)) delete process.env[key];
          Object.assign(process.env, environment);
        }
      }
      codes.push(code);
      if (code === EXIT.interrupted) interrupted = true;
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      process.stdout.write(`${JSON.stringify({ batch: { line, exit: code, ...(reportDir ? { reportDir } : {}), seconds } })}\n`);
    }
  } finally {
    process.off('SIGINT', onSignal);
  }
  return interrupted ? EXIT.interrupted : worstExit(codes);
}
