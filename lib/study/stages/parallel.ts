/**
 * Stages computed beside each other: the explain stage (KernelSHAP of a kernel model takes tens of seconds)
 * needs neither the calibration nor the segmentation, so the study command computes it in a worker thread while
 * the main thread calibrates and segments. Same artefacts as computed in one thread.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Json } from '../../core/types';
import { workerSource } from '../../io/worker-source';
import { encodeArtefact } from '../artefact-codec';
import type { ArtefactOf } from '../stage';
import type { StageName, StudyStages } from './index';
import { STUDY_STAGES } from './index';

/**
 * The stage's artefact from `run`, computed (when it must be) in a worker thread instead of this one.
 * @example const explained = computeStageInWorker(run, 'explain'); await run.get('segment'); await explained;
 */
export function computeStageInWorker<N extends StageName>(run: StudyStages, name: N): Promise<ArtefactOf<(typeof STUDY_STAGES)[N]>> {
  return run.getWith(name, async (inputs) => {
    // The inputs and what their decoders read (the segment stage's features come from merge).
    const encoded: { [stage: string]: Json } = {};
    const add = async (dep: StageName): Promise<void> => {
      if (encoded[dep] !== undefined) return;
      const stage = STUDY_STAGES[dep];
      const artefact = dep in inputs ? inputs[dep] : await run.get(dep);
      encoded[dep] = stage.encode ? (stage.encode as (a: unknown) => Json)(artefact) : encodeArtefact(artefact);
      if (stage.decode) await add('merge');
    };
    for (const dep of STUDY_STAGES[name].deps as readonly StageName[]) await add(dep);
    // stage-code: ../stage-worker
    const worker = new Worker(workerSource(path.join(__dirname, '..', 'stage-worker'), __filename.endsWith('.js')).code, { eval: true });
    try {
      return await new Promise<Json>((resolve, reject) => {
        worker.once('message', (reply: { ok: boolean; json?: Json; error?: string }) => (reply.ok ? resolve(reply.json!) : reject(new Error(`stage ${name} (worker thread): ${reply.error}`))));
        worker.once('error', reject);
        worker.postMessage({ stage: name, config: run.config, inputs: encoded });
      });
    } finally {
      await worker.terminate();
    }
  });
}
