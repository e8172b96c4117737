/**
 * The TensorFlow.js runtime of one worker (or one Node process): which backend, how many WASM
 * threads. Backends load lazily, so a run of baselines never downloads tfjs at all.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Backends the app can train on, fastest first when present. */
export type BackendName = 'webgpu' | 'wasm' | 'cpu';

/** Where the WASM binaries are (browser builds pass Vite asset URLs; Node needs none). */
export type WasmPaths = Partial<Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>>;

/** How to start the runtime. */
export interface RuntimeOptions {
  backend: BackendName;
  wasmPaths?: WasmPaths;
  /** WASM threads for this worker; 1 when parallelism comes from the worker pool. */
  threads?: number;
}

/** Registers and selects a backend; returns the one actually active (tfjs may refuse one). */
export async function initBackend(opts: RuntimeOptions): Promise<BackendName> {
  if (opts.backend === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu');
  } else if (opts.backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (opts.wasmPaths) wasm.setWasmPaths(opts.wasmPaths);
    // One thread: load the plain SIMD binary. The threaded one still starts a pthread that
    // competes with the other pool workers for the cores.
    if ((opts.threads ?? 1) <= 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    else wasm.setThreadsCount(opts.threads!);
  } else {
    await import('@tensorflow/tfjs-backend-cpu');
  }
  const ok = await tf.setBackend(opts.backend);
  await tf.ready();
  const active = tf.getBackend() as BackendName;
  if (!ok || active !== opts.backend) throw new Error(`The ${opts.backend} backend could not start (active: ${active}).`);
  return active;
}

let gradients: Promise<unknown> | null = null;

/**
 * Registers every op's gradient once (tfjs-core alone has none). Bundlers load tfjs-core's
 * ESM file; plain Node cannot (its deep imports have no extensions), so there the union
 * package's CommonJS build registers them instead.
 */
export function registerGradients(): Promise<unknown> {
  return (gradients ??= import('@tensorflow/tfjs-core/dist/register_all_gradients').catch(() => {
    const union = '@tensorflow/tfjs';
    return import(/* @vite-ignore */ union);
  }));
}

/** Tensors and bytes held by tfjs right now (for leak checks and the live monitor). */
export function tensorMemory(): { numTensors: number; numBytes: number } {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}

/** The part of a WebGPU device this module touches (no @webgpu/types dependency). */
interface GpuDevice {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

const gpuDevice = (): GpuDevice | undefined => (tf.backend() as { device?: GpuDevice }).device;

/** Resolves with the reason when the active backend's GPU device is lost; never off WebGPU. */
export function deviceLost(): Promise<string> {
  const device = gpuDevice();
  if (!device?.lost) return new Promise(() => {});
  return device.lost.then((info) => info.message || info.reason || 'no reason given');
}

/** Destroys the GPU device: a real device loss, for fault-injection tests. */
export function loseDevice(): void {
  gpuDevice()?.destroy();
}

/**
 * Asks the WASM backend for a 4 GB tensor, more than its 32-bit memory can hold: the real
 * failure an oversized model meets (fault-injection tests; fails in well under a second).
 */
export async function overflowWasmMemory(): Promise<void> {
  if (tf.getBackend() !== 'wasm') throw new Error(`overflowWasmMemory needs the wasm backend (active: ${tf.getBackend()}).`);
  const big = tf.zeros([2 ** 30]);
  try {
    await tf.sum(big).data();
  } finally {
    big.dispose();
  }
}
