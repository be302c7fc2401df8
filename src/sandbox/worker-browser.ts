// Web Worker entry: exposes the sandbox API on the worker's own message port.
import { expose } from 'comlink';
import { sandboxWorkerApi } from './worker';

expose(sandboxWorkerApi);
