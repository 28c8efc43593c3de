/**
 * Declared hyperparameters and their check, as scikit-learn's `_parameter_constraints`: each estimator states
 * its parameters once (name, the values allowed), and a value of an unknown name, of the wrong type or out of
 * range is refused with an {@link InvalidParameterError} naming the estimator, the parameter and what is valid.
 */
import { InvalidParameterError } from './errors';
import type { Json } from './types';

/** What one parameter accepts. Several rules in an array: any of them. */
export type ParamRule =
  | { readonly type: 'number'; readonly min?: number; readonly max?: number; readonly minExclusive?: boolean; readonly maxExclusive?: boolean }
  | { readonly type: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'null' }
  | { readonly type: 'choice'; readonly values: readonly string[] }
  | { readonly type: 'class-weight' }
  | { readonly type: 'estimator' }
  | { readonly type: 'object' };

/** An estimator's parameters: each name with the rules its value must satisfy (one of them). */
export type ParamSchema = Readonly<Record<string, ParamRule | readonly ParamRule[]>>;

function describe(rule: ParamRule): string {
  switch (rule.type) {
    case 'number': {
      const lo = rule.min === undefined ? '' : `${rule.min} ${rule.minExclusive ? '<' : '≤'} `;
      const hi = rule.max === undefined ? '' : ` ${rule.maxExclusive ? '<' : '≤'} ${rule.max}`;
      return lo || hi ? `a number with ${lo}x${hi}` : 'a finite number';
    }
    case 'integer': {
      if (rule.min !== undefined && rule.max !== undefined) return `a whole number in [${rule.min}, ${rule.max}]`;
      if (rule.min !== undefined) return `a whole number ≥ ${rule.min}`;
      return 'a whole number';
    }
    case 'boolean': return 'true or false';
    case 'null': return 'null';
    case 'choice': return rule.values.map((v) => `'${v}'`).join(', ');
    case 'class-weight': return "null, 'balanced' or {\"0\": w0, \"1\": w1} with positive weights";
    case 'estimator': return 'a {kind, params} spec';
    case 'object': return 'an object';
  }
}

function satisfies(rule: ParamRule, value: Json): boolean {
  switch (rule.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      if (rule.min !== undefined && (rule.minExclusive ? value <= rule.min : value < rule.min)) return false;
      if (rule.max !== undefined && (rule.maxExclusive ? value >= rule.max : value > rule.max)) return false;
      return true;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && (rule.min === undefined || value >= rule.min) && (rule.max === undefined || value <= rule.max);
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    case 'choice': return typeof value === 'string' && rule.values.includes(value);
    case 'class-weight':
      if (value === null || value === 'balanced') return true;
      if (typeof value !== 'object' || Array.isArray(value)) return false;
      return Object.keys(value).sort().join(',') === '0,1' && [value['0'], value['1']].every((w) => typeof w === 'number' && Number.isFinite(w) && w > 0);
    case 'estimator':
      return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value['kind'] === 'string';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** Edit distance (Levenshtein), for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const kept = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      previous = kept;
    }
  }
  return row[b.length]!;
}

/** The closest known name to `name`, when it is close enough to be a typo. */
export function closestName(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/** The message for a name `where` does not know: the valid names, and the likely one. */
export function unknownNameMessage(where: string, what: string, name: string, known: readonly string[]): string {
  const guess = closestName(name, known);
  return `${where}: unknown ${what} '${name}'${guess ? ` (did you mean '${guess}'?)` : ''}; valid: ${known.join(', ')}`;
}

/**
 * Checks `params` against `schema`: every name known, every value allowed. `parameter` prefixes the names in
 * messages (e.g. 'model.' for a pipeline path).
 * @example validateParams('forest', { nEstimator: 5 }, FOREST_PARAMS) // throws: unknown parameter 'nEstimator' (did you mean 'nEstimators'?)
 */
export function validateParams(estimator: string, params: Readonly<Record<string, Json | undefined>>, schema: ParamSchema, prefix = ''): void {
  const known = Object.keys(schema);
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const rules = schema[name];
    if (rules === undefined) throw new InvalidParameterError(unknownNameMessage(estimator, 'parameter', `${prefix}${name}`, known.map((k) => `${prefix}${k}`)), estimator, `${prefix}${name}`);
    const list: readonly ParamRule[] = Array.isArray(rules) ? rules : [rules as ParamRule];
    if (!list.some((rule) => satisfies(rule, value))) {
      throw new InvalidParameterError(
        `${estimator}: parameter '${prefix}${name}' must be ${list.map(describe).join(' or ')}; got ${JSON.stringify(value)}`,
        estimator,
        `${prefix}${name}`,
      );
    }
  }
}
