/// <reference lib="webworker" />
// Thin entry point: the parse session runs here so the page never freezes on a big file.
import * as Comlink from 'comlink';
import { frameBuffers } from '../data/frame';
import { ParseSession, type ParseResult } from '../data/parse-session';
import type { CleanOptions } from '../data/timeline';
import type { ParseOptions } from '../data/frame';

const session = new ParseSession();

/** Hands the cleaned frame's buffers over instead of copying them. */
function transferred(result: ParseResult): ParseResult {
  return result.ok ? Comlink.transfer(result, frameBuffers(result.data.frame)) : result;
}

const api = {
  async load(file: File, parse: ParseOptions, clean: CleanOptions, onProgress?: (fraction: number) => void): Promise<ParseResult> {
    try {
      return transferred(await session.load(file, parse, clean, onProgress));
    } finally {
      releaseCallback(onProgress);
    }
  },
  clean(clean: CleanOptions): ParseResult {
    return transferred(session.clean(clean));
  },
};

/** The worker's remote API, for `Comlink.wrap<ParseWorkerApi>`. */
export type ParseWorkerApi = typeof api;

Comlink.expose(api);

/** Closes a Comlink-proxied callback's message port (the page passed it with Comlink.proxy). */
function releaseCallback(cb: unknown): void {
  (cb as Comlink.Remote<unknown> | undefined)?.[Comlink.releaseProxy]?.();
}
