/**
 * The machinery of the staged study: a stage is a function of typed inputs (the artefacts of the stages it
 * depends on, and its part of the {@link StudyConfig}) that returns a typed artefact. {@link StudyRun} resolves a
 * stage by first computing its key — sha256 of the stage's name, its settings, the keys of its inputs and the
 * fingerprint of the code it runs (lib/study/code-fingerprint.ts) — then reading `<runDir>/<stage>.json` when
 * that file carries the same key, else computing the inputs it needs and the stage itself, and saving the result.
 * So `npm start` computes each stage once, a notebook asking for the same stage reads it, a notebook run alone
 * computes only what is missing, and a changed setting or a changed function recomputes that stage and the ones
 * after it (their keys include its key), nothing before.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Json } from '../core/types';
import { writeFileAtomic, type OutputFile } from '../io/atomic';
import { jsonFingerprint } from '../io/fingerprint';
import type { ProgressOptions } from '../io/progress';
import { decodeArtefact, encodeArtefact } from './artefact-codec';
import { codeFingerprint } from './code-fingerprint';
import type { StudyConfig } from './config';

/** What a stage's function gets besides its inputs. */
export interface StageContext {
  readonly config: StudyConfig;
  /** Step messages (the study command prints them; notebooks and tests stay quiet). */
  readonly log: (line: string) => void;
  /** Progress of long stages (the search). */
  readonly progress: ProgressOptions;
}

/**
 * One stage: its name, the stages whose artefacts it takes (by name, in the shape `I` of its function's first
 * argument), the part of the config it reads, and the function. `module` is the file that defines it (its
 * `__filename`): the stage's code fingerprint starts there.
 */
export interface StageDefinition<I, A> {
  readonly name: string;
  /** One line: what the stage computes (docs/architecture.md lists the same). */
  readonly description: string;
  readonly deps: readonly (keyof I & string)[];
  readonly module: string;
  /** The config this stage reads; it goes into the stage's key. */
  readonly settings: (config: StudyConfig) => Json;
  /** Saved in the run folder (default true); a stage whose artefact is cheaper to recompute than to read is not. */
  readonly persist?: boolean;
  /** A key of its own instead of settings and inputs (the load stage: the fingerprint of the files themselves). */
  readonly ownKey?: (config: StudyConfig) => string;
  readonly compute: (inputs: I, context: StageContext) => A | Promise<A>;
  /** The artefact as JSON (default {@link encodeArtefact}) and back (default {@link decodeArtefact}). */
  readonly encode?: (artefact: A) => Json;
  readonly decode?: (json: Json, inputs: StageInputsReader) => A | Promise<A>;
}

/** Gives a stage's decoder the artefacts it reattaches (e.g. the segmentation stage's feature frame, from merge). */
export type StageInputsReader = (name: string) => Promise<unknown>;

/** A stage of any shape, as the registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStage = StageDefinition<any, any>;

/** How one stage's artefact was obtained in this run. */
export interface StageStatus {
  readonly stage: string;
  readonly key: string;
  /** 'computed' in this process, 'read' from the run folder. */
  readonly source: 'computed' | 'read';
  /** Milliseconds spent computing or reading it (inputs excluded). */
  readonly ms: number;
}

/** The file a stage's artefact is saved in. */
export interface ArtefactFile {
  readonly format: 'odin-klik-stage-artefact';
  readonly stage: string;
  readonly key: string;
  readonly settings: Json;
  readonly inputs: { [stage: string]: string };
  readonly artefact: Json;
}

/** Options of a {@link StudyRun}. */
export interface StudyRunOptions {
  log?: (line: string) => void;
  progress?: ProgressOptions;
  /**
   * Keep the artefacts to write instead of writing each when its stage ends; {@link StudyRun.pendingFiles}
   * hands them over, so the study command writes them with its outputs as one all-or-nothing batch.
   */
  deferWrites?: boolean;
}

/**
 * One run of the staged study over a set of stages: resolves stages by name, each at most once per run, from the
 * run folder when its key matches, else by computing it (see the file comment).
 * @example const run = new StudyRun(STUDY_STAGES, studyConfig()); const table = await run.get('merge');
 */
export class StudyRun<S extends Record<string, AnyStage>> {
  private readonly keys = new Map<string, Promise<string>>();
  private readonly artefacts = new Map<string, Promise<unknown>>();
  private readonly statuses: StageStatus[] = [];
  private readonly pending: OutputFile[] = [];
  private readonly context: StageContext;

  constructor(
    /** The stages by name. */
    readonly stages: S,
    readonly config: StudyConfig,
    private readonly options: StudyRunOptions = {},
  ) {
    this.context = { config, log: options.log ?? (() => {}), progress: options.progress ?? { silent: true } };
  }

  private stage(name: string): AnyStage {
    const stage = this.stages[name];
    if (!stage) throw new Error(`StudyRun: no stage named ${JSON.stringify(name)} (stages: ${Object.keys(this.stages).join(', ')})`);
    return stage;
  }

