import type uPlot from 'uplot';

/**
 * Mouse-wheel zoom of the x axis around the cursor, and Shift+wheel pan (drag to zoom into a
 * range and double-click to see everything are uPlot's own). Stays within the data's range.
 */
export function wheelZoom(factor = 0.8): uPlot.Plugin {
  return {
    hooks: {
      ready: (u) => {
        u.over.addEventListener(
          'wheel',
          (e) => {
            e.preventDefault();
            const xs = u.data[0];
            const lo = xs[0];
            const hi = xs[xs.length - 1];
            const min = u.scales.x.min ?? lo;
            const max = u.scales.x.max ?? hi;
            const span = max - min;
            if (e.shiftKey) {
              const shift = (Math.sign(e.deltaY || e.deltaX) * span) / 10;
              const from = Math.min(Math.max(lo, min + shift), hi - span);
              u.setScale('x', { min: from, max: from + span });
              return;
            }
            const at = u.posToVal(e.offsetX, 'x');
            const k = e.deltaY < 0 ? factor : 1 / factor;
            const next = Math.min(hi - lo, span * k);
            const left = Math.max(lo, at - (at - min) * (next / span));
            u.setScale('x', { min: left, max: Math.min(hi, left + next) });
          },
          { passive: false },
        );
      },
    },
  };
}
