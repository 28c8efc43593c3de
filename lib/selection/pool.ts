/**
 * A pool of worker threads that run fit tasks (both cores of the machine work on a search). Results are
 * keyed by task id, so they do not depend on which worker finished first. Workers load the TypeScript
 * library through tsx; a pool that cannot start can be replaced by the serial path (`workers: 0`).
 */
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { FitData, FitResult, FitTask } from './fit-task';
import { defaultWorkerCount } from '../core/parallelism';
import { workerSource } from '../io/worker-source';

/** Options of {@link FitPool.start}. */
export interface FitPoolOptions {
  /** Number of worker threads (default: the machine's available parallelism). */
  workers?: number;
  /** Modules each worker requires at start (absolute paths), e.g. to register extra classifier kinds. */
  setupModules?: string[];
}

export { defaultWorkerCount } from '../core/parallelism';

// The workers run fit-worker.ts, loaded by path below; the staged study's code fingerprint counts it:
// stage-code: ./fit-worker
function fitWorkerSource(): { code: string; eval: true } {
  return workerSource(path.join(__dirname, 'fit-worker'), __filename.endsWith('.js'));
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

/** Worker threads that fit pipelines on shared data sets. */
export class FitPool {
  private readonly slots: Slot[];
  private queue: FitTask[] = [];
  private pending = new Map<number, { resolve: (r: FitResult) => void }>();
  private inFlight = 0;
  private nextId = 0;
  private closed = false;

  private constructor(slots: Slot[]) {
    this.slots = slots;
    slots.forEach((slot) => {
      slot.worker.on('message', (msg: FitResult) => this.onResult(slot, msg));
      slot.worker.on('error', (err) => this.failAll(err));
      slot.worker.unref();
    });
  }

  /** Starts the workers and waits until each has loaded the library. */
  static async start(options: FitPoolOptions = {}): Promise<FitPool> {
    const n = Math.max(1, options.workers ?? defaultWorkerCount());
    const src = fitWorkerSource();
    const slots = await Promise.all(
      Array.from({ length: n }, () => new Promise<Slot>((resolve, reject) => {
        const worker = new Worker(src.code, { eval: true, workerData: { setupModules: options.setupModules ?? [] } });
        const onMessage = (m: { type?: string }) => {
          if (m.type === 'ready') {
            worker.off('message', onMessage);
            worker.off('error', reject);
            resolve({ worker, busy: false });
          }
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
      })),
    );
    return new FitPool(slots);
  }

  /** Number of worker threads. */
  get size(): number {
    return this.slots.length;
  }

  /** Sends a data set to every worker (copied once per worker), under a key tasks refer to. */
  setData(key: string, data: FitData): void {
    for (const s of this.slots) s.worker.postMessage({ type: 'data', key, data });
  }

  /** Frees a data set in the workers. */
  dropData(key: string): void {
    for (const s of this.slots) s.worker.postMessage({ type: 'drop', key });
  }

  /** Runs the tasks; the results come back in task order whatever the scheduling. */
  run(tasks: readonly FitTask[], onEach?: (result: FitResult) => void): Promise<FitResult[]> {
    if (this.closed) return Promise.reject(new Error('FitPool: the pool is closed'));
    // Internal ids keep concurrent runs on one pool apart; results get the caller's ids back.
    const internal = tasks.map((t) => ({ ...t, id: this.nextId++ }));
    const promises = internal.map(
      (t, k) => new Promise<FitResult>((resolve) =>
        this.pending.set(t.id, {
          resolve: (r) => {
            const out = { ...r, id: tasks[k]!.id };
            onEach?.(out);
            resolve(out);
          },
        }),
      ),
    );
    // Costliest first (stable for equal costs): a long fit started last would leave the other workers
    // idle at the end of the run. Results are matched by id, so their order does not change.
    const byCost = internal.map((t, k) => ({ t, k })).sort((a, b) => (b.t.cost ?? 0) - (a.t.cost ?? 0) || a.k - b.k);
    this.queue.push(...byCost.map((e) => e.t));
    this.dispatch();
    return Promise.all(promises);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const task = this.queue.shift()!;
      slot.busy = true;
      if (this.inFlight++ === 0) for (const s of this.slots) s.worker.ref();
      slot.worker.postMessage({ type: 'task', task });
    }
  }

  private onResult(slot: Slot, result: FitResult): void {
    slot.busy = false;
    if (--this.inFlight === 0 && this.queue.length === 0) for (const s of this.slots) s.worker.unref();
    const p = this.pending.get(result.id);
    this.pending.delete(result.id);
    p?.resolve(result);
    this.dispatch();
  }

  private failAll(err: Error): void {
    for (const [id, p] of this.pending) p.resolve({ id, score: NaN, fitMs: 0, scoreMs: 0, error: `worker failed: ${err.message}` });
    this.pending.clear();
    this.queue = [];
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
