/**
 * Scoring at scale: customers streamed from the four files (or one merged table) through the scoring
 * cleaning rules into fixed-size batches; each batch is turned into a Frame, scored by the model file's
 * pipeline, placed in a segment, and written out at once. Memory is one batch plus one read chunk per file,
 * whatever the number of customers. Both outputs (scores and rejects) are written to temporary files and
 * renamed into place only at the end, so an interrupted run leaves no half-written file.
 */
import { scoreBatch } from './records-scorer';
import * as fs from 'node:fs';
import type { Frame, FrameColumn } from '../core/types';
import { AtomicFileWriter } from '../io/atomic';
import { startProgress, type ProgressOptions } from '../io/progress';
import { checkColumnsMatchModel, readModelFile, type LoadedModel } from '../model-file';
import type { SegmentRule } from '../segment/rules';
import { joinMarketFiles } from './join';
import { readMergedTable } from './merged';
import { CATEGORY_FEATURES, NUMERIC_FEATURES, ScoreInputError, type RecordSink, type RejectRule, type Rejection } from './records';
import { scoringRulesOf } from './rules';
import { checkCampaignBudget, type CampaignBudget } from '../offers/campaign';
import type { OfferCatalogue } from '../offers/catalogue';
import { CampaignCollector, compactOffersForBatch, offersSpecFromModel, type CompactBatchOffers, type OffersSpec } from '../offers/scoring';
import { describeDriverValue, driverWordParts, formatValue, type Bilingual } from '../core/labels';

/** Options of {@link scoreCustomers}. */
export interface ScoreOptions {
  /** The model file's path, or a model already loaded with readModelFile. */
  model: string | LoadedModel;
  /** A directory with the four files, or one merged CSV table. */
  data: string;
  /** Where the scores go (CSV: id, dropProbability, segment). */
  out: string;
  /** Where rejected rows go (default: `out` with `.csv` replaced by `.rejects.csv`). */
  rejects?: string;
  /** Customers per scoring batch (default 16384). */
  batchSize?: number;
  /** Progress reporting (default: silent). */
  progress?: ProgressOptions;
  /**
   * Add each customer's profit at stake, top reasons, personal offer, its category and expected net value
   * (columns of {@link OFFER_COLUMNS}); needs a model file with an offers part.
   */
  reasons?: boolean;
  /**
   * Choose a campaign under this budget (a number of offers or a total cost) and write it to `campaign`
   * (default: `out` with `.csv` replaced by `.campaign.csv`); implies `reasons`.
   */
  budget?: CampaignBudget;
  campaign?: string;
  /** A catalogue replacing the model file's (checked already, e.g. by readOfferCatalogue). */
  catalogue?: OfferCatalogue;
}

/** What a scoring run did. */
export interface ScoreSummary {
  /** Customers scored (rows in the scores file). */
  scored: number;
  /** Rows rejected (rows in the rejects file). */
  rejected: number;
  /** Rejected rows per rule. */
  rejectedByRule: Partial<Record<RejectRule, number>>;
  /** Scored customers per segment. */
  segments: Record<string, number>;
  out: string;
  rejectsPath: string;
  /** With a budget: the campaign chosen (offers, total cost, total expected value, method) and its file. */
  campaign?: { offers: number; totalCost: number; totalValue: number; method: string; path: string };
  /** 0 when every row was scored, 3 when some were rejected (the CLI's exit code). */
  exitCode: 0 | 3;
}

/** The rejects file of a scores file: `scores.csv` → `scores.rejects.csv`. */
export function rejectsPathFor(out: string): string {
  return out.toLowerCase().endsWith('.csv') ? `${out.slice(0, -4)}.rejects.csv` : `${out}.rejects.csv`;
}

/** A CSV field, quoted when it holds a separator, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The header of the scores file. */
export const SCORES_HEADER = 'id,dropProbability,segment';
/** The columns `--reasons` adds to the scores file. */
export const OFFER_COLUMNS = 'profitAtStake,reason_1,reason_2,reason_3,offer_id,offer_title,category,expectedValue';
/** The header of the campaign file. */
export const CAMPAIGN_HEADER = 'id,offer_id,offer_title,cost,expectedValue';

