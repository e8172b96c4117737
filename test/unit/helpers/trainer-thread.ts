// A training worker under Node worker_threads: the same trainer API the browser worker exposes.
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { createTrainer } from '../../../src/engine/trainer';

Comlink.expose(createTrainer({ crash: () => process.exit(1) }), nodeEndpoint(parentPort!));
