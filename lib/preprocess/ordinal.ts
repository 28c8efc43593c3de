/**
 * Ordinal encoding with a stated order of levels (e.g. стандарт < премиум → 0, 1), like scikit-learn's
 * `OrdinalEncoder(categories=[order])`. The order is a hyperparameter, never learned from data, because
 * alphabetical order would invert a real ranking.
 */
import type { FittedJson, FittedTransformer, Frame, Json, Matrix, Transformer } from '../core/types';
import { categoryColumn, frameColumnNames, sortedCategories } from './columns';

/** Hyperparameters of {@link OrdinalEncoder}. */
export interface OrdinalParams {
  [key: string]: Json;
  /** Level order per column name; a column not listed gets its sorted categories (sklearn's 'auto'). */
  categories: { [column: string]: string[] };
  /** Code given to a level not in the order; null = throw an error naming the value. */
  unknownValue: number | null;
}

const DEFAULTS: OrdinalParams = { categories: {}, unknownValue: null };

interface OrdinalState {
  columns: string[];
  categories: string[][];
}

/**
 * Unfitted ordinal encoder.
 * @example new OrdinalEncoder({categories: {serviceType: ['стандарт', 'премиум']}})
 */
export class OrdinalEncoder implements Transformer<Frame, OrdinalParams> {
  readonly kind = 'ordinal';
  readonly params: Readonly<OrdinalParams>;

  constructor(params: Partial<OrdinalParams> = {}) {
    this.params = { ...DEFAULTS, ...params } as OrdinalParams;
  }

  withParams(changes: Partial<OrdinalParams>): OrdinalEncoder {
    return new OrdinalEncoder({ ...this.params, ...changes });
  }

  fit(X: Frame): FittedOrdinalEncoder {
    const columns = frameColumnNames(X);
    const categories = columns.map((name) => {
      const values = categoryColumn(X, name, 'OrdinalEncoder.fit');
      const order = this.params.categories[name];
      if (!order) return sortedCategories(values);
      if (this.params.unknownValue === null) {
        const known = new Set(order);
        values.forEach((v, i) => {
          if (!known.has(v)) throw new Error(`OrdinalEncoder.fit: column '${name}' row ${i}: value '${v}' is not one of the stated levels [${order.join(', ')}]`);
        });
      }
      return [...order];
    });
    return new FittedOrdinalEncoder(this.params, { columns, categories });
  }
}

/** A fitted ordinal encoder. */
export class FittedOrdinalEncoder implements FittedTransformer<Frame, OrdinalParams> {
  readonly kind = 'ordinal';
  readonly params: Readonly<OrdinalParams>;
  private readonly state: OrdinalState;
  private readonly lookups: Map<string, number>[];

  constructor(params: Readonly<OrdinalParams>, state: OrdinalState) {
    this.params = params;
    this.state = state;
    this.lookups = state.categories.map((cats) => new Map(cats.map((c, i) => [c, i] as [string, number])));
  }

  transform(X: Frame): Matrix {
    const n = X.nRows;
    const p = this.state.columns.length;
    const data = new Float64Array(n * p);
    this.state.columns.forEach((name, j) => {
      const col = categoryColumn(X, name, 'OrdinalEncoder.transform');
      const lookup = this.lookups[j]!;
      for (let i = 0; i < n; i++) {
        const code = lookup.get(col[i]!);
        if (code === undefined) {
          if (this.params.unknownValue === null) {
            throw new Error(`OrdinalEncoder.transform: column '${name}' row ${i}: unknown level '${col[i]}' (expected one of ${this.state.categories[j]!.join(', ')})`);
          }
          data[i * p + j] = this.params.unknownValue;
        } else data[i * p + j] = code;
      }
    });
    return { nRows: n, nCols: p, data };
  }

  featureNamesOut(): string[] {
    return [...this.state.columns];
  }

  toJSON(): FittedJson<OrdinalParams> {
    return { kind: this.kind, params: { ...this.params }, state: { columns: [...this.state.columns], categories: this.state.categories.map((c) => [...c]) } };
  }

  /** Restores a fitted encoder from {@link toJSON} output. */
  static load(json: FittedJson): FittedOrdinalEncoder {
    const state = json.state as unknown as OrdinalState;
    return new FittedOrdinalEncoder({ ...DEFAULTS, ...(json.params as Partial<OrdinalParams>) } as OrdinalParams, { columns: state.columns, categories: state.categories });
  }
}
