// A progress bar on stderr while scenarios run (only on a terminal: CI logs stay short).
import cliProgress from 'cli-progress';
import type { Envelope } from '@cucumber/messages';

export class Progress {
  private bar?: cliProgress.SingleBar;
  private total = 0;
  private done = 0;
  private failed = 0;
  private readonly failedCases = new Set<string>();
  private readonly caseOf = new Map<string, string>();

  constructor(private readonly enabled: boolean) {}

  onMessage(envelope: Envelope): void {
    if (!this.enabled) return;
    if (envelope.testCase) this.total += 1;
    if (envelope.testRunHookStarted || (envelope.testCaseStarted && !this.bar)) this.start();
    if (envelope.testCaseStarted) this.caseOf.set(envelope.testCaseStarted.id, envelope.testCaseStarted.testCaseId);
    if (envelope.testStepFinished?.testStepResult.status === 'FAILED') this.failedCases.add(envelope.testStepFinished.testCaseStartedId);
    if (envelope.testCaseFinished && !envelope.testCaseFinished.willBeRetried) {
      this.bar?.setTotal(this.total);
      this.done += 1;
      if (this.failedCases.has(envelope.testCaseFinished.testCaseStartedId)) this.failed += 1;
      this.bar?.update(this.done, { failed: this.failed });
    }
  }

  private start(): void {
    if (this.bar) return;
    this.bar = new cliProgress.SingleBar({ format: 'scenarios [{bar}] {value}/{total} · {failed} failed · {eta_formatted} left', stream: process.stderr,
      hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
    this.bar.start(this.total, this.done, { failed: this.failed });
  }

  stop(): void { this.bar?.stop(); }
}
