/**
 * `npm run score -- --model models/model.json --data DIR --out scores.csv`
 *
 * Scores customers with a model file written by `npm start`. DATA is a directory with the four files (the
 * target column may be absent) or one merged CSV table. Writes OUT (id, dropProbability, segment) and the
 * rejects file (OUT with `.csv` → `.rejects.csv`: id, file, line, rule, reason).
 *
 * Exit codes: 0 every row scored · 3 some rows rejected (see the rejects file) · 1 input refused (model
 * file missing, corrupted, of another schema version or not matching the data; unreadable data) ·
 * 2 usage error.
 */
import { scoreCustomers } from '../lib/score/scorer';
import { EXIT, parseCommandLine, runCommand, stringOption, integerOption, UsageError } from './cli';

const USAGE = 'usage: npm run score -- --model models/model.json --data DIR|TABLE.csv --out scores.csv [--rejects FILE] [--batch N] [--quiet]';

runCommand('score', async (argv) => {
  const { values } = parseCommandLine(
    argv,
    {
      model: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      rejects: { type: 'string' },
      batch: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const model = stringOption(values.model, 'model') ?? 'models/model.json';
  const data = stringOption(values.data, 'data') ?? process.env.MARKET_DATA_DIR;
  if (data === undefined) throw new UsageError(`--data is required (a directory with the four files or a merged CSV table)\n${USAGE}`);
  const out = stringOption(values.out, 'out');
  if (out === undefined) throw new UsageError(`--out is required\n${USAGE}`);
  const rejects = stringOption(values.rejects, 'rejects');
  const batch = integerOption(values.batch, 'batch', 1, 'customers per scoring batch');
  const summary = await scoreCustomers({
    model,
    data,
    out,
    ...(rejects !== undefined ? { rejects } : {}),
    ...(batch !== undefined ? { batchSize: batch } : {}),
    progress: values.quiet ? { silent: true } : { stream: process.stderr },
  });
  const rules = Object.entries(summary.rejectedByRule).map(([rule, count]) => `${rule} ${count}`).join(', ');
  process.stdout.write(
    `scored ${summary.scored} customers → ${summary.out}\n` +
      `rejected ${summary.rejected} rows${rules ? ` (${rules})` : ''} → ${summary.rejectsPath}\n` +
      (Object.keys(summary.segments).length > 0
        ? `segments: ${Object.entries(summary.segments).map(([name, count]) => `${name} ${count}`).join(', ')}\n`
        : ''),
  );
  return summary.exitCode;
});
