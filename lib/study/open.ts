/** Opening a run over a set of stages, from a built config or from the options to build one. */
import { studyConfig, type StudyConfig, type StudyConfigOptions } from './config';
import { StudyRun, type AnyStage, type StudyRunOptions } from './stage';

/**
 * A run of `stages` with the config `options` gives (or builds, see {@link studyConfig}).
 * @example const run = openStages(DATA_STAGES, { seed: 7 }); await run.get('merge')
 */
export function openStages<S extends Record<string, AnyStage>>(stages: S, options: StudyConfigOptions | StudyConfig = {}, runOptions: StudyRunOptions = {}): StudyRun<S> {
  const config = (options as StudyConfig).kind === 'study-config' ? (options as StudyConfig) : studyConfig(options as StudyConfigOptions);
  return new StudyRun(stages, config, runOptions);
}
