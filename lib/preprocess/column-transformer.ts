/**
 * Routes named columns of a Frame to transformers and stacks their outputs into one Matrix, like
 * scikit-learn's `ColumnTransformer` (with `verbose_feature_names_out=False`: output names are the
 * transformers' own, e.g. `popularCategory_Косметика и аксесуары`). Params are plain JSON.
 */
import type { EstimatorSpec, FittedJson, FittedTransformer, Frame, Json, Matrix, Transformer } from '../core/types';
import { frameColumnNames, numericColumn } from './columns';
import { createTransformer, loadTransformer, type FittedFrameTransformer } from './transformers';

/** One route: a name (for parameter paths), the transformer spec and the columns it reads. */
export interface ColumnRoute {
  [key: string]: Json;
  name: string;
  transformer: { kind: string; params: { [key: string]: Json } };
  columns: string[];
}

/** Hyperparameters of {@link ColumnTransformer}. */
export interface ColumnTransformerParams {
  [key: string]: Json;
  routes: ColumnRoute[];
  /** Columns no route names: dropped, or passed through as numbers after the routed ones. */
  remainder: 'drop' | 'passthrough';
}

const DEFAULTS: ColumnTransformerParams = { routes: [], remainder: 'drop' };

function subFrame(frame: Frame, columns: readonly string[]): Frame {
  const out: Record<string, Frame['columns'][string]> = {};
  for (const c of columns) {
    const col = frame.columns[c];
    if (col === undefined) throw new Error(`ColumnTransformer: column '${c}' is missing from the frame (has: ${frameColumnNames(frame).join(', ')})`);
    out[c] = col;
  }
  return { nRows: frame.nRows, columns: out };
}

function hstack(parts: Matrix[], nRows: number): Matrix {
  const nCols = parts.reduce((s, m) => s + m.nCols, 0);
  const data = new Float64Array(nRows * nCols);
  let offset = 0;
  for (const m of parts) {
    for (let i = 0; i < nRows; i++) {
      const src = i * m.nCols;
      const dst = i * nCols + offset;
      for (let j = 0; j < m.nCols; j++) data[dst + j] = m.data[src + j]!;
    }
    offset += m.nCols;
  }
  return { nRows, nCols, data };
}

/**
 * Unfitted column transformer.
 * @example new ColumnTransformer({routes: [{name: 'scaler', transformer: {kind: 'standard-scaler', params: {}}, columns: ['tenureDays']}]})
 */
export class ColumnTransformer implements Transformer<Frame, ColumnTransformerParams> {
  readonly kind = 'column-transformer';
  readonly params: Readonly<ColumnTransformerParams>;

  constructor(params: Partial<ColumnTransformerParams> = {}) {
    this.params = { ...DEFAULTS, ...params } as ColumnTransformerParams;
    const names = new Set<string>();
    for (const r of this.params.routes) {
      if (names.has(r.name)) throw new Error(`ColumnTransformer: two routes are named '${r.name}'`);
      names.add(r.name);
    }
  }

  withParams(changes: Partial<ColumnTransformerParams>): ColumnTransformer {
    return new ColumnTransformer({ ...this.params, ...changes });
  }

  /** A copy whose route `name` uses another transformer (e.g. the scaler choice of a search). */
  withRouteTransformer(name: string, transformer: EstimatorSpec): ColumnTransformer {
    const routes = this.params.routes.map((r) => (r.name === name ? { ...r, transformer: transformer as ColumnRoute['transformer'] } : r));
    if (!this.params.routes.some((r) => r.name === name)) {
      throw new Error(`ColumnTransformer: no route named '${name}' (routes: ${this.params.routes.map((r) => r.name).join(', ')})`);
    }
    return this.withParams({ routes });
  }

  fit(X: Frame): FittedColumnTransformer {
    const fitted = this.params.routes.map((r) => createTransformer(r.transformer).fit(subFrame(X, r.columns)));
    const routed = new Set(this.params.routes.flatMap((r) => r.columns));
    const remainder = this.params.remainder === 'passthrough' ? frameColumnNames(X).filter((c) => !routed.has(c)) : [];
    return new FittedColumnTransformer(this.params, fitted, remainder);
  }
}

/** A fitted column transformer: each route's fitted transformer plus the remainder columns. */
export class FittedColumnTransformer implements FittedTransformer<Frame, ColumnTransformerParams> {
  readonly kind = 'column-transformer';

  constructor(
    readonly params: Readonly<ColumnTransformerParams>,
    /** The fitted transformer of each route, in route order. */
    readonly fitted: readonly FittedFrameTransformer[],
    /** Input columns passed through unrouted (remainder 'passthrough'). */
    readonly remainder: readonly string[],
  ) {}

  /** The fitted transformer of the route with this name. */
  route(name: string): FittedFrameTransformer {
    const k = this.params.routes.findIndex((r) => r.name === name);
    if (k < 0) throw new Error(`FittedColumnTransformer: no route named '${name}'`);
    return this.fitted[k]!;
  }

  transform(X: Frame): Matrix {
    const parts = this.params.routes.map((r, k) => this.fitted[k]!.transform(subFrame(X, r.columns)));
    if (this.remainder.length) {
      const n = X.nRows;
      const p = this.remainder.length;
      const data = new Float64Array(n * p);
      this.remainder.forEach((c, j) => {
        const col = numericColumn(X, c, 'ColumnTransformer remainder');
        for (let i = 0; i < n; i++) data[i * p + j] = col[i]!;
      });
      parts.push({ nRows: n, nCols: p, data });
    }
    return hstack(parts, X.nRows);
  }

  featureNamesOut(): string[] {
    return [...this.fitted.flatMap((t) => t.featureNamesOut()), ...this.remainder];
  }

  /** For each output column, the input column it comes from (one-hot columns map to their category column). */
  sourceColumns(): string[] {
    const out: string[] = [];
    this.params.routes.forEach((r, k) => {
      const names = this.fitted[k]!.featureNamesOut();
      if (names.length === r.columns.length) out.push(...r.columns);
      else for (const name of names) out.push(r.columns.find((c) => name.startsWith(`${c}_`)) ?? name);
    });
    return [...out, ...this.remainder];
  }

  toJSON(): FittedJson<ColumnTransformerParams> {
    return {
      kind: this.kind,
      params: JSON.parse(JSON.stringify(this.params)) as ColumnTransformerParams,
      state: { fitted: this.fitted.map((t) => t.toJSON() as unknown as Json), remainder: [...this.remainder] },
    };
  }

  /** Restores a fitted column transformer from {@link toJSON} output. */
  static load(json: FittedJson): FittedColumnTransformer {
    const state = json.state as unknown as { fitted: FittedJson[]; remainder: string[] };
    const params = { ...DEFAULTS, ...(json.params as Partial<ColumnTransformerParams>) } as ColumnTransformerParams;
    return new FittedColumnTransformer(params, state.fitted.map(loadTransformer), state.remainder);
  }
}
