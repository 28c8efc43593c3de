/**
 * Fingerprints and canonical JSON: the sha256 of the modelling table (so a model file says exactly which
 * data trained it) and a key-sorted JSON form, so the same content always gives the same bytes.
 */
import { createHash } from 'node:crypto';
import type { Json } from '../core/types';
import type { ModelTable } from '../data/model-table';

/** Hex sha256 of a string (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Bytes of a typed array exactly as stored (little-endian on every platform Node runs on). */
function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * sha256 of a modelling table: row count, ids, target, profit and every feature column in name order
 * (numbers as float64 bytes, strings length-prefixed UTF-8). Two tables have equal fingerprints exactly when
 * they hold the same customers with the same values.
 * @example tableFingerprint(table) // 'sha256:3f1c…'
 */
export function tableFingerprint(table: ModelTable): string {
  const hash = createHash('sha256');
  const header = new Float64Array([table.ids.length, table.features.nRows]);
  hash.update(bytesOf(header));
  hash.update(bytesOf(table.ids));
  hash.update(bytesOf(table.target));
  hash.update(bytesOf(table.profit));
  for (const name of Object.keys(table.features.columns).sort()) {
    const column = table.features.columns[name]!;
    hash.update(`\u0000${name}\u0000`);
    if (column instanceof Float64Array) {
      hash.update('f64');
      hash.update(bytesOf(column));
    } else {
      hash.update('str');
      const len = new Uint32Array(1);
      for (const value of column) {
        const bytes = Buffer.from(value, 'utf8');
        len[0] = bytes.length;
        hash.update(bytesOf(len));
        hash.update(bytes);
      }
    }
  }
  return `sha256:${hash.digest('hex')}`;
}

/** sha256 of a JSON value's canonical form, `sha256:<hex>`. */
export function jsonFingerprint(value: Json | unknown): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}
