/**
 * Worker-thread side of {@link FitPool}: holds the data sets it was sent and runs fit tasks one at a time.
 * Loaded through tsx (see pool.ts); it imports lib/models so every registered model kind is available,
 * plus any extra setup modules the pool was given (e.g. a test's own classifier).
 */
import { parentPort, workerData } from 'node:worker_threads';
import '../models/index';
import { runFitTask, type FitData, type FitTask } from './fit-task';

type Message = { type: 'data'; key: string; data: FitData } | { type: 'drop'; key: string } | { type: 'task'; task: FitTask };

const setupModules = ((workerData as { setupModules?: string[] } | undefined)?.setupModules ?? []);
for (const m of setupModules) require(m);

const store = new Map<string, FitData>();

parentPort!.on('message', (msg: Message) => {
  if (msg.type === 'data') store.set(msg.key, msg.data);
  else if (msg.type === 'drop') store.delete(msg.key);
  else {
    const data = store.get(msg.task.dataKey);
    const result = data
      ? runFitTask(msg.task, data)
      : { id: msg.task.id, score: NaN, fitMs: 0, scoreMs: 0, error: `worker has no data set '${msg.task.dataKey}'` };
    parentPort!.postMessage(result);
  }
});
parentPort!.postMessage({ type: 'ready' });
