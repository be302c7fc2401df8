// A local HTTP server shaped like the Hugging Face Hub's file URLs, for testing the Hub
// source without a network: /{id}/resolve/{revision}/{file} with Range/If-Range, ETags,
// X-Error-Code headers, /api/models/{id}/revision/{revision} listings, CORS for browser
// tests, and injectable dropped connections.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubRepo {
  files: Record<string, Uint8Array>;
  /** Requires `Authorization: Bearer <token>`; without it answers 401 GatedRepo. */
  gatedToken?: string;
}

export interface HubRequestLog {
  path: string;
  range?: string;
  ifRange?: string;
  status: number;
}

export interface HubServer {
  url: string;
  repos: Map<string, HubRepo>;
  log: HubRequestLog[];
  /** The next `times` downloads of `file` send only `afterBytes` bytes, then drop the connection. */
  dropNext(file: string, afterBytes: number, times?: number): void;
  close(): Promise<void>;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Range, If-Range, Authorization',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, ETag, X-Error-Code, X-Linked-Etag, Accept-Ranges',
};

function etagOf(b: Uint8Array): string {
  return `"${createHash('sha256').update(b).digest('hex').slice(0, 32)}"`;
}

export async function startHubServer(repos: Record<string, HubRepo> = {}): Promise<HubServer> {
  const map = new Map(Object.entries(repos));
  const log: HubRequestLog[] = [];
  const drops = new Map<string, { afterBytes: number; times: number }>();

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const entry: HubRequestLog = { path, status: 0 };
    if (typeof req.headers.range === 'string') entry.range = req.headers.range;
    if (typeof req.headers['if-range'] === 'string') entry.ifRange = req.headers['if-range'];
    log.push(entry);
    const send = (status: number, headers: Record<string, string>, body?: Uint8Array | string): void => {
      entry.status = status;
      res.writeHead(status, { ...CORS, ...headers });
      res.end(body);
    };
    if (req.method === 'OPTIONS') return send(204, {});

    const api = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/([^/]+)$/.exec(path);
    if (api) {
      const repo = map.get(api[1]);
      if (!repo) return send(404, { 'X-Error-Code': 'RepositoryNotFound', 'Content-Type': 'application/json' }, '{"error":"Repository not found"}');
      return send(200, { 'Content-Type': 'application/json' }, JSON.stringify({ id: api[1], siblings: Object.keys(repo.files).map((rfilename) => ({ rfilename })) }));
    }

    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    const repo = m ? map.get(m[1]) : undefined;
    // Like a plain static server, an unknown repository is a bare 404.
    if (!m || !repo) return send(404, { 'Content-Type': 'text/plain' }, 'Not Found');
    if (repo.gatedToken && req.headers.authorization !== `Bearer ${repo.gatedToken}`) {
      return send(401, { 'X-Error-Code': 'GatedRepo' }, 'gated');
    }
    if (m[2] !== 'main') return send(404, { 'X-Error-Code': 'RevisionNotFound' }, 'Invalid rev id');
    const body = repo.files[m[3]];
    if (!body) return send(404, { 'X-Error-Code': 'EntryNotFound' }, 'Entry not found');

    const etag = etagOf(body);
    let start = 0;
    let end = body.length; // exclusive
    let status = 200;
    const range = typeof req.headers.range === 'string' ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range) : null;
    const ifRange = req.headers['if-range'];
    if (range && (ifRange === undefined || ifRange === etag)) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(body.length, Number(range[2]) + 1);
      if (start >= body.length) return send(416, { 'Content-Range': `bytes */${body.length}` });
      status = 206;
    }
    const headers: Record<string, string> = {
      ETag: etag,
      'Accept-Ranges': 'bytes',
      'Content-Length': String(end - start),
      'Content-Type': 'application/octet-stream',
    };
    if (status === 206) headers['Content-Range'] = `bytes ${start}-${end - 1}/${body.length}`;
    const drop = drops.get(m[3]);
    if (drop && drop.times > 0) {
      drop.times--;
      entry.status = status;
      res.writeHead(status, { ...CORS, ...headers });
      // Send part of the body, then cut the connection as a flaky network would.
      res.write(body.subarray(start, Math.min(end, start + drop.afterBytes)), () => {
        setTimeout(() => res.socket?.destroy(), 20);
      });
      return;
    }
    send(status, headers, body.subarray(start, end));
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    repos: map,
    log,
    dropNext: (file, afterBytes, times = 1) => {
      drops.set(file, { afterBytes, times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
