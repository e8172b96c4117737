import { createServer, request as httpRequest, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A recording HTTP proxy for the privacy test. A browser context's every connection is routed
 * through it (loopback included), so it sees what actually leaves the browser for that context:
 * requests of the page, its workers and its service worker. (The browser's own background
 * traffic, e.g. Chromium asking accounts.google.com about sign-in, is not the app's and does not
 * go through a context's proxy.) Requests to this machine
 * (127.0.0.1 / localhost) are forwarded; anything else is recorded and refused, never contacted.
 */
export interface EgressProxy {
  port: number;
  /** For `browser.newContext({ proxy })`: every connection of the context's pages, workers and service workers, loopback included. */
  proxy: { server: string; bypass: string };
  /** Every destination seen, as an origin ('http://127.0.0.1:5173', 'https://example.com:443'), in order. */
  seen: string[];
  close(): Promise<void>;
}

const LOCAL = new Set(['127.0.0.1', 'localhost', '[::1]']);

export async function startEgressProxy(): Promise<EgressProxy> {
  const seen: string[] = [];
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    seen.push(target.origin);
    if (target.protocol !== 'http:' || !LOCAL.has(target.hostname)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('refused by the test proxy');
      return;
    }
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers, agent },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  // HTTPS and WebSocket-over-TLS go through CONNECT: recorded, refused.
  server.on('connect', (req, socket) => {
    seen.push(`https://${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('upgrade', (req, socket) => {
    seen.push(`ws://${req.headers.host}`);
    socket.destroy();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    // '<-loopback>' removes Chromium's implicit bypass of 127.0.0.1 and localhost.
    proxy: { server: `http://127.0.0.1:${port}`, bypass: '<-loopback>' },
    seen,
    close: () =>
      new Promise<void>((ok) => {
        agent.destroy();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
