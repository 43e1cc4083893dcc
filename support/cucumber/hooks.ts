import { After, AfterAll, Before, Status, setDefaultTimeout } from '@cucumber/cucumber';
import type { ScimWorld } from './world.js';
import { FINDING_MEDIA_TYPE, IDP_LOG_MEDIA_TYPE, TRANSCRIPT_MEDIA_TYPE, UNSUPPORTED_MEDIA_TYPE } from '../scim/exchange.js';
import { missingCapability } from '../screenplay/cast.js';
import { consoleScreenshots } from '../screenplay/abilities/browse-console.js';
import { closeSharedBrowser } from '../browser/chromium.js';

Before(async function (this: ScimWorld, { pickle }) {
  const tags = pickle.tags.map((t) => t.name);
  this.begin(pickle.name, tags);
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
  try {
    // the console as the failing step left it (secret fields masked), before the browser context closes
    if (result?.status === Status.FAILED) for (const png of await consoleScreenshots(this.ctx)) await this.attach(png, 'image/png');
    await this.cast.dismissAll();
  } finally {
    if (this.ctx.transcript.length > 0 || result?.status === Status.FAILED) {
      await this.attach(JSON.stringify(this.ctx.transcript), TRANSCRIPT_MEDIA_TYPE);
    }
    if (this.ctx.idpLog.length > 0) await this.attach(JSON.stringify(this.ctx.idpLog), IDP_LOG_MEDIA_TYPE);
    for (const finding of this.ctx.findings) await this.attach(finding, FINDING_MEDIA_TYPE);
  }
});

// Each worker process shares one browser between its scenarios (the @console features); close it at the end.
AfterAll(async function () { await closeSharedBrowser(); });

// A step may wait on the target's HTTP timeout several times (hostile targets); the run still ends.
setDefaultTimeout(120_000);
