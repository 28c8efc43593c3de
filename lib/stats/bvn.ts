/**
 * Normal and bivariate normal probabilities, ported from Alan Genz's Fortran (scipy's `mvndst.f`):
 * `MVNPHI` (Schonfelder's Chebyshev expansion, ~1e-15), `BVU` (Drezner–Wesolowsky with Gauss–Legendre
 * nodes, as rewritten by Genz) and the 2-D path of `MVNDST` that `scipy.stats._mvn.mvnun` takes (variable
 * ordering, Cholesky scaling, 4-term inclusion–exclusion, singular fallback at rho = 1).
 *
 * The port keeps the Fortran's arithmetic order, because phi_K's tail cells come from cancellation of
 * numbers near 1 and the reference values (phik 0.12.5) carry those rounding digits.
 */

/** Schonfelder (1978) coefficients A(0..24) of MVNPHI; the remaining 19 are below double precision. */
const PHI_COEFFICIENTS = [
  6.10143081923200417926465815756e-1, -4.34841272712577471828182820888e-1,
  1.76351193643605501125840298123e-1, -6.0710795609249414860051215825e-2,
  1.7712068995694114486147141191e-2, -4.321119385567293818599864968e-3,
  8.54216676887098678819832055e-4, -1.2715509060916274262889394e-4,
  1.1248167243671189468847072e-5, 3.13063885421820972630152e-7,
  -2.70988068537762022009086e-7, 3.0737622701407688440959e-8,
  2.515620384817622937314e-9, -1.02892992132031912759e-9,
  2.9944052119949939363e-11, 2.605178968726693629e-11,
  -2.634839924171969386e-12, -6.43404509890636443e-13,
  1.12457401801663447e-13, 1.7281533389986098e-14,
  -4.264101694942375e-15, -5.45371977880191e-16,
  1.58697607761671e-16, 2.0899837844334e-17,
  -5.900526869409e-18,
];
const RTWO = 1.414213562373095048801688724209;

/** Standard normal CDF Φ(z), Genz's MVNPHI (accurate to about 1e-15). */
export function normalCdf(z: number): number {
  const xa = Math.abs(z) / RTWO;
  let p: number;
  if (xa > 100) {
    p = 0;
  } else {
    const t = (8 * xa - 30) / (4 * xa + 15);
    let bm = 0;
    let b = 0;
    let bp = 0;
    for (let i = 24; i >= 0; i--) {
      bp = b;
      b = bm;
      bm = t * b - bp + PHI_COEFFICIENTS[i]!;
    }
    p = (Math.exp(-xa * xa) * (bm - bp)) / 4;
  }
  return z > 0 ? 1 - p : p;
}

// Gauss–Legendre nodes (negative half) and weights for 6, 12 and 20 points, as in BVU.
const GL_W = [
  [0.1713244923791705, 0.3607615730481384, 0.4679139345726904],
  [
    0.04717533638651177, 0.1069393259953183, 0.1600783285433464, 0.2031674267230659, 0.2334925365383547,
    0.2491470458134029,
  ],
  [
    0.01761400713915212, 0.04060142980038694, 0.06267204833410906, 0.08327674157670475, 0.1019301198172404,
    0.1181945319615184, 0.1316886384491766, 0.1420961093183821, 0.1491729864726037, 0.1527533871307259,
  ],
];
const GL_X = [
  [-0.9324695142031522, -0.6612093864662647, -0.238619186083197],
  [
    -0.9815606342467191, -0.904117256370475, -0.769902674194305, -0.5873179542866171, -0.3678314989981802,
    -0.1252334085114692,
  ],
  [
    -0.9931285991850949, -0.9639719272779138, -0.9122344282513259, -0.8391169718222188, -0.7463319064601508,
    -0.636053680726515, -0.5108670019508271, -0.3737060887154196, -0.2277858511416451, -0.07652652113349733,
  ],
];
const TWOPI = 6.283185307179586;
// The Fortran compares a double with REAL (single precision) literals 0.3, 0.75 and 0.925.
const R_SMALL = Math.fround(0.3);
const R_MEDIUM = Math.fround(0.75);
const R_LARGE = Math.fround(0.925);

