import type { LoadedDataset } from '../data/parse-session';
import type { SeriesTable } from './types';

/** The columns a run needs from a dataset (no copy: the pool shares or copies them once). */
export function tableOf(data: LoadedDataset): SeriesTable {
  return { names: data.frame.names, time: data.frame.time, cols: data.frame.cols, periods: data.profiles.map((p) => p.seasonalPeriod) };
}