  /** The key of a stage's artefact in this run (see the file comment). */
  key(name: keyof S & string): Promise<string> {
    let key = this.keys.get(name);
    if (!key) {
      key = this.computeKey(name);
      this.keys.set(name, key);
    }
    return key;
  }

  private async computeKey(name: string): Promise<string> {
    const stage = this.stage(name);
    if (stage.ownKey) return stage.ownKey(this.config);
    const inputs: { [stage: string]: string } = {};
    for (const dep of stage.deps) inputs[dep] = await this.key(dep);
    return jsonFingerprint({ stage: name, settings: stage.settings(this.config), inputs, code: codeFingerprint(stage.module) });
  }

  /** The artefact of a stage: read from the run folder when its key matches, else computed (with what it needs). */
  get<N extends keyof S & string>(name: N): Promise<ArtefactOf<S[N]>> {
    let artefact = this.artefacts.get(name);
    if (!artefact) {
      artefact = this.resolve(name);
      this.artefacts.set(name, artefact);
    }
    return artefact as Promise<ArtefactOf<S[N]>>;
  }

  private fileOf(name: string): string | null {
    return this.config.runDir === null ? null : path.join(this.config.runDir, `${name}.json`);
  }

  /**
   * {@link get}, with the stage's function run elsewhere when it must be computed: `computeElsewhere` gets the
   * inputs' artefacts and returns the artefact as JSON (e.g. from a worker thread, lib/study/stage-worker.ts), so
   * a long stage can run beside another one. Keys, reading and saving are those of {@link get}.
   */
  getWith<N extends keyof S & string>(name: N, computeElsewhere: (inputs: Record<string, unknown>) => Promise<Json>): Promise<ArtefactOf<S[N]>> {
    let artefact = this.artefacts.get(name);
    if (!artefact) {
      artefact = this.resolve(name, computeElsewhere);
      this.artefacts.set(name, artefact);
    }
    return artefact as Promise<ArtefactOf<S[N]>>;
  }

  private async resolve(name: string, computeElsewhere?: (inputs: Record<string, unknown>) => Promise<Json>): Promise<unknown> {
    const stage = this.stage(name);
    const key = await this.key(name);
    const persist = stage.persist !== false;
    const file = persist ? this.fileOf(name) : null;
    if (file !== null && fs.existsSync(file)) {
      const started = Date.now();
      const saved = readArtefactFile(file);
      if (saved !== null && saved.key === key) {
        const artefact = stage.decode ? await stage.decode(saved.artefact, (dep) => this.get(dep)) : decodeArtefact(saved.artefact);
        this.statuses.push({ stage: name, key, source: 'read', ms: Date.now() - started });
        return artefact;
      }
    }
    const inputs: Record<string, unknown> = {};
    for (const dep of stage.deps) inputs[dep] = await this.get(dep);
    const started = Date.now();
    this.context.log(`stage ${name}: computing${computeElsewhere ? ' (in a worker thread)' : ''}`);
    let artefact: unknown;
    let json: Json | undefined;
    if (computeElsewhere) {
      json = await computeElsewhere(inputs);
      artefact = stage.decode ? await stage.decode(json, (dep) => this.get(dep)) : decodeArtefact(json);
    } else {
      artefact = await stage.compute(inputs, this.context);
    }
    if (file !== null) {
      const depKeys: { [stage: string]: string } = {};
      for (const dep of stage.deps) depKeys[dep] = await this.key(dep);
      const body: ArtefactFile = {
        format: 'odin-klik-stage-artefact',
        stage: name,
        key,
        settings: stage.settings(this.config),
        inputs: depKeys,
        artefact: json ?? (stage.encode ? stage.encode(artefact) : encodeArtefact(artefact)),
      };
      const text = JSON.stringify(body) + '\n';
      if (this.options.deferWrites) this.pending.push({ path: file, data: text });
      else writeFileAtomic(file, text);
    }
    this.statuses.push({ stage: name, key, source: 'computed', ms: Date.now() - started });
    return artefact;
  }

  /** How each stage resolved so far was obtained, in the order they finished. */
  status(): readonly StageStatus[] {
    return [...this.statuses];
  }

  /** The artefact files not yet written (with `deferWrites`); the caller writes them, e.g. with writeFilesAtomic. */
  pendingFiles(): OutputFile[] {
    return this.pending.splice(0);
  }
}

/** The artefact type of a stage definition. */
export type ArtefactOf<T> = T extends StageDefinition<infer _I, infer A> ? A : never;

function readArtefactFile(file: string): ArtefactFile | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ArtefactFile>;
    // A file of another shape, or a damaged one, is recomputed and overwritten: it is a cache, not an input.
    return parsed.format === 'odin-klik-stage-artefact' && typeof parsed.key === 'string' ? (parsed as ArtefactFile) : null;
  } catch {
    return null;
  }
}

/**
 * A stage definition with its types checked (identity at run time).
 * @example export const splitStage = defineStage<{ merge: ModelTable }, Fold>({ name: 'split', … })
 */
export function defineStage<I, A>(definition: StageDefinition<I, A>): StageDefinition<I, A> {
  return definition;
}
