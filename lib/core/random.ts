/**
 * Seeded randomness for the whole library. Every function that draws takes a seed or a {@link Random},
 * so the same command gives the same numbers.
 *
 * The generator is xoshiro128** seeded through splitmix32: fast, 32-bit, and well tested; it is not
 * numpy's Mersenne Twister, so the same seed does not give scikit-learn's draws (tests compare
 * deterministic results, or results within tolerances, never a random draw to numpy's).
 */
export class Random {
  // The four state words as int32 (same bits as the uint32 words of xoshiro128**): integer ops on a typed
  // array stay in int32 registers, where number fields holding values >= 2^31 would be doubles (heap numbers)
  // converted at every step; the stream of numbers is the same.
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    // splitmix32 spreads any integer seed (including 0) over the four state words.
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    const s = this.s;
    s[0] = next();
    s[1] = next();
    s[2] = next();
    s[3] = next();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ (s1 << 9);
    s[3] = rotl(s3, 11);
    return result;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal draw (Box-Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Shuffles an array in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** A permutation of 0..n-1. */
  permutation(n: number): Uint32Array {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }

  /** A new generator derived from this one (for per-tree or per-worker streams). */
  fork(): Random {
    return new Random(this.nextUint32());
  }
}

/** 32-bit rotate left, as int32. */
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
