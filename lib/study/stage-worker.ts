/**
 * A worker thread that computes one stage of the study (see computeStageInWorker in lib/study/stages/parallel.ts):
 * it gets the stage's name, the config and its inputs' artefacts as JSON, decodes them with their stages'
 * decoders, runs the stage and posts the artefact back as JSON. The results are the same as in the main thread:
 * every stage is seeded and artefact JSON keeps every number's bits.
 */
import { parentPort } from 'node:worker_threads';
import type { Json } from '../core/types';
import { decodeArtefact, encodeArtefact } from './artefact-codec';
import type { StudyConfig } from './config';
import { STUDY_STAGES, type StageName } from './stages/index';

interface StageRequest {
  stage: StageName;
  config: StudyConfig;
  /** Encoded artefacts by stage name: the stage's inputs and whatever their decoders read. */
  inputs: { [stage: string]: Json };
}

parentPort?.on('message', async (request: StageRequest) => {
  try {
    const decoded = new Map<string, unknown>();
    const read = async (name: string): Promise<unknown> => {
      if (!decoded.has(name)) {
        const json = request.inputs[name];
        if (json === undefined) throw new Error(`stage worker: the input ${name} was not sent`);
        const stage = STUDY_STAGES[name as StageName];
        decoded.set(name, stage.decode ? await stage.decode(json, read) : decodeArtefact(json));
      }
      return decoded.get(name);
    };
    const stage = STUDY_STAGES[request.stage];
    const inputs: Record<string, unknown> = {};
    for (const dep of stage.deps) inputs[dep] = await read(dep);
    const artefact = await (stage.compute as (i: Record<string, unknown>, c: unknown) => unknown)(inputs, { config: request.config, log: () => {}, progress: { silent: true } });
    const json = stage.encode ? (stage.encode as (a: unknown) => Json)(artefact) : encodeArtefact(artefact);
    parentPort!.postMessage({ ok: true, json });
  } catch (error) {
    parentPort!.postMessage({ ok: false, error: (error as Error).stack ?? String(error) });
  }
});