/** The campaign file of a scores file: `scores.csv` → `scores.campaign.csv`. */
export function campaignPathFor(out: string): string {
  return out.toLowerCase().endsWith('.csv') ? `${out.slice(0, -4)}.campaign.csv` : `${out}.campaign.csv`;
}

/** The header of the rejects file. */
export const REJECTS_HEADER = 'id,file,line,rule,reason';

/** Digits of the probability in the scores file. */
const PROBABILITY_DIGITS = 6;
/** Bytes of assembled rows written at once. */
const ROW_BYTES_FLUSH = 1 << 20;

/**
 * Scores customers with a model file and writes `out` and its rejects file.
 * @example const s = await scoreCustomers({model: 'models/model.json', data: 'data/', out: 'scores.csv'}); s.exitCode
 */
export async function scoreCustomers(options: ScoreOptions): Promise<ScoreSummary> {
  const loaded = typeof options.model === 'string' ? readModelFile(options.model) : options.model;
  const { file: model, pipeline } = loaded;
  checkColumnsMatchModel(model, [...NUMERIC_FEATURES, ...CATEGORY_FEATURES], 'the scorer (this library version)');
  const rules = scoringRulesOf(model);
  const withOffers = options.reasons === true || options.budget !== undefined;
  const modelOffers = withOffers ? offersSpecFromModel(model.offers, 'the model file') : null;
  const offersSpec = modelOffers && options.catalogue ? { ...modelOffers, catalogue: options.catalogue } : modelOffers;
  if (withOffers && offersSpec === null) throw new ScoreInputError('the model file has no offers part (it was written without the offers stage): refit it with this version of the study to score reasons and offers');
  if (options.budget) checkCampaignBudget(options.budget);
  const collector = options.budget ? new CampaignCollector() : null;
  const segmentRules = model.segments.rules as unknown as SegmentRule[];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(options.data);
  } catch {
    throw new Error(`data ${options.data} does not exist (give a directory with the four files or one merged CSV table)`);
  }
  const capacity = Math.max(1, options.batchSize ?? 16384);
  const rejectsPath = options.rejects ?? rejectsPathFor(options.out);
  const scores = new AtomicFileWriter(options.out);
  const rejects = new AtomicFileWriter(rejectsPath);
  const campaignFile = options.budget ? new AtomicFileWriter(options.campaign ?? campaignPathFor(options.out)) : null;
  scores.write(SCORES_HEADER + (offersSpec ? ',' + OFFER_COLUMNS : '') + '\n');
  rejects.write(REJECTS_HEADER + '\n');

  const ids = new Int32Array(capacity);
  const profits = new Float64Array(capacity);
  const numericColumns = NUMERIC_FEATURES.map(() => new Float64Array(capacity));
  const categoryColumns = CATEGORY_FEATURES.map(() => new Array<string>(capacity));
  let n = 0;
  let scored = 0;
  let rejected = 0;
  const rejectedByRule: Partial<Record<RejectRule, number>> = {};
  const segments: Record<string, number> = {};

  let writer: OfferFieldWriter | undefined;
  const flush = () => {
    if (n === 0) return;
    const columns: Record<string, FrameColumn> = {};
    NUMERIC_FEATURES.forEach((name, k) => (columns[name] = n === capacity ? numericColumns[k]! : numericColumns[k]!.subarray(0, n)));
    CATEGORY_FEATURES.forEach((name, k) => (columns[name] = n === capacity ? categoryColumns[k]! : categoryColumns[k]!.slice(0, n)));
    const frame: Frame = { nRows: n, columns };
    const batchIds = n === capacity ? ids : ids.subarray(0, n);
    // Without profit (a merged table lacking it) no segment rule can be evaluated: the column stays empty.
    const { proba, assignment, transformed } = scoreBatch(pipeline, segmentRules, batchIds, frame, n === capacity ? profits : profits.subarray(0, n));
    let text = '';
    const batch = offersSpec ? compactOffersForBatch(offersSpec, pipeline, frame, batchIds, proba, n === capacity ? profits : profits.subarray(0, n), assignment, transformed, collector) : null;
    if (batch) {
      // Rows with reasons are assembled as UTF-8 bytes from parts encoded once (the Cyrillic words of every
      // reason and offer), not as strings encoded row by row.
      const rows = (writer ??= new OfferFieldWriter(offersSpec!, batch.features));
      for (let i = 0; i < n; i++) {
        const segment = assignment === null ? '' : assignment[i]!;
        if (segment !== '') segments[segment] = (segments[segment] ?? 0) + 1;
        rows.row(`${ids[i]},${proba[i]!.toFixed(PROBABILITY_DIGITS)},${segment}`, batch, frame, i);
        if (rows.length >= ROW_BYTES_FLUSH) rows.flushTo(scores);
      }
      rows.flushTo(scores);
    } else {
      for (let i = 0; i < n; i++) {
        const segment = assignment === null ? '' : assignment[i]!;
        if (segment !== '') segments[segment] = (segments[segment] ?? 0) + 1;
        text += `${ids[i]},${proba[i]!.toFixed(PROBABILITY_DIGITS)},${segment}\n`;
        // Short strings, written often: a batch's rows in one string would be megabytes for the collector.
        if ((i & 1023) === 1023) { scores.write(text); text = ''; }
      }
      scores.write(text);
    }
    scored += n;
    n = 0;
  };

  const sink: RecordSink = {
    accept(id, numeric, categories, profit) {
      ids[n] = id;
      profits[n] = profit;
      for (let k = 0; k < numericColumns.length; k++) numericColumns[k]![n] = numeric[k]!;
      for (let k = 0; k < categoryColumns.length; k++) categoryColumns[k]![n] = categories[k]!;
      if (++n === capacity) flush();
    },
    reject(r: Rejection) {
      rejected++;
      rejectedByRule[r.rule] = (rejectedByRule[r.rule] ?? 0) + 1;
      rejects.write(`${csvField(r.id)},${csvField(r.file)},${r.line ?? ''},${r.rule},${csvField(r.reason)}\n`);
    },
  };

  let chosenCampaign: ScoreSummary['campaign'];
  const progress = startProgress('scoring', 100, options.progress ?? { silent: true });
  const onProgress = (read: number, size: number) => progress.update(size > 0 ? Math.round((100 * read) / size) : 100);
  try {
    if (stat.isDirectory()) await joinMarketFiles(options.data, rules, sink, onProgress);
    else await readMergedTable(options.data, rules, sink, onProgress);
    flush();
    if (collector && campaignFile) {
      const { campaign, rows } = collector.choose(options.budget!);
      campaignFile.write(CAMPAIGN_HEADER + '\n');
      let text = '';
      for (const r of rows) {
        const offer = offersSpec!.catalogue.offers[r.offer]!;
        text += `${r.id},${offer.id},${csvField(offer.title)},${r.cost.toFixed(2)},${r.value.toFixed(4)}\n`;
      }
      campaignFile.write(text);
      chosenCampaign = { offers: campaign.offers, totalCost: campaign.totalCost, totalValue: campaign.totalValue, method: campaign.method, path: campaignFile.target };
    }
    scores.commit();
    rejects.commit();
    campaignFile?.commit();
  } catch (error) {
    scores.abort();
    rejects.abort();
    campaignFile?.abort();
    throw error;
  }
  progress.done(`${scored} scored, ${rejected} rejected`);
  return { scored, rejected, rejectedByRule, segments, out: scores.target, rejectsPath: rejects.target, ...(chosenCampaign ? { campaign: chosenCampaign } : {}), exitCode: rejected > 0 ? 3 : 0 };
}

