// scim-conformance <command>: run (the default), serve, record, report.
import { UsageError, TargetUnreachable } from '../targets/target.js';
import { EXIT } from './exit-codes.js';

export const USAGE = `scim-conformance — certify a SCIM 2.0 endpoint against what IdPs and AWS IAM Identity Center do

  scim-conformance run    [--target embedded|url:<base>|container:<image>] [--token T] [--second-token T2]
                          [--admin-url U --admin-token A] [--sp-profile aws|rfc] [--tags EXPR]
                          [--parallel N] [--report-dir reports] [--seed N] [--timeout-ms 10000]
                          [--baseline fixtures/expectations/<target>.yaml]
                          [--container-port P] [--container-env K=V]… [--container-scim-path /scim/v2]
  scim-conformance serve  [--port 8080] [--profile aws|rfc] [--admin-token A] [--data-dir D]
  scim-conformance record --listen <port> --upstream <url>
  scim-conformance report merge <dir>… [--report-dir out] | report --baseline-from reports/conformance.json

Environment: SCIM_BASE_URL, SCIM_TOKEN, SCIM_SECOND_TOKEN, SCIM_ADMIN_URL, SCIM_ADMIN_TOKEN (keep secrets out of shell history).
Exit codes: 0 every must-level rule passed · 1 a must-level rule failed · 2 bad usage · 3 target unreachable.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined: case 'run': return await (await import('./run.js')).runMain(rest);
      case 'serve': return await (await import('../reference-server/main.js')).serveMain(rest);
      case 'record': return await (await import('./record.js')).recordMain(rest);
      case 'report': return await (await import('../report/cli.js')).reportMain(rest);
      case 'help': case '--help': case '-h': console.log(USAGE); return EXIT.ok;
      default:
        if (command.startsWith('--')) return await (await import('./run.js')).runMain(argv);
        console.error(`Unknown command "${command}": use run, serve, record or report (scim-conformance --help).`);
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
