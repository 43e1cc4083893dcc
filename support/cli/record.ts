// scim-conformance record --listen <port> --upstream <url> [--out <file>] [--max <n>] [--ca-file <pem>]
// A recording proxy on 127.0.0.1: point the IdP's SCIM base URL at http://127.0.0.1:<port>, and every
// request is forwarded byte for byte (raw path and query, header order) to <upstream> + the same path;
// each exchange is written, redacted, to a transcript file that features/reproductions can replay.
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redactor, type Exchange } from '../scim/exchange.js';
import { decompress } from '../scim/transport.js';
import { UsageError } from '../targets/target.js';
import { usageError } from './options.js';

export interface RecordOptions { listen: number; upstream: string; out: string; max?: number; host: string; caFile?: string }

export function parseRecordOptions(argv: string[]): RecordOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: {
      listen: { type: 'string' }, upstream: { type: 'string' }, out: { type: 'string' }, max: { type: 'string' }, 'ca-file': { type: 'string' },
    } }));
  } catch (error) {
    throw usageError(error);
  }
  const listen = Number(values.listen);
  if (values.listen === undefined || !Number.isInteger(listen) || listen < 0 || listen > 65535) throw new UsageError('record needs --listen <port> (0 to 65535).');
  if (!values.upstream || !/^https?:\/\/[^/]+/.test(values.upstream)) throw new UsageError('record needs --upstream <url>, the SCIM base URL to forward to (http or https).');
  const max = values.max === undefined ? undefined : Number(values.max);
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) throw new UsageError('--max takes a whole number of exchanges, 1 or more.');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const caFile = values['ca-file'];
  if (caFile !== undefined && !existsSync(caFile)) throw new UsageError(`--ca-file ${caFile}: no such file.`);
  return { listen, upstream: values.upstream.replace(/\/+$/, ''), out: resolve(values.out ?? `fixtures/transcripts/recorded-${stamp}.json`), max, host: '127.0.0.1',
    ...(caFile !== undefined ? { caFile } : {}) };
}

const HOP = /^(connection|keep-alive|transfer-encoding|proxy-connection|upgrade)$/i;

export async function recordMain(argv: string[], onListening?: (url: string) => void): Promise<number> {
  const o = parseRecordOptions(argv);
  const upstream = new URL(o.upstream);
  // an upstream behind a private CA (a staging SP): trusted besides the system CAs, as the run's --ca-file is
  const ca = o.caFile ? [...rootCertificates, readFileSync(o.caFile, 'utf8')] : undefined;
  const redactor = new Redactor();
  const exchanges: Exchange[] = [];
  mkdirSync(dirname(o.out), { recursive: true });
  const save = () => writeFileSync(o.out, `${JSON.stringify({ title: 'recorded with scim-conformance record', upstream: redactor.text(o.upstream), exchanges }, null, 2)}\n`);
  save();

  return await new Promise<number>((resolveExit, reject) => {
    const server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const auth = req.headers.authorization;
      if (auth) redactor.add(auth.replace(/^\S+\s+/, ''));
      const headers: string[] = [];
      const headerRecord: Record<string, string> = {};
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const [k, v] = [req.rawHeaders[i]!, req.rawHeaders[i + 1]!];
        if (HOP.test(k)) continue;
        headers.push(k, /^host$/i.test(k) ? upstream.host : v);
        if (!/^host$/i.test(k)) headerRecord[k] = v;
      }
      const path = `${upstream.pathname.replace(/\/$/, '')}${req.url ?? ''}`;
      const started = performance.now();
      const at = new Date().toISOString();
      const lib = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
      const up = lib({ protocol: upstream.protocol, host: upstream.hostname, port: upstream.port, method: req.method, path, headers: headers as any, ...(ca ? { ca } : {}) }, (r) => {
        const out: Buffer[] = [];
        r.on('data', (c: Buffer) => out.push(c));
        r.on('end', () => {
          const raw = Buffer.concat(out);
          res.writeHead(r.statusCode ?? 502, r.rawHeaders as any);
          res.end(raw);
          // the transcript holds the answer decoded (gzip, deflate or br); one that inflates past the cap is kept as sent
          let text: string;
          try { text = decompress(raw, r.headers['content-encoding'], 'keep').toString('utf8'); } catch { text = raw.toString('utf8'); }
          const parse = (t: string) => { try { return { body: JSON.parse(t) }; } catch { return t ? { rawBody: t } : {}; } };
          const respHeaders: Record<string, string> = {};
          for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) respHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
          exchanges.push(redactor.exchange({ at, ms: Math.round(performance.now() - started), actor: String(req.headers['user-agent'] ?? 'recorded IdP'),
            request: { method: req.method ?? 'GET', url: `${o.upstream}${req.url ?? ''}`, headers: headerRecord, ...parse(body.toString('utf8')) },
            response: { status: r.statusCode ?? 0, headers: respHeaders, ...parse(text) } }));
          save();
          if (o.max && exchanges.length >= o.max) server.close();
        });
      });
      up.on('error', (e) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `the upstream did not answer: ${e.message}` }));
        exchanges.push(redactor.exchange({ at, ms: 0, actor: 'recorded IdP', request: { method: req.method ?? 'GET', url: `${o.upstream}${req.url ?? ''}`, headers: headerRecord }, failure: e.message }));
        save();
        if (o.max && exchanges.length >= o.max) server.close(); // a failed exchange counts toward --max too
      });
      up.end(body);
    });
    server.on('error', reject);
    server.on('close', () => { save(); resolveExit(0); });
    const stop = () => server.close();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    server.listen(o.listen, o.host, () => {
      const a = server.address();
      const port = typeof a === 'object' && a ? a.port : o.listen;
      const url = `http://${o.host}:${port}`;
      if (onListening) onListening(url);
      else console.log(`Recording: point the IdP's SCIM base URL at ${url} (forwarding to ${redactor.text(o.upstream)}); writing ${o.out}. Ctrl-C to stop.`);
    });
  });
}
