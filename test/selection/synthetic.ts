/** A small synthetic study-like frame for tests: numeric, categorical and ordinal columns with signal. */
import { Random } from '../../lib/core/random';
import type { Frame, Labels } from '../../lib/core/types';

/** `n` rows whose label depends on two numbers and a category, with noise; seeded. */
export function syntheticStudyFrame(n: number, seed = 1): { frame: Frame; y: Labels } {
  const rng = new Random(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  const cat: string[] = [];
  const svc: string[] = [];
  const y = new Uint8Array(n);
  const cats = ['Косметика', 'Техника', 'Текстиль'];
  for (let i = 0; i < n; i++) {
    a[i] = rng.normal() * 10 + 50;
    b[i] = rng.normal() * 1000 + 5000;
    c[i] = rng.next();
    cat.push(cats[rng.int(3)]!);
    svc.push(rng.next() < 0.3 ? 'премиум' : 'стандарт');
    const z = 0.15 * (a[i]! - 50) - 0.001 * (b[i]! - 5000) + (cat[i] === 'Техника' ? 0.8 : 0) + rng.normal();
    y[i] = z > 0.3 ? 1 : 0;
  }
  return { frame: { nRows: n, columns: { a, b, c, cat, svc } }, y };
}