// The sines of BVU's nodes depend only on r; phi_K evaluates thousands of cells at one r, so the last r's
// sines are kept (the values are the same doubles the loop would compute).
let sineR = NaN;
let sineCache: { asr: number; sn: Float64Array; den: Float64Array } = { asr: 0, sn: new Float64Array(0), den: new Float64Array(0) };
function sineNodes(r: number, x: readonly number[]): { asr: number; sn: Float64Array; den: Float64Array } {
  if (r === sineR) return sineCache;
  const asr = Math.asin(r);
  const sn = new Float64Array(2 * x.length);
  const den = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) {
    sn[2 * i] = Math.sin((asr * (x[i]! + 1)) / 2);
    sn[2 * i + 1] = Math.sin((asr * (-x[i]! + 1)) / 2);
    den[2 * i] = 1 - sn[2 * i]! * sn[2 * i]!;
    den[2 * i + 1] = 1 - sn[2 * i + 1]! * sn[2 * i + 1]!;
  }
  sineR = r;
  sineCache = { asr, sn, den };
  return sineCache;
}

/**
 * Upper-orthant probability P(X > h, Y > k) of a standard bivariate normal with correlation r (Genz's BVU).
 * `phiNegH`/`phiNegK` may pass Φ(−h) and Φ(−k) already computed (grid evaluations reuse them).
 */
