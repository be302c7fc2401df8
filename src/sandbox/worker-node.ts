// worker_threads entry: exposes the sandbox API on the parent port through comlink's
// node adapter. Loaded by the bootstrap in spawn-node.ts.
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { sandboxWorkerApi } from './worker';

if (!parentPort) throw new Error('worker-node.ts must run inside a worker thread');
expose(sandboxWorkerApi, nodeEndpoint(parentPort));
