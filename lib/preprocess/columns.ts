/**
 * Column access with clear errors: transformers read named columns of a Frame and must say which column
 * is missing or of the wrong type rather than produce NaN silently.
 */
import type { Frame, FrameColumn } from '../core/types';

/** The named column, or an error naming it and the columns that exist. */
export function column(frame: Frame, name: string, who: string): FrameColumn {
  const col = frame.columns[name];
  if (col === undefined) {
    throw new Error(`${who}: column '${name}' is missing from the frame (has: ${Object.keys(frame.columns).join(', ')})`);
  }
  if (col.length !== frame.nRows) {
    throw new Error(`${who}: column '${name}' has ${col.length} values, the frame has ${frame.nRows} rows`);
  }
  return col;
}

/** The named numeric column; an error if it holds strings. */
export function numericColumn(frame: Frame, name: string, who: string): Float64Array {
  const col = column(frame, name, who);
  if (!(col instanceof Float64Array)) {
    throw new Error(`${who}: column '${name}' holds strings (e.g. '${col[0]}'), expected numbers`);
  }
  return col;
}

/** The named category column; numbers are read as their string form (e.g. a 0/1 flag). */
export function categoryColumn(frame: Frame, name: string, who: string): readonly string[] {
  const col = column(frame, name, who);
  if (col instanceof Float64Array) return Array.from(col, (v) => String(v));
  return col;
}

/** Sorted distinct values, in scikit-learn's order (code-point order, like Python's `sorted`). */
export function sortedCategories(values: readonly string[]): string[] {
  const distinct = [...new Set(values)];
  return distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The column names of a frame, in insertion order. */
export function frameColumnNames(frame: Frame): string[] {
  return Object.keys(frame.columns);
}
