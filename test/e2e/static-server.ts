import { cpSync, createReadStream, existsSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A plain static file server, like the simplest static host: no COOP/COEP, no CSP header, no
 * caching headers beyond `no-cache`. The browser tests serve `dist/` from a sub-path with it.
 */
export interface StaticServer {
  /** The app's address, ending in the sub-path's '/'. */
  url: string;
  origin: string;
  /** Every request received, as 'METHOD /path', in order. */
  requests: string[];
  /** Stops serving and drops open connections (the network is "cut"). */
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.md': 'text/markdown; charset=utf-8',
};

export interface StaticOptions {
  /** The sub-path the directory is served under, e.g. '/sub/app/'. */
  prefix?: string;
  /** Files to replace (path below the prefix → body) or to answer 404 for (→ null). */
  override?: Record<string, string | null>;
  /** A fixed port (e.g. to serve another build at the same origin); any free one by default. */
  port?: number;
}

export async function serveStatic(root: string, opts: StaticOptions = {}): Promise<StaticServer> {
  const dir = resolve(root);
  const prefix = opts.prefix ?? '/';
  const requests: string[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(`${req.method} ${path}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    // Like most hosts: the folder without its slash is redirected to the folder.
    if (`${path}/` === prefix) {
      res.writeHead(301, { Location: prefix }).end();
      return;
    }
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    const rel = path.slice(prefix.length) || 'index.html';
    const type = TYPES[extname(rel)] ?? 'application/octet-stream';
    if (opts.override && rel in opts.override) {
      const body = opts.override[rel];
      if (body === null) res.writeHead(404).end();
      else res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache' }).end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': statSync(file).size, 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
  const server = createServer(handle);
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin + prefix,
    origin,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/**
 * A private copy of the build (in test/.generated/, git-ignored): the tests serve it rather than
 * dist/ itself, which another build in the same checkout may rewrite while they run.
 */
export function snapshotDist(name: string): string {
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
  if (!existsSync(join(dist, 'sw.js'))) throw new Error('dist/ has no sw.js: run `npx vite build` first');
  const copy = fileURLToPath(new URL(`../.generated/${name}/`, import.meta.url));
  rmSync(copy, { recursive: true, force: true });
  cpSync(dist, copy, { recursive: true });
  return copy;
}
