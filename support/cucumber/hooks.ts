import { After, AfterAll, Before, Status, setDefaultTimeout } from '@cucumber/cucumber';
import type { ScimWorld } from './world.js';
import { ASIDE_MEDIA_TYPE, FINDING_MEDIA_TYPE, IDP_LOG_MEDIA_TYPE, SETTLE_SPENT_MEDIA_TYPE, TRANSCRIPT_MEDIA_TYPE, UNSUPPORTED_MEDIA_TYPE } from '../scim/exchange.js';
import { missingCapability } from '../screenplay/cast.js';
import { consoleScreenshots } from '../screenplay/abilities/browse-console.js';
import { closeSharedBrowser } from '../browser/chromium.js';
import { INTERRUPTED_MEDIA_TYPE, CLEANUP_MEDIA_TYPE } from '../cli/ledger.js';
import { sweepLive } from '../cli/sweep.js';
import { STEP_BUSY_WAIT_MS, STEP_TIMEOUT_MS } from './steps.js';

Before(async function (this: ScimWorld, { pickle }) {
  const tags = pickle.tags.map((t) => t.name);
  this.begin(pickle.name, tags);
  // Ctrl-C: the scenarios that had not started are left out (NOT-RUN), never judged
  if (this.ctx.interrupted) {
    await this.attach('the run was interrupted before this scenario started', INTERRUPTED_MEDIA_TYPE);
    return 'skipped';
  }
  const missing = missingCapability(tags, this.ctx);
  if (missing) {
    await this.attach(missing, UNSUPPORTED_MEDIA_TYPE);
    return 'skipped';
  }
  this.log(`data seed ${this.ctx.seed} (pin with SCIM_CONFORMANCE_SCENARIO_SEED=${this.ctx.seed})`);
  return undefined;
});

After(async function (this: ScimWorld, { result }) {
  if (!this.ctx) return;
  // the hook has a step's time limit: its cleanup waits out a busy SP only as long as a step would
  this.ctx.busyDeadline = Date.now() + STEP_BUSY_WAIT_MS;
  try {
    // the console as the failing step left it (secret fields masked), before the browser context closes
    if (result?.status === Status.FAILED) for (const png of await consoleScreenshots(this.ctx)) await this.attach(png, 'image/png');
    await this.cast.dismissAll();
  } finally {
    // whatever the abilities did not delete (a failed step, a timeout, Bulk, PUT, a mock IdP that stopped
    // half-way) is deleted here, from what the scenario's own exchanges say it created
    try {
      if (this.ctx.leftovers().length) {
        const { failed } = await sweepLive(this.ctx.created, { tokenFor: (b) => this.ctx.tokenFor(b), adminToken: this.ctx.secrets.adminToken,
          timeoutMs: this.ctx.run.timeoutMs, redactor: this.ctx.redactor, record: this.ctx.record, actor: 'the cleanup',
          busyDeadline: this.ctx.busyDeadline }); // what a busy SP kept is the run sweep's, not a hook timeout
        if (failed.length) await this.attach(JSON.stringify(failed), CLEANUP_MEDIA_TYPE);
      }
    } catch { /* the run's sweep at the end tries again */ }
    if (this.ctx.interrupted && result?.status !== Status.PASSED) {
      await this.attach('the run was interrupted while this scenario ran', INTERRUPTED_MEDIA_TYPE);
    }
    if (this.ctx.transcript.length > 0 || result?.status === Status.FAILED) {
      await this.attach(JSON.stringify(this.ctx.transcript), TRANSCRIPT_MEDIA_TYPE);
    }
    if (this.ctx.idpLog.length > 0) await this.attach(JSON.stringify(this.ctx.idpLog), IDP_LOG_MEDIA_TYPE);
    for (const finding of this.ctx.findings) await this.attach(finding, FINDING_MEDIA_TYPE);
    if (this.ctx.asides.length) await this.attach(JSON.stringify(this.ctx.asides), ASIDE_MEDIA_TYPE);
    if (this.ctx.settleSpentMs.length) await this.attach(JSON.stringify(this.ctx.settleSpentMs), SETTLE_SPENT_MEDIA_TYPE);
    for (const note of this.ctx.notes) this.log(note);
  }
});

// Each worker process shares one browser between its scenarios (the @console features); close it at the end.
AfterAll(async function () { await closeSharedBrowser(); });

// A step may wait on the target's HTTP timeout several times (hostile targets); the run still ends.
setDefaultTimeout(STEP_TIMEOUT_MS);
