import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareStudyData } from '../../lib/data/prepare';
import { splitCsvLine } from '../../lib/data/csv';
import { writeModelFile } from '../../lib/model-file';
import { MESSAGING_CHANNELS } from '../../lib/offers/catalogue';
import { DEFAULT_OFFER_CATALOGUE } from '../../lib/offers/default-catalogue';
import { scoreRecords } from '../../lib/score/records-scorer';
import { OFFER_COLUMNS, SCORES_HEADER, scoreCustomers } from '../../lib/score/scorer';
import { fitModelFile } from '../../lib/study/model';
import { ensureLogisticRegistered, smallModel, syntheticDir, tempDir } from './fixtures';

ensureLogisticRegistered();
const root = path.resolve(__dirname, '../..');
const dataDir = syntheticDir(300, 41);
const { table } = prepareStudyData({ dataDir });
const withOffers = fitModelFile(table, { sourceKind: 'explicit', offers: true }).file;
const work = tempDir('offers-score-');
const modelPath = path.join(work, 'model.json');
writeModelFile(modelPath, withOffers);

/** Parses the CSV the scorer writes (quoted fields allowed) with the data layer's own line splitter. */
function parseCsv(text: string): string[][] {
  return text.trim().split('\n').map((line) => splitCsvLine(line, ','));
}

test('--reasons: profit at stake, three reasons in words, the offer, its category and value; consent respected', async () => {
  const out = path.join(work, 'scores.csv');
  const summary = await scoreCustomers({ model: modelPath, data: dataDir, out, reasons: true });
  const rows = parseCsv(fs.readFileSync(out, 'utf8'));
  assert.equal(rows[0]!.join(','), `${SCORES_HEADER},${OFFER_COLUMNS}`);
  assert.equal(rows.length - 1, summary.scored);
  const allow = new Map<string, string>();
  const csv = fs.readFileSync(path.join(dataDir, 'market_file.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).slice(1);
  for (const line of csv) if (line) allow.set(line.split(',')[0]!, line.split(',')[3]!);
  const byId = new Map(DEFAULT_OFFER_CATALOGUE.offers.map((o) => [o.id, o]));
  let offered = 0;
  for (const r of rows.slice(1)) {
    assert.equal(r.length, 11);
    const [id, p, , stake, r1, , , offerId, title, , value] = r;
    assert.ok(Math.abs(Number(stake) - Number(p) * Number(table.profit[table.ids.indexOf(Number(id))]) * 3) < 1e-3, `stake ${r.join('|')}`);
    if (r1) assert.match(r1, /^(мало|много|низк|высок|недавно|давно|тип|разрешает|популярная)/i, r1);
    if (offerId) {
      offered++;
      const offer = byId.get(offerId)!;
      assert.equal(title, offer.title);
      assert.ok(Number(value) >= 0, `value ${r.join('|')}`);
      if (allow.get(id!) === 'нет') assert.ok(!MESSAGING_CHANNELS.includes(offer.channel), `${id} without consent got ${offerId}`);
    }
  }
  assert.ok(offered > 0);
});

test('without --reasons the scores are as before (three columns)', async () => {
  const out = path.join(work, 'plain.csv');
  await scoreCustomers({ model: modelPath, data: dataDir, out });
  assert.equal(fs.readFileSync(out, 'utf8').split('\n')[0], SCORES_HEADER);
});

test('--budget: the campaign file within the cost budget, the same as the in-memory choice', async () => {
  const out = path.join(work, 'budget.csv');
  const summary = await scoreCustomers({ model: modelPath, data: dataDir, out, budget: { maxCost: 5 } });
  assert.ok(summary.campaign && summary.campaign.totalCost <= 5 + 1e-9 && summary.campaign.method === 'exact');
  const rows = parseCsv(fs.readFileSync(path.join(work, 'budget.campaign.csv'), 'utf8'));
  assert.equal(rows[0]!.join(','), 'id,offer_id,offer_title,cost,expectedValue');
  assert.equal(rows.length - 1, summary.campaign.offers);
  const cost = rows.slice(1).reduce((s, r) => s + Number(r[3]), 0);
  assert.ok(cost <= 5 + 1e-6);
});

test('in memory: scoreRecords with reasons gives the file scorer\'s offers', async () => {
  const records = Array.from(table.ids.slice(0, 20), (id, i) => {
    const r: Record<string, number | string> = { id, profit: table.profit[i]! };
    for (const [name, col] of Object.entries(table.features.columns)) r[name] = col[i]!;
    return r as never;
  });
  const { scored } = scoreRecords(withOffers, records, { reasons: true });
  assert.equal(scored.length, 20);
  for (const s of scored) {
    assert.ok(s.offer);
    assert.ok(s.offer.reasons.length <= 3);
    assert.ok(Math.abs(s.offer.profitAtStake - s.dropProbability * table.profit[table.ids.indexOf(s.id)]! * 3) < 1e-9);
  }
  // The file scorer's flat path writes the same reasons, offers, categories and values.
  const fileRows = new Map(parseCsv(fs.readFileSync(path.join(work, 'scores.csv'), 'utf8')).slice(1).map((r) => [Number(r[0]), r]));
  let compared = 0;
  for (const s of scored) {
    const r = fileRows.get(s.id);
    if (!r) continue;
    compared++;
    assert.deepEqual(r.slice(4, 7).filter((t) => t !== ''), s.offer!.reasons, `reasons of ${s.id}`);
    assert.equal(r[7], s.offer!.best?.id ?? '');
    assert.equal(r[9], s.offer!.best?.category ?? '');
    if (s.offer!.best) assert.equal(r[10], s.offer!.best.expectedValue.toFixed(4));
  }
  assert.ok(compared >= 10, `${compared} customers compared`);
  assert.throws(() => scoreRecords(smallModel(dataDir), records, { reasons: true }), /the model file has no offers part/);
});

function score(args: string[]) {
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', '--require', path.join(__dirname, 'register-logistic.ts'), path.join(root, 'scripts/score.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
}

test('the command: a bad catalogue exits 1 naming file, entry and field, and writes nothing', () => {
  const bad = path.join(work, 'offers.json');
  const catalogue = JSON.parse(JSON.stringify(DEFAULT_OFFER_CATALOGUE));
  catalogue.offers[2].cost = -0.5;
  fs.writeFileSync(bad, JSON.stringify(catalogue));
  const out = path.join(work, 'never.csv');
  const r = score(['--model', modelPath, '--data', dataDir, '--out', out, '--offers', bad, '--budget', '3', '--quiet']);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`offers\\.json: offer 3 \\(id "recommendations-onsite"\\), field "cost": expected a number ≥ 0`));
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.deepEqual(fs.readdirSync(work).filter((f) => f.startsWith('never')), []);
  const both = score(['--model', modelPath, '--data', dataDir, '--out', out, '--budget', '3', '--max-offers', '2']);
  assert.equal(both.status, 2);
  const ok = score(['--model', modelPath, '--data', dataDir, '--out', out, '--max-offers', '10', '--quiet']);
  assert.equal(ok.status, 3, ok.stderr); // the synthetic files carry rows the rules reject
  assert.match(ok.stdout, /campaign: 10 offers, total cost [\d.]+, expected net value [\d.]+ \(top-k\)/);
});
