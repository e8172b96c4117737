/** The slice of a long list that is on screen, so the DOM holds a few dozen nodes, not 10^6. */
export interface Window {
  /** First item to render. */
  start: number;
  /** One past the last item to render. */
  end: number;
}

/** Items [start, end) visible in a viewport scrolled to `offset`, plus `overscan` on each side. */
export function visibleRange(offset: number, viewport: number, itemSize: number, count: number, overscan = 4): Window {
  if (count <= 0 || itemSize <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, offset) / itemSize);
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + Math.ceil(viewport / itemSize) + overscan + 1);
  return { start: Math.min(start, end), end };
}
