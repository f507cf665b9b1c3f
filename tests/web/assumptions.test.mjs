// The rights check and what it does not ask: presumed facts are never asked
// during the questions, the overview lists them to confirm or correct, and a
// right already received is its own group with a link to check the amount.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BASE,
  TEST_TIMEOUT,
  describeQuestion,
  expectOk,
  fillAnswer,
  openBrowser,
  press,
} from './lib.mjs';

async function h1(page) {
  return (await page.locator('h1').first().innerText()).trim();
}

// The composition (alone, no children), then the statuses page with
// `statuses` ticked (by label); leaves the page on the next question.
async function startAlone(page, statuses) {
  expectOk(await page.goto(`${BASE}/check?gemeente=dendermonde`));
  for (let i = 0; i < 6; i++) {
    const q = await describeQuestion(page);
    if (q.kind === 'checkbox') {
      for (const label of statuses) {
        await page.locator('form label.choice', { hasText: label }).locator('input').first().check();
      }
      await press(page, 'do', 'answer');
      return;
    }
    await fillAnswer(page, q, { kinderen: 0 });
    await press(page, 'do', 'answer');
  }
  throw new Error('no statuses question after the composition');
}

// Answers up to `count` questions; returns the paths asked.
async function answerSome(page, count) {
  const asked = [];
  for (let i = 0; i < count; i++) {
    const q = await describeQuestion(page);
    if (q.overview) break;
    asked.push(q.path);
    await fillAnswer(page, q);
    await press(page, 'do', 'answer');
  }
  return asked;
}

// The overview's assumptions: sentence, rights and the path its button asks.
async function assumptionsOnOverview(page) {
  const items = page.locator('main ul.assumptions > li');
  const out = [];
  for (const li of await items.all()) {
    const button = li.locator('button[name="edit"]');
    out.push({
      sentence: (await li.locator('p').first().innerText()).trim(),
      rights: (await li.locator('p.for').innerText()).trim(),
      path: (await button.count()) ? await button.getAttribute('value') : null,
    });
  }
  return out;
}

describe('rights check: assumptions and rights already received', { timeout: TEST_TIMEOUT * 4 }, () => {
  let browser;
  before(async () => {
    browser = await openBrowser({ javaScriptEnabled: false });
  });
  after(async () => {
    await browser?.close();
  });

  it('never asks a presumed fact, lists it on the overview, and a correction decides', { timeout: TEST_TIMEOUT * 2 }, async () => {
    const page = await browser.newPage();
    await startAlone(page, []);
    const asked = await answerSome(page, 12);
    if ((await h1(page)) !== 'Controleer uw antwoorden') await press(page, 'do', 'overview');
    assert.equal(await h1(page), 'Controleer uw antwoorden');
    const headings = (await page.locator('main h2').allInnerTexts()).map((h) => h.trim());
    assert.ok(headings.includes('Wat we aannemen'), `overview headings: ${headings.join(' | ')}`);
    const assumed = await assumptionsOnOverview(page);
    const residence = assumed.find((a) => /in België verblijft/.test(a.sentence) && /Leefloon/.test(a.rights));
    assert.ok(residence, `the leefloon's residence is presumed: ${JSON.stringify(assumed, null, 1)}`);
    assert.ok(residence.path, 'the presumption can be corrected');
    for (const a of assumed) {
      if (a.path) assert.ok(!asked.includes(a.path), `the presumed ${a.path} was asked during the questions`);
    }

    // The results say on what an answer rests.
    await press(page, 'do', 'results');
    assert.equal(await h1(page), 'Uw resultaat');
    const leefloon = page.locator('main li', { has: page.locator('h3', { hasText: /^Leefloon$/ }) });
    assert.equal(await leefloon.count(), 1);
    assert.match(await leefloon.locator('.assumed').innerText(), /in België verblijft/);
    assert.doesNotMatch(await leefloon.innerText(), /Dit rust op/, 'the assumption is listed once, not also in the sentence');

    // Corrected on the overview: "Klopt niet" asks the question after all.
    await press(page, 'do', 'overview');
    await press(page, 'edit', residence.path);
    const q = await describeQuestion(page);
    assert.equal(q.path, residence.path, '"Klopt niet: pas aan" asks that fact');
    await page.locator('form input[type="radio"][name="v"][value="nee"]').check();
    await press(page, 'do', 'answer');
    if ((await h1(page)) !== 'Controleer uw antwoorden') await press(page, 'do', 'overview');
    const after = await assumptionsOnOverview(page);
    assert.ok(!after.some((a) => a.path === residence.path), 'an answered fact is no longer assumed');
    await press(page, 'do', 'results');
    const none = page.locator('main h2', { hasText: /^Geen recht/ }).locator('xpath=following-sibling::ul[1]');
    assert.match(await none.innerText(), /Leefloon/, 'the known fact decides: no leefloon');
    await page.close();
  });

  it('a right already received is its own group, with a link to check the amount', { timeout: TEST_TIMEOUT }, async () => {
    const page = await browser.newPage();
    await startAlone(page, [/^\s*leefloon\s*$/]);
    await answerSome(page, 3);
    if ((await h1(page)) !== 'Controleer uw antwoorden') await press(page, 'do', 'overview');
    await press(page, 'do', 'results');
    const first = (await page.locator('main h2').first().innerText()).trim();
    assert.match(first, /^U ontvangt dit al \(\d+\)$/, 'the first group is what is already received');
    const group = page.locator('main h2').first().locator('xpath=following-sibling::ul[1]');
    const leefloon = group.locator('li', { has: page.locator('h3', { hasText: /^Leefloon$/ }) });
    assert.equal(await leefloon.count(), 1, 'the leefloon is in "U ontvangt dit al"');
    assert.match(await leefloon.innerText(), /U ontvangt al Leefloon/);
    const check = leefloon.locator('a', { hasText: 'Kijk uw bedrag na' });
    assert.equal(await check.count(), 1);
    const href = await check.getAttribute('href');
    assert.match(href, /^\/recht\/leefloon(\?[^#]*)?#bedrag$/);
    assert.doesNotMatch(href, /persons|statuses|inkomen/, 'no answer in the link');
    // Not elsewhere: a received right is not also "Waarschijnlijk recht".
    assert.equal(await page.locator('main li h3', { hasText: /^Leefloon$/ }).count(), 1);
    expectOk(await page.goto(new URL(href, BASE).toString()));
    assert.equal(await page.locator('#bedrag').count(), 1, 'the right page has the amount section');
    await page.close();
  });
});
