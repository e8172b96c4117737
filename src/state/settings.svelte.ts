import type { BackendPreference } from '../engine/platform';

/** Run settings the user can change; kept in localStorage so they survive a reload. */
export interface RunSettings {
  /** Worker count; 0 = one per core. */
  workers: number;
  backend: BackendPreference;
  models: string[];
  /** null = chosen from the data. */
  lookback: number | null;
  horizon: number | null;
  backtests: number;
  /** Steps between backtest cutoffs; null = the horizon (folds do not overlap). */
  backtestStep: number | null;
  backtestMode: 'expanding' | 'sliding';
  /** Rows a sliding backtest trains on; null = chosen from the lookback. */
  trainWindow: number | null;
  /** Refit every k folds (1 = every fold). */
  refitEvery: number;
  seed: number;
  retries: number;
  timeoutSeconds: number;
  /** Memory a run may use, MB; null = 80 % of what the browser reports. */
  memoryBudgetMB: number | null;
  /** Prediction interval levels, e.g. 0.8 and 0.95 (changeable after a run: no retraining). */
  levels: number[];
}

const KEY = 'forecaster.settings.v1';

/** Defaults: every core, automatic backend, the baselines plus the linear models, 3 backtest folds. */
export const DEFAULT_SETTINGS: RunSettings = {
  workers: 0,
  backend: 'auto',
  models: ['naive', 'seasonal-naive', 'drift', 'dlinear', 'nlinear'],
  lookback: null,
  horizon: null,
  backtests: 3,
  backtestStep: null,
  backtestMode: 'expanding',
  trainWindow: null,
  refitEvery: 1,
  seed: 42,
  retries: 3,
  timeoutSeconds: 600,
  levels: [0.8, 0.95],
  memoryBudgetMB: null,
};

/** The settings, loaded once and saved on every change. */
export class SettingsState {
  value = $state<RunSettings>(load());

  /** Changes some settings and saves them. */
  update(patch: Partial<RunSettings>): void {
    this.value = { ...this.value, ...patch };
    try {
      localStorage.setItem(KEY, JSON.stringify(this.value));
    } catch {
      // storage can be full or disabled; settings then last for this visit only
    }
  }

  /** Workers to use: the setting, or one per core. */
  workerCount(cores: number): number {
    return Math.min(32, Math.max(1, this.value.workers || cores));
  }
}

function load(): RunSettings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (saved && typeof saved === 'object') return { ...DEFAULT_SETTINGS, ...saved };
  } catch {
    // unreadable settings fall back to defaults
  }
  return { ...DEFAULT_SETTINGS };
}