/**
 * Assembles scores rows with the offer columns (profit at stake, reasons, best offer, category, value) as UTF-8
 * bytes. The fixed words of every feature's reason (both sides), each offer's id and title and each category
 * are encoded once, so a row costs only its own numbers (scoring 10^6 customers writes ~3·10^6 reasons).
 */
class OfferFieldWriter {
  /** Per feature, per side (low, high): the reason's encoded words before and after the value, or null. */
  private readonly parts: ({ prefix: Buffer; suffix: Buffer; unit: Bilingual | 'share' } | null)[][];
  private readonly offerBytes: Buffer[];
  private readonly categoryBytes = new Map<string, Buffer>();
  private readonly means: (number | undefined)[];
  private frame: Frame | null = null;
  private columns: (Frame['columns'][string] | undefined)[] = [];
  private bytes: Buffer = Buffer.allocUnsafe(ROW_BYTES_FLUSH + (64 << 10));
  /** Bytes of assembled rows not yet flushed. */
  length = 0;

  constructor(private readonly spec: OffersSpec, features: readonly string[]) {
    this.parts = features.map((f) => {
      const mean = spec.explainer.featureMeans[f];
      const words = mean === undefined ? [null, null] : [driverWordParts(f, 'low', mean), driverWordParts(f, 'high', mean)];
      // A reason's words hold no quote (checked here), so a quoted field needs no escaping.
      return words.map((w) => (w && !w.prefix.includes('"') && !w.suffix.includes('"') ? { prefix: Buffer.from(',"' + w.prefix), suffix: Buffer.from(w.suffix + '"'), unit: w.unit } : null));
    });
    this.offerBytes = spec.catalogue.offers.map((o) => Buffer.from(`,${o.id},${csvField(o.title)},`));
    this.means = features.map((f) => spec.explainer.featureMeans[f]);
  }

