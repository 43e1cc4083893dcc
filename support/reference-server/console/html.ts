// Server-rendered HTML for the console: escaping, the page frame and the left navigation.

export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!);
}

/** A path segment for a URL inside an attribute. */
export function seg(value: string): string {
  return esc(encodeURIComponent(value));
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#16191f;background:#f2f3f3}
header{background:#232f3e;color:#fff;padding:10px 20px;display:flex;justify-content:space-between;align-items:center}
header a{color:#fff}header form{margin:0}
.layout{display:flex;min-height:calc(100vh - 44px)}nav.side{width:200px;background:#fff;border-right:1px solid #d5dbdb;padding:16px 0}
nav.side a{display:block;padding:6px 20px;color:#16191f;text-decoration:none}nav.side a[aria-current=page]{font-weight:700;color:#0073bb;border-left:3px solid #0073bb}
main{flex:1;padding:20px 28px;max-width:1100px}h1{font-size:22px;margin:0 0 14px}h2{font-size:17px;margin:0 0 10px}
.box{background:#fff;border:1px solid #d5dbdb;border-radius:4px;padding:16px 18px;margin:0 0 18px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eaeded;vertical-align:top}
th{background:#fafafa}button,.button{font:inherit;padding:5px 14px;border-radius:3px;border:1px solid #545b64;background:#fff;color:#16191f;cursor:pointer;text-decoration:none;display:inline-block}
header button{background:transparent;color:#fff;border-color:#aab7b8}button.primary,.button.primary{background:#ec7211;border-color:#ec7211;color:#fff}button.danger{background:#d13212;border-color:#d13212;color:#fff}
input[type=text],input[type=password],select{font:inherit;padding:5px 8px;border:1px solid #aab7b8;border-radius:3px;min-width:260px}
input[readonly]{background:#f2f3f3;width:100%;font-family:ui-monospace,monospace}label{display:block;font-weight:600;margin:10px 0 4px}
dialog{position:static;display:block;border:2px solid #0073bb;border-radius:6px;padding:18px 22px;margin:0 0 18px;background:#fff;max-width:720px}
.alert{padding:10px 14px;border-radius:4px;margin:0 0 14px}.alert.error{background:#fde8e4;border:1px solid #d13212}.alert.ok{background:#e9f6e8;border:1px solid #1d8102}
.muted{color:#545b64}.row{display:flex;gap:8px;align-items:center}.row input{flex:1}code{font-family:ui-monospace,monospace}
`;

const SCRIPT = `document.addEventListener('click',function(e){var b=e.target.closest&&e.target.closest('[data-copy]');if(!b)return;var i=document.getElementById(b.getAttribute('data-copy'));if(!i)return;i.select();if(navigator.clipboard)navigator.clipboard.writeText(i.value);b.textContent='Copied';});`;

export interface PageOptions {
  title: string;
  body: string;
  loggedIn?: boolean;
  tenant?: { id: string; active: 'settings' | 'users' | 'groups' | 'events' };
}

export function page(o: PageOptions): string {
  const nav = o.tenant
    ? `<nav class="side" aria-label="Tenant" data-testid="tenant-nav">
  <a href="/console/tenants" data-testid="nav-tenants">&larr; Tenants</a>
  ${(['settings', 'users', 'groups', 'events'] as const).map((k) => `<a href="/console/tenants/${seg(o.tenant!.id)}/${k}" data-testid="nav-${k}"${o.tenant!.active === k ? ' aria-current="page"' : ''}>${k[0].toUpperCase()}${k.slice(1)}</a>`).join('\n  ')}
</nav>`
    : '';
  const logout = o.loggedIn
    ? `<form method="post" action="/console/logout"><button type="submit" data-testid="logout">Sign out</button></form>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(o.title)} · scim-conformance reference console</title><style>${CSS}</style></head>
<body><header><span><strong>IAM Identity Center</strong> <span class="muted" style="color:#d5dbdb">reference emulator</span></span>${logout}</header>
<div class="layout">${nav}<main id="main">${o.body}</main></div>
<script>${SCRIPT}</script></body></html>`;
}

export function alert(kind: 'error' | 'ok', message: string): string {
  return `<div class="alert ${kind}" role="${kind === 'error' ? 'alert' : 'status'}" data-testid="${kind === 'error' ? 'error-message' : 'notice'}">${esc(message)}</div>`;
}

export function fmtDate(iso: string): string {
  return esc(iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC'));
}