export function bivariateUpper(sh: number, sk: number, r: number, phiNegH?: number, phiNegK?: number): number {
  const ar = Math.abs(r);
  const ng = ar < R_SMALL ? 0 : ar < R_MEDIUM ? 1 : 2;
  const w = GL_W[ng]!;
  const x = GL_X[ng]!;
  const lg = w.length;
  const h = sh;
  let k = sk;
  let hk = h * k;
  let bvn = 0;
  if (ar < R_LARGE) {
    const hs = (h * h + k * k) / 2;
    const { asr, sn, den } = sineNodes(r, x);
    for (let i = 0; i < lg; i++) {
      bvn = bvn + w[i]! * Math.exp((sn[2 * i]! * hk - hs) / den[2 * i]!);
      bvn = bvn + w[i]! * Math.exp((sn[2 * i + 1]! * hk - hs) / den[2 * i + 1]!);
    }
    bvn = (bvn * asr) / (2 * TWOPI) + (phiNegH ?? normalCdf(-h)) * (phiNegK ?? normalCdf(-k));
  } else {
    if (r < 0) {
      k = -k;
      hk = -hk;
    }
    if (ar < 1) {
      const as = (1 - r) * (1 + r);
      let a = Math.sqrt(as);
      const bs = (h - k) ** 2;
      const c = (4 - hk) / 8;
      const d = (12 - hk) / 16;
      bvn = a * Math.exp(-(bs / as + hk) / 2) * (1 - (c * (bs - as) * (1 - (d * bs) / 5)) / 3 + (c * d * as * as) / 5);
      if (hk > -160) {
        const b = Math.sqrt(bs);
        bvn = bvn - Math.exp(-hk / 2) * Math.sqrt(TWOPI) * normalCdf(-b / a) * b * (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
      }
      a = a / 2;
      for (let i = 0; i < lg; i++) {
        let xs = (a * (x[i]! + 1)) ** 2;
        let rs = Math.sqrt(1 - xs);
        bvn =
          bvn +
          a * w[i]! * (Math.exp(-bs / (2 * xs) - hk / (1 + rs)) / rs - Math.exp(-(bs / xs + hk) / 2) * (1 + c * xs * (1 + d * xs)));
        xs = (as * (-x[i]! + 1) ** 2) / 4;
        rs = Math.sqrt(1 - xs);
        bvn =
          bvn +
          a * w[i]! * Math.exp(-(bs / xs + hk) / 2) * (Math.exp((-hk * (1 - rs)) / (2 * (1 + rs))) / rs - (1 + c * xs * (1 + d * xs)));
      }
      bvn = -bvn / TWOPI;
    }
    if (r > 0) bvn = bvn + normalCdf(-Math.max(h, k));
    if (r < 0) bvn = -bvn + Math.max(0, normalCdf(-h) - normalCdf(-k));
  }
  return bvn;
}

const COVSRT_EPS = 1e-10;

/**
 * P(lx < X ≤ ux, ly < Y ≤ uy) for a standard bivariate normal with correlation rho, following the path of
 * scipy's `mvnun` → `MVNDST` for two finite intervals (what phik integrates each grid cell with).
 */
export function bivariateRectangle(lx: number, ly: number, ux: number, uy: number, rho: number): number {
  // COVSRT: the variable with the smaller interval probability goes first.
  let a1 = lx;
  let b1 = ux;
  let a2 = ly;
  let b2 = uy;
  const d1 = normalCdf(lx);
  const e1 = Math.max(normalCdf(ux), d1);
  const d2 = normalCdf(ly);
  const e2 = Math.max(normalCdf(uy), d2);
  if (e1 + d2 >= e2 + d1) {
    a1 = ly;
    b1 = uy;
    a2 = lx;
    b2 = ux;
  }
  const cov3 = 1 - rho * rho;
  if (cov3 > COVSRT_EPS) {
    const s = Math.sqrt(cov3);
    const c = rho / s;
    a2 = a2 / s;
    b2 = b2 / s;
    const d = Math.sqrt(1 + c * c);
    a2 = a2 / d;
    b2 = b2 / d;
    const r = c / d;
    return bivariateUpper(a1, a2, r) - bivariateUpper(b1, a2, r) - bivariateUpper(a1, b2, r) + bivariateUpper(b1, b2, r);
  }
  // Singular correlation: Y = X / rho, a one-dimensional interval.
  if (Math.abs(rho) > COVSRT_EPS) {
    a2 = a2 / rho;
    b2 = b2 / rho;
    if (rho < 0) {
      const t = a2;
      a2 = b2;
      b2 = t;
    }
  }
  const lo = normalCdf(Math.max(a1, a2));
  const hi = Math.max(normalCdf(Math.min(b1, b2)), lo);
  return hi - lo;
}

/**
 * Cell probabilities on a fixed grid at one rho, as {@link bivariateRectangle} computes them cell by cell, but
 * evaluating each orthant probability at a grid point once (neighbouring cells share corners). Returns
 * `cell(i, j)` = P(sx[i] < X ≤ sx[i+1], sy[j] < Y ≤ sy[j+1]); bit-identical to the cell-by-cell path.
 */
export function gridRectangles(rho: number, sx: Float64Array, sy: Float64Array): (i: number, j: number) => number {
  const cov3 = 1 - rho * rho;
  if (!(cov3 > COVSRT_EPS)) return (i, j) => bivariateRectangle(sx[i]!, sy[j]!, sx[i + 1]!, sy[j + 1]!, rho);
  const s = Math.sqrt(cov3);
  const c = rho / s;
  const d = Math.sqrt(1 + c * c);
  const r = c / d;
  const px = sx.map(normalCdf);
  const py = sy.map(normalCdf);
  const xs = sx.map((v) => v / s / d);
  const ys = sy.map((v) => v / s / d);
  const qx = sx.map((v) => normalCdf(-v));
  const qy = sy.map((v) => normalCdf(-v));
  const qxs = xs.map((v) => normalCdf(-v));
  const qys = ys.map((v) => normalCdf(-v));
  const nx1 = sx.length;
  const ny1 = sy.length;
  // ua[i][j] = U(sx[i], ys[j]): x first; ub[j][i] = U(sy[j], xs[i]): y first (COVSRT swapped the variables).
  const ua = new Float64Array(nx1 * ny1).fill(NaN);
  const ub = new Float64Array(ny1 * nx1).fill(NaN);
  const UA = (i: number, j: number): number => {
    const k = i * ny1 + j;
    let v = ua[k]!;
    if (Number.isNaN(v)) ua[k] = v = bivariateUpper(sx[i]!, ys[j]!, r, qx[i]!, qys[j]!);
    return v;
  };
  const UB = (j: number, i: number): number => {
    const k = j * nx1 + i;
    let v = ub[k]!;
    if (Number.isNaN(v)) ub[k] = v = bivariateUpper(sy[j]!, xs[i]!, r, qy[j]!, qxs[i]!);
    return v;
  };
  return (i, j) => {
    const d1 = px[i]!;
    const e1 = Math.max(px[i + 1]!, d1);
    const d2 = py[j]!;
    const e2 = Math.max(py[j + 1]!, d2);
    if (e1 + d2 >= e2 + d1) return UB(j, i) - UB(j + 1, i) - UB(j, i + 1) + UB(j + 1, i + 1);
    return UA(i, j) - UA(i + 1, j) - UA(i, j + 1) + UA(i + 1, j + 1);
  };
}