  private room(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + extra));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  private text(s: string): void {
    this.room(s.length * 3);
    this.length += this.bytes.write(s, this.length, 'utf8');
  }

  private ascii(s: string): void {
    this.room(s.length);
    this.length += this.bytes.write(s, this.length, 'latin1');
  }

  private raw(b: Buffer): void {
    this.room(b.length);
    b.copy(this.bytes, this.length);
    this.length += b.length;
  }

  /** One row: `head` (id, probability, segment, ASCII), then the offer columns and a line end. */
  row(head: string, batch: CompactBatchOffers, frame: Frame, i: number): void {
    this.ascii(head);
    const stake = batch.profitAtStake[i]!;
    this.ascii(Number.isFinite(stake) ? ',' + stake.toFixed(4) : ',');
    if (this.frame !== frame) {
      this.frame = frame;
      this.columns = batch.features.map((f) => frame.columns[f]);
    }
    for (let q = 0; q < 3; q++) {
      const j = q < batch.count ? batch.reasonFeature[i * batch.count + q]! : -1;
      if (j < 0) { this.ascii(','); continue; }
      const value = this.columns[j]![i]!;
      const mean = this.means[j];
      const part = typeof value === 'number' && mean !== undefined ? this.parts[j]![value < mean ? 0 : 1] : null;
      if (part) {
        this.raw(part.prefix);
        this.text(formatValue(value as number, part.unit));
        this.raw(part.suffix);
      } else this.text(',' + csvField(describeDriverValue(batch.features[j]!, value, null)));
    }
    const k = batch.bestOffer[i]!;
    if (k < 0) { this.ascii(',,,,\n'); return; }
    this.raw(this.offerBytes[k]!);
    const category = batch.category[i]!;
    let c = this.categoryBytes.get(category);
    if (c === undefined) this.categoryBytes.set(category, (c = Buffer.from(csvField(category))));
    this.raw(c);
    this.ascii(',' + batch.bestValue[i]!.toFixed(4) + '\n');
  }

  /** Writes the assembled rows and starts over. */
  flushTo(out: AtomicFileWriter): void {
    if (this.length > 0) out.writeBytes(this.bytes, this.length);
    this.length = 0;
  }
}
