/// <reference lib="webworker" />
// Thin entry point: one training worker of the pool. The plain API lives in engine/trainer.ts.
import * as Comlink from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { createTrainer, type TrainerConfig } from '../engine/trainer';
import type { Job } from '../engine/types';
import type { FitProgress } from '../models/types';

const trainer = createTrainer({ crash: () => self.close() });
let sink: ((jobId: string, p: FitProgress) => void) | null = null;
const wasmPaths = { 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded };

const api = {
  ...trainer,
  // The worker knows where Vite put the WASM binaries; the page need not.
  configure: (config: TrainerConfig) => trainer.configure({ ...config, wasmPaths }),
  /** One progress channel per worker, set once: a channel per job would cost a MessagePort each. */
  setProgressSink(next: (jobId: string, p: FitProgress) => void) {
    releaseCallback(sink);
    sink = next;
  },
  run: (job: Job, attempt: number) => trainer.run(job, attempt, (p) => void sink?.(job.id, p)),
  runBatch: (jobs: Job[], attempts: number[]) => trainer.runBatch(jobs, attempts, (id, p) => void sink?.(id, p)),
};

/** The remote API of a training worker. */
export type TrainWorkerApi = typeof api;

Comlink.expose(api);

/** Closes a Comlink-proxied callback's message port (the page passed it with Comlink.proxy). */
function releaseCallback(cb: unknown): void {
  (cb as Comlink.Remote<unknown> | undefined)?.[Comlink.releaseProxy]?.();
}
