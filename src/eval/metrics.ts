/** Forecast error metrics over paired arrays; pairs with a missing value on either side are skipped. */

/** Mean absolute error. */
export function mae(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i] - forecast[i];
    if (Number.isFinite(e)) {
      sum += Math.abs(e);
      n++;
    }
  }
  return n ? sum / n : NaN;
}

/** Root mean squared error. */
export function rmse(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i] - forecast[i];
    if (Number.isFinite(e)) {
      sum += e * e;
      n++;
    }
  }
  return n ? Math.sqrt(sum / n) : NaN;
}
