import type { BackendName } from '../models/tfjs/runtime';

/** What this browser can do, probed once at start-up. */
export interface PlatformProbe {
  cores: number;
  /** A WebGPU adapter exists (false when navigator.gpu is missing or gives no adapter). */
  webgpu: boolean;
  /** The adapter is a software fallback (SwiftShader): it works but is far slower than WASM. */
  webgpuFallback: boolean;
  webgpuName: string;
  crossOriginIsolated: boolean;
  wasmSimd: boolean;
  /** SharedArrayBuffer and WASM threads are usable (needs cross-origin isolation). */
  wasmThreads: boolean;
}

/** The backend and threading a run will use, with the reason in words. */
export interface BackendChoice {
  backend: BackendName;
  /** WASM threads per worker. */
  threads: number;
  /** Columns go to workers in one SharedArrayBuffer (true) or one copy per worker (false). */
  shared: boolean;
  reason: string;
}

/** A user's backend preference from the settings. */
export type BackendPreference = 'auto' | BackendName;

/**
 * Picks the tfjs backend: a real GPU first, then WASM, then plain JS. A software WebGPU
 * adapter is skipped under 'auto' because it is 35–120× slower than WASM on this kind of work.
 */
export function chooseBackend(p: PlatformProbe, workers: number, preference: BackendPreference = 'auto'): BackendChoice {
  const shared = p.crossOriginIsolated;
  const threadsFor = (backend: BackendName) => (backend === 'wasm' && workers === 1 && p.wasmThreads ? Math.max(1, Math.floor(p.cores / 2)) : 1);
  // Said plainly where WASM threads and shared memory are impossible (no COOP/COEP, no service worker).
  const isolation = p.crossOriginIsolated ? '' : '; single-threaded: this page is not cross-origin isolated';
  if (preference !== 'auto' && (preference !== 'webgpu' || p.webgpu)) {
    return { backend: preference, threads: threadsFor(preference), shared, reason: `${preference} chosen in the settings${preference === 'wasm' ? isolation : ''}` };
  }
  if (p.webgpu && !p.webgpuFallback) return { backend: 'webgpu', threads: 1, shared, reason: `WebGPU adapter found (${p.webgpuName || 'GPU'})` };
  if (typeof WebAssembly !== 'undefined') {
    const why = p.webgpu ? 'the only WebGPU adapter is a software fallback' : 'no WebGPU adapter';
    const threads = threadsFor('wasm');
    const how = workers > 1 ? `one WASM thread per worker, ${workers} workers` : threads > 1 ? `${threads} WASM threads` : 'one WASM thread';
    return { backend: 'wasm', threads, shared, reason: `WASM${p.wasmSimd ? ' with SIMD' : ''}: ${why}; ${how}${isolation}` };
  }
  return { backend: 'cpu', threads: 1, shared, reason: 'neither WebGPU nor WebAssembly is available' };
}

/** A 1-function WASM module using a SIMD instruction: it validates only where SIMD is supported. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** Probes the browser (or worker) once; safe where any of the features is missing. */
export async function probePlatform(): Promise<PlatformProbe> {
  const isolated = globalThis.crossOriginIsolated === true;
  const wasmSimd = typeof WebAssembly !== 'undefined' && WebAssembly.validate(SIMD_PROBE);
  let webgpu = false;
  let webgpuFallback = false;
  let webgpuName = '';
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (gpu) {
    try {
      const adapter = (await gpu.requestAdapter()) as { isFallbackAdapter?: boolean; info?: { vendor?: string; architecture?: string; description?: string } } | null;
      if (adapter) {
        webgpu = true;
        webgpuFallback = adapter.isFallbackAdapter === true || /swiftshader/i.test(`${adapter.info?.vendor} ${adapter.info?.architecture} ${adapter.info?.description}`);
        webgpuName = [adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' ');
      }
    } catch {
      // requestAdapter can throw where WebGPU is blocklisted: treat as absent
    }
  }
  return {
    cores: globalThis.navigator?.hardwareConcurrency || 1,
    webgpu,
    webgpuFallback,
    webgpuName,
    crossOriginIsolated: isolated,
    wasmSimd,
    wasmThreads: isolated && typeof SharedArrayBuffer !== 'undefined',
  };
}
