import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkOfferCatalogue, offerAllowed, OfferCatalogueError, readOfferCatalogue } from '../../lib/offers/catalogue';
import { DEFAULT_OFFER_CATALOGUE } from '../../lib/offers/default-catalogue';

const clone = () => JSON.parse(JSON.stringify(DEFAULT_OFFER_CATALOGUE)) as { version: string; offers: Record<string, unknown>[] };

test('the default catalogue passes its own check', () => {
  const checked = checkOfferCatalogue(clone(), 'default');
  assert.deepEqual(checked, DEFAULT_OFFER_CATALOGUE);
});

test('a bad entry is refused with the file, the entry and the field', () => {
  const cases: [string, (c: ReturnType<typeof clone>) => void, RegExp][] = [
    ['unknown driver', (c) => { c.offers[1]!['drivers'] = ['pagesPerVisit:low', 'pagesPerVisits:low']; }, /^offers\.json: offer 2 \(id "recommendations-email"\), field "drivers": unknown driver "pagesPerVisits:low"; expected a numeric feature and a side/],
    ['negative cost', (c) => { c.offers[0]!['cost'] = -1; }, /^offers\.json: offer 1 \(id "promo-coupon"\), field "cost": expected a number ≥ 0 \(units of the Прибыль column\); got -1$/],
    ['duplicate id', (c) => { c.offers[3]!['id'] = 'promo-coupon'; }, /^offers\.json: offer 4 \(id "promo-coupon"\), field "id": duplicate id: offer 1 has it too$/],
    ['missing title', (c) => { delete c.offers[2]!['title']; }, /^offers\.json: offer 3 \(id "recommendations-onsite"\), field "title": missing: expected the offer's title in Russian$/],
    ['effect out of range', (c) => { c.offers[0]!['effect'] = 1.5; }, /field "effect": expected the assumed relative fall of the drop probability, a number in \(0, 1\]; got 1\.5/],
    ['unknown channel', (c) => { c.offers[0]!['channel'] = 'pigeon'; }, /field "channel": unknown channel "pigeon"; expected one of email, sms, push, call, onsite/],
    ['no version', (c) => { c.version = ''; }, /^offers\.json: field "version": expected a non-empty string$/],
  ];
  for (const [name, edit, message] of cases) {
    const c = clone();
    edit(c);
    assert.throws(() => checkOfferCatalogue(c, 'offers.json'), (e: unknown) => e instanceof OfferCatalogueError && e.code === 'OFFER_CATALOGUE' && message.test(e.message), name);
  }
});

test('a catalogue file: read, checked, and refused with its path', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offers-'));
  try {
    const file = path.join(dir, 'offers.json');
    fs.writeFileSync(file, JSON.stringify(clone()));
    assert.equal(readOfferCatalogue(file).offers.length, DEFAULT_OFFER_CATALOGUE.offers.length);
    fs.writeFileSync(file, '{ "version": ');
    assert.throws(() => readOfferCatalogue(file), (e: unknown) => e instanceof OfferCatalogueError && e.path === file && e.message.startsWith(`${file}: not JSON`));
    assert.throws(() => readOfferCatalogue(path.join(dir, 'none.json')), /none\.json: cannot read the offer catalogue \(ENOENT\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('eligibility: a customer who does not allow messages may get on-site offers only', () => {
  for (const offer of DEFAULT_OFFER_CATALOGUE.offers) {
    assert.equal(offerAllowed(offer, true), true);
    assert.equal(offerAllowed(offer, false), offer.channel === 'onsite', offer.id);
  }
});
