/** Opening a run over a set of stages, from a built config or from the options to build one. */
import { studyConfig, type StudyConfig, type StudyConfigOptions } from './config';
import { StudyRun, type AnyStage, type StudyRunOptions } from './stage';
import { DATA_STAGES } from './stages/data';

/**
 * A run of `stages` with the config `options` gives (or builds, see {@link studyConfig}).
 * @example const run = openStages(DATA_STAGES, { seed: 7 }); await run.get('merge')
 */
export function openStages<S extends Record<string, AnyStage>>(stages: S, options: StudyConfigOptions | StudyConfig = {}, runOptions: StudyRunOptions = {}): StudyRun<S> {
  const config = (options as StudyConfig).kind === 'study-config' ? (options as StudyConfig) : studyConfig(options as StudyConfigOptions);
  return new StudyRun(stages, config, runOptions);
}

/**
 * A run of the data stages only (load, clean, merge), with the same config, run folder and keys as the whole
 * study's (lib/study/stages/index.ts openStudy), so it reads what `npm start` saved; notebooks 01–05 open it, so
 * tslab does not compile the model code they do not use.
 * @example const run = openDataStages(); const table = await run.get('merge');
 */
export function openDataStages(options: StudyConfigOptions | StudyConfig = {}, runOptions: StudyRunOptions = {}): StudyRun<typeof DATA_STAGES> {
  return openStages(DATA_STAGES, options, runOptions);
}
