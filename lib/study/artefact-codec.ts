/**
 * JSON for stage artefacts: typed arrays and the numbers JSON cannot hold (NaN, ±Infinity, -0) are written
 * as tagged objects and read back as the same type with the same bits, so an artefact read from the run folder
 * gives exactly the numbers the stage computed. Plain numbers keep their shortest round-trip form (JSON's own).
 */
import type { Json } from '../core/types';

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array | Int8Array | Int16Array | Uint16Array;

const TYPED: Record<string, new (values: number[]) => TypedArray> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array, Int8Array, Int16Array, Uint16Array,
};

/** The tag of an encoded typed array or special number (a key no artefact of the study uses). */
const TAG = '$artefact';

function encodeNumber(x: number): Json {
  if (Number.isNaN(x)) return { [TAG]: 'NaN' };
  if (x === Infinity) return { [TAG]: 'Infinity' };
  if (x === -Infinity) return { [TAG]: '-Infinity' };
  if (x === 0 && 1 / x < 0) return { [TAG]: '-0' };
  return x;
}

/**
 * An artefact as JSON: typed arrays become `{"$artefact": "Float64Array", "values": [...]}`, special numbers
 * `{"$artefact": "NaN"}`; objects with a `toJSON` method (fitted pipelines) are written through it.
 * @example encodeArtefact({ p: new Float64Array([0.5, NaN]) })
 */
export function encodeArtefact(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return encodeNumber(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    if (!(name in TYPED)) throw new Error(`encodeArtefact: cannot encode a ${name}`);
    return { [TAG]: name, values: Array.from(value as TypedArray, encodeNumber) };
  }
  if (Array.isArray(value)) return value.map(encodeArtefact);
  if (value instanceof Map || value instanceof Set) throw new Error('encodeArtefact: Maps and Sets are not artefact values; use objects and arrays');
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return encodeArtefact(withJson.toJSON());
  const out: { [key: string]: Json } = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined && typeof v !== 'function') out[key] = encodeArtefact(v);
  }
  return out;
}

function decodeNumber(tag: string): number {
  switch (tag) {
    case 'NaN': return NaN;
    case 'Infinity': return Infinity;
    case '-Infinity': return -Infinity;
    case '-0': return -0;
    default: throw new Error(`decodeArtefact: unknown number tag ${JSON.stringify(tag)}`);
  }
}

/**
 * The inverse of {@link encodeArtefact} (fitted objects come back as their JSON; the stage that owns them loads
 * them, e.g. `FittedPipeline.load`).
 */
export function decodeArtefact<T = unknown>(json: Json): T {
  return decode(json) as T;
}

function decode(json: Json): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map(decode);
  const tag = json[TAG];
  if (typeof tag === 'string') {
    const make = TYPED[tag];
    if (make) {
      const values = (json['values'] as Json[]).map((v) => (typeof v === 'number' ? v : decodeNumber((v as { [TAG]: string })[TAG])));
      return new make(values);
    }
    return decodeNumber(tag);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(json)) out[key] = decode(v);
  return out;
}
