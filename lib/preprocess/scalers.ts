/**
 * Numeric column scalers, like scikit-learn's `StandardScaler` (population standard deviation, a constant
 * column keeps scale 1) and `MinMaxScaler` (to [0, 1], a constant column maps to 0), plus `Passthrough`
 * (the numbers as they are; the "no scaling" choice of a search). Missing values (NaN) are ignored when
 * fitting and stay NaN.
 */
import type { FittedJson, FittedTransformer, Frame, Matrix, Params, Transformer } from '../core/types';
import { frameColumnNames, numericColumn } from './columns';

/** The numeric transformer kinds. */
export type ScalerKind = 'standard-scaler' | 'minmax-scaler' | 'passthrough';

/** Learned per-column state: standard → (x - center) / scale; min-max → x * scale + center (sklearn's order). */
interface ScalerState {
  columns: string[];
  center: number[];
  scale: number[];
}

abstract class NumericScaler implements Transformer<Frame, Params> {
  abstract readonly kind: ScalerKind;
  readonly params: Readonly<Params> = {};

  withParams(_changes: Partial<Params>): Transformer<Frame, Params> {
    return this;
  }

  protected abstract columnState(values: Float64Array): [center: number, scale: number];

  fit(X: Frame): FittedScaler {
    const columns = frameColumnNames(X);
    const center: number[] = [];
    const scale: number[] = [];
    for (const name of columns) {
      const [c, s] = this.columnState(numericColumn(X, name, `${this.kind}.fit`));
      center.push(c);
      scale.push(s);
    }
    return new FittedScaler(this.kind, { columns, center, scale });
  }
}

/** Standardises each column: (x - mean) / std, the std over n (population), as scikit-learn does. */
export class StandardScaler extends NumericScaler {
  readonly kind = 'standard-scaler' as const;
  constructor(_params: Partial<Params> = {}) {
    super();
  }
  protected columnState(values: Float64Array): [number, number] {
    let n = 0;
    let sum = 0;
    for (const v of values) if (!Number.isNaN(v)) { sum += v; n++; }
    if (n === 0) return [0, 1];
    const mean = sum / n;
    let ss = 0;
    for (const v of values) if (!Number.isNaN(v)) ss += (v - mean) * (v - mean);
    const std = Math.sqrt(ss / n);
    // sklearn keeps a constant column unscaled (scale 1) instead of dividing by ~0.
    return [mean, std < 10 * Number.EPSILON * Math.max(1, Math.abs(mean)) ? 1 : std];
  }
}

/** Maps each column to [0, 1] by its training min and max. */
export class MinMaxScaler extends NumericScaler {
  readonly kind = 'minmax-scaler' as const;
  constructor(_params: Partial<Params> = {}) {
    super();
  }
  protected columnState(values: Float64Array): [number, number] {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) if (!Number.isNaN(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    if (lo === Infinity) return [0, 1];
    const range = hi - lo;
    const scale = 1 / (range < 10 * Number.EPSILON ? 1 : range);
    return [-lo * scale, scale];
  }
}

/** Numeric columns unchanged (the "none" scaler choice). */
export class Passthrough extends NumericScaler {
  readonly kind = 'passthrough' as const;
  constructor(_params: Partial<Params> = {}) {
    super();
  }
  protected columnState(_values: Float64Array): [number, number] {
    return [0, 1];
  }
}

/** A fitted scaler of any of the three kinds. */
export class FittedScaler implements FittedTransformer<Frame, Params> {
  readonly params: Readonly<Params> = {};

  constructor(readonly kind: ScalerKind, private readonly state: ScalerState) {}

  /** Per-column centre (mean; for min-max the additive term) and scale (std; for min-max the multiplier). */
  get center(): readonly number[] {
    return this.state.center;
  }
  get scale(): readonly number[] {
    return this.state.scale;
  }

  transform(X: Frame): Matrix {
    const n = X.nRows;
    const p = this.state.columns.length;
    const data = new Float64Array(n * p);
    this.state.columns.forEach((name, j) => {
      const col = numericColumn(X, name, `${this.kind}.transform`);
      const c = this.state.center[j]!;
      const s = this.state.scale[j]!;
      if (this.kind === 'minmax-scaler') for (let i = 0; i < n; i++) data[i * p + j] = col[i]! * s + c;
      else if (this.kind === 'standard-scaler') for (let i = 0; i < n; i++) data[i * p + j] = (col[i]! - c) / s;
      else for (let i = 0; i < n; i++) data[i * p + j] = col[i]!;
    });
    return { nRows: n, nCols: p, data };
  }

  featureNamesOut(): string[] {
    return [...this.state.columns];
  }

  toJSON(): FittedJson {
    return { kind: this.kind, params: {}, state: { columns: [...this.state.columns], center: [...this.state.center], scale: [...this.state.scale] } };
  }

  /** Restores a fitted scaler from {@link toJSON} output. */
  static load(json: FittedJson): FittedScaler {
    const s = json.state as unknown as ScalerState;
    return new FittedScaler(json.kind as ScalerKind, { columns: s.columns, center: s.center, scale: s.scale });
  }
}
