/**
 * Shared plumbing of the command-line entry points (study, score): option parsing with usage errors,
 * interrupt cleanup of unfinished outputs, and one error path that prints the message only (no stack
 * trace) and exits non-zero.
 *
 * Exit codes used by every command:
 *   0 success · 1 the input was refused (bad data, a model file that is refused or does not match the data,
 *   or an unexpected failure) · 2 usage error (unknown or malformed option) · 3 (score) some rows rejected ·
 *   130/143 interrupted (SIGINT/SIGTERM).
 */
import { isAbsolute, relative } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { installInterruptCleanup } from '../lib/io/atomic';

/** Exit codes of the commands (see the file comment). */
export const EXIT = { ok: 0, refused: 1, usage: 2, rejected: 3 } as const;

/** A problem with the command line itself (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parsed options: strings and booleans by name, plus positionals. */
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses `argv` with node's parseArgs; unknown or malformed options become a {@link UsageError}. */
export function parseCommandLine(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>, usage: string): ParsedArgs {
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

/**
 * A whole-number option (e.g. --seed), or undefined when absent. `min` is the smallest value that makes sense
 * (e.g. 2 for --folds); `why` says why, in the usage error for a smaller one.
 */
export function integerOption(value: string | boolean | undefined, name: string, min?: number, why?: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} expects a whole number, got ${JSON.stringify(value)}`);
  }
  const n = Number(value);
  if (min !== undefined && n < min) throw new UsageError(`--${name} must be at least ${min}${why ? ` (${why})` : ''}, got ${n}`);
  return n;
}

/** A string option, or undefined when absent. */
export function stringOption(value: string | boolean | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} expects a value`);
  return value;
}

/**
 * Runs a command's `main` and exits with its code. Any error prints `error: <message>` on stderr, without a
 * stack trace (set DEBUG=1 to see it), and exits 2 for usage errors, 1 otherwise.
 */
export function runCommand(name: string, main: (argv: string[]) => Promise<number> | number): void {
  installInterruptCleanup();
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`${name}: error: ${message}\n`);
        if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
        process.exitCode = error instanceof UsageError ? EXIT.usage : EXIT.refused;
      },
    )
    .finally(() => {
      // Worker threads or open handles must not keep a finished command alive.
      setImmediate(() => process.exit(process.exitCode ?? 0));
    });
}

/**
 * `path` relative to the folder `root` when it lies inside it ('' for `root` itself), else null: the one
 * "is this inside that folder" rule of the scripts (paths as printed, requests a report may make).
 */
export function relativeInside(root: string, path: string): string | null {
  const inside = relative(root, path);
  return inside.startsWith('..') || isAbsolute(inside) ? null : inside;
}
