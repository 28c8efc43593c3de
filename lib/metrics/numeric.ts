/**
 * Summation as numpy does it (pairwise, blocks of 8 within 128), so areas and means computed here equal
 * scikit-learn's to the last bit rather than to 1e-15.
 */

/** numpy's pairwise sum of `a[start .. start + n)` (numpy/core/src/umath/loops_utils.h). */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    let r0 = a[start]!, r1 = a[start + 1]!, r2 = a[start + 2]!, r3 = a[start + 3]!;
    let r4 = a[start + 4]!, r5 = a[start + 5]!, r6 = a[start + 6]!, r7 = a[start + 7]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const k = start + i;
      r0 += a[k]!; r1 += a[k + 1]!; r2 += a[k + 2]!; r3 += a[k + 3]!;
      r4 += a[k + 4]!; r5 += a[k + 5]!; r6 += a[k + 6]!; r7 += a[k + 7]!;
    }
    let res = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** Area under the polyline (x, y) by the trapezoid rule, as `numpy.trapz`. */
export function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return 0;
  const terms = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) terms[i] = ((x[i + 1]! - x[i]!) * (y[i + 1]! + y[i]!)) / 2.0;
  return pairwiseSum(terms);
}

/** Checks that labels and scores line up; names the metric in the error. */
export function checkLengths(who: string, y: ArrayLike<number>, scores: ArrayLike<number>): void {
  if (y.length !== scores.length) throw new Error(`${who}: ${y.length} labels but ${scores.length} scores`);
}
