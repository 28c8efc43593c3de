import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { canonicalJson, jsonFingerprint, sha256Hex, tableFingerprint } from '../../lib/io/fingerprint';
import type { ModelTable } from '../../lib/data/model-table';

test('sha256Hex matches the known digest of "abc"', () => {
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('canonicalJson sorts keys at every level and drops undefined', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  assert.equal(jsonFingerprint({ a: 1, b: 2 }), jsonFingerprint({ b: 2, a: 1 }));
});

function table(tenure: number[], category: string[]): ModelTable {
  return {
    ids: Int32Array.from([1, 2]),
    target: Uint8Array.from([0, 1]),
    profit: Float64Array.from([3.5, 4]),
    features: { nRows: 2, columns: { tenureDays: Float64Array.from(tenure), popularCategory: category } },
  };
}

test('tableFingerprint is stable and changes with any value', () => {
  const base = tableFingerprint(table([100, 200], ['a', 'b']));
  assert.match(base, /^sha256:[0-9a-f]{64}$/);
  assert.equal(tableFingerprint(table([100, 200], ['a', 'b'])), base);
  assert.notEqual(tableFingerprint(table([100, 201], ['a', 'b'])), base);
  assert.notEqual(tableFingerprint(table([100, 200], ['ab', ''])), base, 'strings are length-prefixed');
});
