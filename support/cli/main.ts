// scim-conformance <command>: run (the default), list, doctor, cleanup, serve, record, report, batch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, TargetUnreachable } from '../targets/target.js';
import { EXIT } from './exit-codes.js';
import { PACKAGE_ROOT } from './paths.js';

export const VERSION = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version as string;

export const USAGE = `scim-conformance — certify a SCIM 2.0 endpoint against what IdPs and AWS IAM Identity Center do

  scim-conformance run     [--target embedded|url:<base>|container:<image>] [--token T] [--second-token T2]
                           [--admin-url U --admin-token A] [--sp-profile aws|rfc|both] [--tags EXPR] [--req ID,…]
                           [--rerun-failed reports/conformance.json] [--parallel N] [--report-dir reports] [--seed N]
                           [--timeout-ms 10000] [--baseline fixtures/expectations/<target>.yaml] [--config FILE]
                           [--container-port P] [--container-env K=V]… [--container-scim-path /scim/v2] [--features FILE|DIR]…
  scim-conformance list    [--format text|json] [--tags EXPR]
  scim-conformance doctor  --target … [--token T]          what the target advertises and really serves
  scim-conformance cleanup --target … --prefix scimc-<runId>   delete what a killed run left behind
  scim-conformance fuzz-sync --target … --idp <dialect|all> --runs N --seed S --steps M --report-dir D   random IdP histories must converge
  scim-conformance serve   [--port 8080] [--profile aws|rfc] [--admin-token A] [--data-dir D]
  scim-conformance record  --listen <port> --upstream <url>
  scim-conformance report  merge <dir>… [--report-dir out] | report --baseline-from reports/conformance.json
  scim-conformance certify-client [--port P] [--profile aws|rfc] [--report-dir D] [--duration-s N] [--throttle N]
                           judge a SCIM client by what AWS refuses (prints its endpoint and token)
  scim-conformance batch   FILE|- [--report-dir reports]   several runs in one process (one run's arguments a line, as a JSON array)
  scim-conformance <command> --help · scim-conformance --version

Options may come from scim-conformance.config.yaml (or --config FILE); flags override it.
Environment: SCIM_BASE_URL, SCIM_TOKEN, SCIM_SECOND_TOKEN, SCIM_ADMIN_URL, SCIM_ADMIN_TOKEN (keep secrets out of shell history); NO_COLOR.
Exit codes: 0 every must-level rule passed · 1 a must-level rule failed · 2 bad usage · 3 target unreachable, or down mid-run (no must-level rule failed, some scenarios unjudged) · 4 suite bug · 130 interrupted.`;

const RECORD_HELP = `scim-conformance record: a recording proxy for reproducing an IdP's requests

usage: scim-conformance record --listen <port> --upstream <url> [--out <file>] [--max <n>] [--ca-file <pem>]

  --listen <port>    the local port (127.0.0.1) to point the IdP at
  --upstream <url>   the SCIM base URL to forward to (http or https)
  --out <file>       the transcript file (default fixtures/transcripts/recorded-<time>.json)
  --max <n>          stop after n exchanges
  --ca-file <pem>    trust this CA besides the system CAs (an https upstream behind a private CA)`;

const REPORT_HELP = `scim-conformance report: merge shard folders, or start a baseline from a report

usage: scim-conformance report merge <dir>… [--report-dir out] [--baseline file] [--sp-profile aws|rfc]
       scim-conformance report --baseline-from reports/conformance.json [--out file]`;

const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const code = await dispatch(command, rest, argv);
  // an interrupted run may leave a scenario's timers behind: do not wait for them once the reports are written
  if (code === EXIT.interrupted) setTimeout(() => process.exit(EXIT.interrupted), 1_000).unref();
  return code;
}

async function dispatch(command: string | undefined, rest: string[], argv: string[]): Promise<number> {
  try {
    switch (command) {
      case undefined: case 'run': return await (await import('./run.js')).runMain(rest);
      case 'list': return await (await import('./list.js')).listMain(rest);
      case 'doctor': return await (await import('./doctor.js')).doctorMain(rest);
      case 'cleanup': return await (await import('./cleanup.js')).cleanupMain(rest);
      case 'fuzz-sync': return await (await import('../sync-property/cli.js')).fuzzSyncMain(rest);
      case 'serve': return await (await import('../reference-server/main.js')).serveMain(rest);
      case 'record':
        if (wantsHelp(rest)) { console.log(RECORD_HELP); return EXIT.ok; }
        return await (await import('./record.js')).recordMain(rest);
      case 'report':
        if (wantsHelp(rest)) { console.log(REPORT_HELP); return EXIT.ok; }
        return await (await import('../report/cli.js')).reportMain(rest);
      case 'certify-client': return await (await import('../certify-client/main.js')).certifyClientMain(rest);
      case 'batch': return await (await import('./batch.js')).batchMain(rest, (args) => dispatch('run', args, ['run', ...args]));
      case 'help': case '--help': case '-h':
        if (command === 'help' && rest[0]) return dispatch(rest[0], ['--help'], argv);
        console.log(USAGE); return EXIT.ok;
      case 'version': case '--version': case '-V': console.log(VERSION); return EXIT.ok;
      default:
        if (command.startsWith('--')) return await (await import('./run.js')).runMain(argv);
        console.error(`Unknown command "${command}": use run, list, doctor, cleanup, fuzz-sync, serve, record, report, certify-client or batch (scim-conformance --help).`);
        return EXIT.usage;
    }
  } catch (error) {
    if (error instanceof UsageError) { console.error(error.message); return EXIT.usage; }
    if (error instanceof TargetUnreachable) { console.error(error.message); return EXIT.unreachable; }
    // A bug in the suite is not a verdict on the target: say so, and keep 1 for real failures.
    console.error(`scim-conformance hit an internal error (not a verdict on the target): ${(error as Error)?.stack ?? String(error)}`);
    return EXIT.internal;
  }
}
