// The web console at /console: server-rendered pages and plain forms that follow the AWS console steps
// of the seeds (Settings → Automatic provisioning → Enable; View details → Access tokens; Generate new
// token → Show token; Delete → type DELETE; Disable automatic provisioning → type DISABLE).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { adminTokenMatches } from '../admin.ts';
import { header, readBody } from '../http-util.ts';
import { AdminError, type NewToken, type ReferenceState, type Tenant } from '../state.ts';
import { alert, esc, fmtDate, page, seg } from './html.ts';

const COOKIE = 'scim_console';
const SESSION_MS = 12 * 3600_000;

export interface ConsoleContext {
  state: ReferenceState;
  adminToken: string;
  scimEndpoint(tenant: Tenant, req: IncomingMessage): string;
}

const NOTICES: Record<string, string> = {
  'token-deleted': 'The access token was deleted.',
  'provisioning-disabled': 'Automatic provisioning was disabled.',
  'tenant-created': 'The tenant was created.',
};

export class ConsoleApp {
  private readonly sessions = new Map<string, number>();
  constructor(private readonly ctx: ConsoleContext) {}

  private sessionId(req: IncomingMessage): string | undefined {
    const cookies = header(req, 'cookie') ?? '';
    for (const part of cookies.split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k !== COOKIE) continue;
      const sid = v.join('=');
      const exp = this.sessions.get(sid);
      if (exp !== undefined && exp > Date.now()) return sid;
      if (exp !== undefined) this.sessions.delete(sid);
    }
    return undefined;
  }

  private session(req: IncomingMessage): boolean {
    return this.sessionId(req) !== undefined;
  }

  /** `rest` is the path below /console, without query. */
  async handle(req: IncomingMessage, res: ServerResponse, rest: string, query: URLSearchParams): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const parts = rest.split('/').filter((s) => s.length > 0).map((s) => {
      try { return decodeURIComponent(s); } catch { return s; }
    });
    const form = method === 'POST' ? await this.form(req) : new URLSearchParams();
    if (form === undefined) return this.send(res, 413, page({ title: 'Too large', body: alert('error', 'The form is larger than 1 MiB.') }));

    if (parts.length === 0 || (parts[0] === 'login' && parts.length === 1)) {
      if (method === 'POST' && parts[0] === 'login') {
        if (!adminTokenMatches(this.ctx.adminToken, form.get('token') ?? '')) {
          return this.send(res, 401, this.loginPage('That admin token is not valid.'));
        }
        const sid = randomBytes(32).toString('base64url');
        const now = Date.now();
        for (const [k, exp] of this.sessions) if (exp <= now) this.sessions.delete(k);
        this.sessions.set(sid, now + SESSION_MS);
        return this.redirect(res, '/console/tenants', `${COOKIE}=${sid}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MS / 1000}`);
      }
      if (method !== 'GET') return this.send(res, 405, page({ title: 'Not allowed', body: alert('error', 'That method is not allowed here.') }));
      if (this.session(req)) return this.redirect(res, '/console/tenants');
      return this.send(res, 200, this.loginPage());
    }
    if (parts[0] === 'logout' && method === 'POST') {
      const sid = this.sessionId(req);
      if (sid) this.sessions.delete(sid);
      return this.redirect(res, '/console', `${COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`);
    }
    if (!this.session(req)) {
      if (method === 'GET') return this.redirect(res, '/console');
      return this.send(res, 401, this.loginPage('Your session has ended; sign in again.'));
    }

    try {
      await this.route(req, res, method, parts, query, form);
    } catch (e) {
      if (e instanceof AdminError && e.status === 404) {
        return this.send(res, 404, page({ title: 'Not found', loggedIn: true, body: `<h1>Not found</h1>${alert('error', e.message)}<p><a href="/console/tenants">Tenants</a></p>` }));
      }
      throw e;
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, method: string, parts: string[], query: URLSearchParams, form: URLSearchParams): Promise<void> {
    const { state } = this.ctx;
    const notFound = () => { throw new AdminError(404, 'There is no console page at that address.'); };
    if (parts[0] !== 'tenants') return notFound();
    if (parts.length === 1) {
      if (method === 'POST') {
        try {
          const t = state.createTenant(form.get('profile') || undefined);
          return this.redirect(res, `/console/tenants/${encodeURIComponent(t.id)}/settings?notice=tenant-created`);
        } catch (e) {
          if (e instanceof AdminError) return this.send(res, e.status, this.tenantsPage(e.message));
          throw e;
        }
      }
      return this.send(res, 200, this.tenantsPage());
    }
    const tenant = state.get(parts[1]);
    const base = `/console/tenants/${encodeURIComponent(tenant.id)}`;
    const [, , section, sub, action] = parts;
    const notice = NOTICES[query.get('notice') ?? ''];

    if (section === undefined) return this.redirect(res, `${base}/settings`);
    if (section === 'settings' && sub === undefined && method === 'GET') return this.send(res, 200, this.settingsPage(req, tenant, { notice }));
    if (section === 'users' && sub === undefined && method === 'GET') return this.send(res, 200, this.usersPage(tenant));
    if (section === 'groups' && sub === undefined && method === 'GET') return this.send(res, 200, this.groupsPage(tenant));
    if (section === 'events' && sub === undefined && method === 'GET') return this.send(res, 200, this.eventsPage(tenant, query.get('eventName') ?? ''));

    if (section === 'provisioning') {
      if (sub === undefined && method === 'GET') return this.send(res, 200, this.provisioningPage(req, tenant, { notice }));
      if (sub === 'enable' && method === 'POST') {
        try {
          const token = state.enableProvisioning(tenant);
          return this.send(res, 200, this.settingsPage(req, tenant, { enabled: token }), true);
        } catch (e) {
          if (e instanceof AdminError) return this.send(res, e.status, this.settingsPage(req, tenant, { error: e.message }));
          throw e;
        }
      }
      if (sub === 'disable') {
        if (method === 'GET') return this.send(res, 200, this.provisioningPage(req, tenant, { dialog: 'disable' }));
        if (method === 'POST') {
          try {
            state.disableProvisioning(tenant, (form.get('confirm') ?? '').trim());
            return this.redirect(res, `${base}/settings?notice=provisioning-disabled`);
          } catch (e) {
            if (e instanceof AdminError) return this.send(res, e.status, this.provisioningPage(req, tenant, { dialog: 'disable', error: e.message }));
            throw e;
          }
        }
      }
      return notFound();
    }

    if (section === 'tokens') {
      if (sub === undefined && method === 'POST') {
        try {
          const token = state.generateToken(tenant);
          return this.send(res, 200, this.provisioningPage(req, tenant, { generated: token }), true);
        } catch (e) {
          if (e instanceof AdminError) return this.send(res, e.status, this.provisioningPage(req, tenant, { error: e.message }));
          throw e;
        }
      }
      if (sub !== undefined && action === 'delete') {
        if (!tenant.tokens.some((t) => t.id === sub)) throw new AdminError(404, 'This tenant has no access token with that id.');
        if (method === 'GET') return this.send(res, 200, this.provisioningPage(req, tenant, { dialog: 'delete', tokenId: sub }));
        if (method === 'POST') {
          try {
            state.deleteToken(tenant, sub, (form.get('confirm') ?? '').trim());
            return this.redirect(res, `${base}/provisioning?notice=token-deleted`);
          } catch (e) {
            if (e instanceof AdminError) return this.send(res, e.status, this.provisioningPage(req, tenant, { dialog: 'delete', tokenId: sub, error: e.message }));
            throw e;
          }
        }
      }
    }
    return notFound();
  }

  // ---- pages ---------------------------------------------------------------------------------------

  private loginPage(error?: string): string {
    return page({
      title: 'Sign in',
      body: `<h1>Sign in to the reference console</h1>${error ? alert('error', error) : ''}
<form method="post" action="/console/login" class="box" data-testid="login-form">
  <label for="admin-token">Admin token</label>
  <input type="password" id="admin-token" name="token" autocomplete="current-password" required>
  <p><button type="submit" class="primary" data-testid="login-submit">Sign in</button></p>
</form>`,
    });
  }

  private tenantsPage(error?: string): string {
    const rows = [...this.ctx.state.tenants.values()].map((t) => {
      const c = t.service.counts();
      return `<tr data-testid="tenant-row" data-tenant-id="${esc(t.id)}"><td><a href="/console/tenants/${seg(t.id)}/settings">${esc(t.id)}</a></td><td>${esc(t.profile)}</td><td>${t.provisioning ? 'Enabled' : 'Disabled'}</td><td>${c.users}</td><td>${c.groups}</td></tr>`;
    }).join('\n');
    return page({
      title: 'Tenants', loggedIn: true,
      body: `<h1>Tenants</h1>${error ? alert('error', error) : ''}
<form method="post" action="/console/tenants" class="box row" data-testid="create-tenant-form">
  <label for="profile" style="margin:0">Profile</label>
  <select id="profile" name="profile"><option value="aws">aws (IAM Identity Center)</option><option value="rfc">rfc (RFC 7643/7644)</option></select>
  <button type="submit" class="primary" data-testid="create-tenant">Create tenant</button>
</form>
<table data-testid="tenants-table"><thead><tr><th scope="col">Tenant id</th><th scope="col">Profile</th><th scope="col">Automatic provisioning</th><th scope="col">Users</th><th scope="col">Groups</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5" class="muted">No tenants yet.</td></tr>'}</tbody></table>`,
    });
  }

  private settingsPage(req: IncomingMessage, t: Tenant, o: { enabled?: NewToken; error?: string; notice?: string } = {}): string {
    const endpoint = this.ctx.scimEndpoint(t, req);
    const base = `/console/tenants/${seg(t.id)}`;
    const dialog = o.enabled
      ? `<dialog open aria-modal="true" aria-labelledby="inbound-title" data-testid="inbound-provisioning-dialog">
  <h2 id="inbound-title">Inbound automatic provisioning</h2>
  <p>Copy these values; you need them to configure provisioning in your identity provider. The access token is shown only now.</p>
  <label for="scim-endpoint">SCIM endpoint</label>
  <div class="row"><input type="text" id="scim-endpoint" readonly value="${esc(endpoint)}" data-testid="scim-endpoint"><button type="button" data-copy="scim-endpoint" aria-label="Copy SCIM endpoint">Copy</button></div>
  <label for="access-token">Access token</label>
  <div class="row"><input type="text" id="access-token" readonly value="${esc(o.enabled.token)}" data-testid="access-token" data-token-id="${esc(o.enabled.id)}"><button type="button" data-copy="access-token" aria-label="Copy access token">Copy</button></div>
  <p><a class="button primary" href="${base}/settings" data-testid="close-dialog">Close</a></p>
</dialog>`
      : '';
    const box = t.provisioning
      ? `<p>Automatic provisioning is <strong data-testid="provisioning-status">Enabled</strong>.</p>
<p>SCIM endpoint: <code data-testid="settings-scim-endpoint">${esc(endpoint)}</code></p>
<p><a class="button" href="${base}/provisioning" data-testid="view-details">View details</a></p>`
      : `<p>Automatic provisioning is <strong data-testid="provisioning-status">Disabled</strong>. Enable it to let your identity provider synchronise users and groups over SCIM.</p>
<form method="post" action="${base}/provisioning/enable"><button type="submit" class="primary" data-testid="enable-provisioning">Enable</button></form>`;
    const saml = t.saml
      ? `<p>SAML identity provider certificate registered. Attributes for access control: <strong>${t.saml.attributesForAccessControl ? 'Enabled' : 'Disabled'}</strong>.</p>`
      : '<p class="muted">No SAML identity provider certificate registered.</p>';
    return page({
      title: 'Settings', loggedIn: true, tenant: { id: t.id, active: 'settings' },
      body: `<h1>Settings</h1>${o.notice ? alert('ok', o.notice) : ''}${o.error ? alert('error', o.error) : ''}${dialog}
<section class="box"><h2>Identity source</h2><p>Tenant <code data-testid="tenant-id">${esc(t.id)}</code> · profile <code>${esc(t.profile)}</code></p>${saml}</section>
<section class="box" data-testid="automatic-provisioning-box" aria-labelledby="ap-title"><h2 id="ap-title">Automatic provisioning</h2>${box}</section>`,
    });
  }

  private provisioningPage(req: IncomingMessage, t: Tenant, o: { generated?: NewToken; error?: string; notice?: string; dialog?: 'delete' | 'disable'; tokenId?: string } = {}): string {
    const { state } = this.ctx;
    const base = `/console/tenants/${seg(t.id)}`;
    if (!t.provisioning && !o.notice) {
      return page({
        title: 'Automatic provisioning', loggedIn: true, tenant: { id: t.id, active: 'settings' },
        body: `<h1>Automatic provisioning</h1>${o.error ? alert('error', o.error) : ''}<p>Automatic provisioning is disabled. <a href="${base}/settings">Go to Settings</a> to enable it.</p>`,
      });
    }
    let dialog = '';
    if (o.generated) {
      dialog = `<dialog open aria-modal="true" aria-labelledby="gen-title" data-testid="generate-token-dialog">
  <h2 id="gen-title">Generate new access token</h2>
  <p>Token <code data-testid="generated-token-id">${esc(o.generated.id)}</code> was generated. It expires ${fmtDate(o.generated.expiresAt)}. This is the only time the token is shown.</p>
  <label for="access-token">Access token</label>
  <details data-testid="show-token"><summary>Show token</summary>
    <div class="row"><input type="text" id="access-token" readonly value="${esc(o.generated.token)}" data-testid="access-token"><button type="button" data-copy="access-token" aria-label="Copy access token">Copy</button></div>
  </details>
  <p><a class="button primary" href="${base}/provisioning" data-testid="close-dialog">Close</a></p>
</dialog>`;
    } else if (o.dialog === 'delete' && o.tokenId) {
      dialog = confirmDialog({ name: 'delete', testId: 'delete-token-dialog', title: 'Delete access token', word: 'DELETE', error: o.error,
        text: `Deleting token <code>${esc(o.tokenId)}</code> stops every request that uses it. Your identity provider can no longer provision with it.`,
        action: `${base}/tokens/${seg(o.tokenId)}/delete`, cancel: `${base}/provisioning`, submitTestId: 'confirm-delete-token' });
    } else if (o.dialog === 'disable') {
      dialog = confirmDialog({ name: 'disable', testId: 'disable-provisioning-dialog', title: 'Disable automatic provisioning', word: 'DISABLE', error: o.error,
        text: 'Your identity provider will no longer be able to synchronise users and groups. Every access token must be deleted first.',
        action: `${base}/provisioning/disable`, cancel: `${base}/provisioning`, submitTestId: 'confirm-disable-provisioning' });
    }
    const topError = o.error && !o.dialog ? alert('error', o.error) : '';
    const rows = state.listTokens(t).map((k) => `<tr data-testid="token-row" data-token-id="${esc(k.id)}"><td><code>${esc(k.id)}</code></td><td>${fmtDate(k.createdAt)}</td><td>${fmtDate(k.expiresAt)}${k.expired ? ' <strong>(expired)</strong>' : ''}</td>
<td><a class="button" href="${base}/tokens/${seg(k.id)}/delete" data-testid="delete-token">Delete</a></td></tr>`).join('\n');
    return page({
      title: 'Automatic provisioning', loggedIn: true, tenant: { id: t.id, active: 'settings' },
      body: `<h1>Automatic provisioning</h1>${o.notice ? alert('ok', o.notice) : ''}${topError}${dialog}
<section class="box"><p>SCIM endpoint</p><div class="row"><input type="text" id="details-scim-endpoint" aria-label="SCIM endpoint" readonly value="${esc(this.ctx.scimEndpoint(t, req))}"><button type="button" data-copy="details-scim-endpoint" aria-label="Copy SCIM endpoint">Copy</button></div></section>
<section class="box" aria-labelledby="tokens-title"><div class="row" style="justify-content:space-between"><h2 id="tokens-title">Access tokens</h2>
<form method="post" action="${base}/tokens"><button type="submit" data-testid="generate-token">Generate new token</button></form></div>
<p class="muted">At most two access tokens can exist at a time, expired ones included. Tokens are valid for one year.</p>
<table data-testid="tokens-table"><thead><tr><th scope="col">Token ID</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col"><span class="muted">Actions</span></th></tr></thead>
<tbody>${rows || '<tr><td colspan="4" class="muted">No access tokens.</td></tr>'}</tbody></table></section>
${t.provisioning ? `<section class="box"><a class="button" href="${base}/provisioning/disable" data-testid="disable-provisioning">Disable automatic provisioning</a></section>` : ''}`,
    });
  }

  private usersPage(t: Tenant): string {
    const rows = t.service.users().map((u) => `<tr data-testid="user-row" data-user-id="${esc(u.id)}"><td>${esc(u.userName)}</td><td>${esc(u.displayName ?? '')}</td><td>${u.active ? 'Yes' : 'No'}</td><td>${esc(u.emails.join(', '))}</td><td>${esc(u.externalId ?? '')}</td></tr>`).join('\n');
    return page({
      title: 'Users', loggedIn: true, tenant: { id: t.id, active: 'users' },
      body: `<h1>Users</h1><table data-testid="users-table"><thead><tr><th scope="col">User name</th><th scope="col">Display name</th><th scope="col">Active</th><th scope="col">Emails</th><th scope="col">External id</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5" class="muted">No users have been synchronised.</td></tr>'}</tbody></table>`,
    });
  }

  private groupsPage(t: Tenant): string {
    const rows = t.service.groups().map((g) => `<tr data-testid="group-row" data-group-id="${esc(g.id)}"><td>${esc(g.displayName)}</td><td>${esc(g.externalId ?? '')}</td><td>${g.memberIds.length}</td></tr>`).join('\n');
    return page({
      title: 'Groups', loggedIn: true, tenant: { id: t.id, active: 'groups' },
      body: `<h1>Groups</h1><table data-testid="groups-table"><thead><tr><th scope="col">Display name</th><th scope="col">External id</th><th scope="col">Members</th></tr></thead>
<tbody>${rows || '<tr><td colspan="3" class="muted">No groups have been synchronised.</td></tr>'}</tbody></table>`,
    });
  }

  private eventsPage(t: Tenant, eventName: string): string {
    const events = t.events.list({ eventName: eventName || undefined, limit: 500 });
    const rows = events.map((e) => `<tr data-testid="event-row"><td>${fmtDate(e.eventTime)}</td><td>${esc(e.eventName)}</td><td>${esc(e.requestParameters.httpMethod)} <code>${esc(e.requestParameters.path)}</code></td><td>${esc(e.userAgent)}</td><td>${esc(e.errorCode ?? '')}</td><td>${esc(e.errorMessage ?? '')}</td></tr>`).join('\n');
    return page({
      title: 'Events', loggedIn: true, tenant: { id: t.id, active: 'events' },
      body: `<h1>Events</h1>
<form method="get" class="box row" data-testid="events-filter"><label for="event-name" style="margin:0">Event name</label><input type="text" id="event-name" name="eventName" value="${esc(eventName)}" placeholder="CreateUser"><button type="submit">Filter</button></form>
<table data-testid="events-table"><thead><tr><th scope="col">Event time</th><th scope="col">Event name</th><th scope="col">Request</th><th scope="col">User agent</th><th scope="col">Error code</th><th scope="col">Error message</th></tr></thead>
<tbody>${rows || '<tr><td colspan="6" class="muted">No events.</td></tr>'}</tbody></table>`,
    });
  }

  // ---- plumbing --------------------------------------------------------------------------------------

  private async form(req: IncomingMessage): Promise<URLSearchParams | undefined> {
    const r = await readBody(req);
    if (!r.ok) return undefined;
    const type = header(req, 'content-type') ?? '';
    if (!/^application\/x-www-form-urlencoded/i.test(type)) return new URLSearchParams();
    return new URLSearchParams(r.body.toString('utf8'));
  }

  private send(res: ServerResponse, status: number, html: string, secret = false): void {
    const body = Buffer.from(html, 'utf8');
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(body.length),
      'Cache-Control': secret ? 'no-store' : 'no-cache',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY',
    });
    res.end(body);
  }

  private redirect(res: ServerResponse, location: string, cookie?: string): void {
    const headers: Record<string, string> = { Location: location, 'Cache-Control': 'no-store', 'Content-Length': '0' };
    if (cookie) headers['Set-Cookie'] = cookie;
    res.writeHead(303, headers);
    res.end();
  }
}

/** The AWS console's typed-confirmation dialog: the action runs only when the exact word is typed. */
function confirmDialog(d: { name: string; testId: string; title: string; word: string; text: string; error?: string; action: string; cancel: string; submitTestId: string }): string {
  return `<dialog open aria-modal="true" aria-labelledby="${d.name}-title" data-testid="${d.testId}">
  <h2 id="${d.name}-title">${esc(d.title)}</h2>
  <p>${d.text}</p>
  ${d.error ? alert('error', d.error) : ''}
  <form method="post" action="${d.action}">
    <label for="confirm-${d.name}">To confirm, type ${d.word}</label>
    <input type="text" id="confirm-${d.name}" name="confirm" autocomplete="off" data-testid="confirm-input">
    <p class="row"><a class="button" href="${d.cancel}">Cancel</a><button type="submit" class="danger" data-testid="${d.submitTestId}">${esc(d.title)}</button></p>
  </form>
</dialog>`;
}
