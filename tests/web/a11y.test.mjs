// Accessibility: axe-core with the WCAG 2.0/2.1 A and AA rules on the main
// pages. axe needs JavaScript in the page, so this context has it on (the
// app itself has no script).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import {
  BASE,
  TEST_TIMEOUT,
  describeQuestion,
  expectOk,
  fillAnswer,
  formatViolations,
  openBrowser,
  press,
  openExpertForm,
  runAxe,
  startCheck,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function expectNoViolations(page, where) {
  const violations = await runAxe(page, AXE_SOURCE);
  if (violations.length) console.log(formatViolations(where, violations));
  assert.equal(violations.length, 0, formatViolations(where, violations));
}

describe('accessibility (axe-core, WCAG 2.1 A/AA)', { timeout: TEST_TIMEOUT * 6 }, () => {
  let browser;
  let page;
  before(async () => {
    // bypassCSP: the page's policy forbids inline scripts, and axe-core is
    // injected as one; the test tool is exempt, the pages are not.
    browser = await openBrowser({ javaScriptEnabled: true, bypassCSP: true });
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
  });

  for (const path of ['/', '/rechten', '/zoeken?q=leefloon', '/recht/leefloon?gemeente=dendermonde', '/dienst/dendermonde-sociale-dienst']) {
    it(path, { timeout: TEST_TIMEOUT }, async () => {
      expectOk(await page.goto(`${BASE}${path}`));
      await expectNoViolations(page, path);
    });
  }

  // The screener pages, in the order a person meets them (one page object).
  it('/check: a question with radio buttons', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/check?gemeente=dendermonde`));
    const q = await describeQuestion(page);
    assert.equal(q.kind, 'composition', 'who lives here: a partner (radio buttons) and two numbers');
    assert.ok((await page.locator('form input[type="radio"]').count()) >= 2);
    await expectNoViolations(page, `/check question ${q.path} (radio)`);
  });

  it('/check: the checkbox page "Welke uitkeringen …"', { timeout: TEST_TIMEOUT }, async () => {
    await startCheck(page);
    let q = await describeQuestion(page);
    for (let i = 0; i < 10 && q.kind !== 'checkbox' && !q.overview; i++) {
      await fillAnswer(page, q);
      await press(page, 'do', 'answer');
      q = await describeQuestion(page);
    }
    assert.equal(q.kind, 'checkbox', 'the check reaches the checkbox page');
    assert.match(q.text, /Welke uitkeringen/);
    await expectNoViolations(page, `/check question ${q.path} (checkbox)`);
    // Answer it and one more, so the overview and results have content.
    for (let i = 0; i < 3; i++) {
      q = await describeQuestion(page);
      if (q.overview) break;
      await fillAnswer(page, q);
      await press(page, 'do', 'answer');
    }
  });

  it('/check: a question with an error message', { timeout: TEST_TIMEOUT }, async () => {
    const q = await describeQuestion(page);
    if (q.kind === 'date' || q.kind === 'money') {
      await page.locator('form input[name="v"]').fill('??');
      await press(page, 'do', 'answer');
      assert.ok((await page.locator('p.error').count()) >= 1, 'an invalid answer shows an error');
      await expectNoViolations(page, `/check question ${q.path} with an error`);
    }
  });

  it('/check: the overview', { timeout: TEST_TIMEOUT }, async () => {
    await press(page, 'do', 'overview');
    assert.equal((await page.locator('h1').innerText()).trim(), 'Controleer uw antwoorden');
    await expectNoViolations(page, '/check overview');
  });

  it('/check: the results', { timeout: TEST_TIMEOUT }, async () => {
    await press(page, 'do', 'results');
    assert.equal((await page.locator('h1').innerText()).trim(), 'Uw resultaat');
    await expectNoViolations(page, '/check results');
  });

  it('/expert: the composition form', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/expert`));
    await expectNoViolations(page, '/expert composition');
  });

  it('/expert: the big form and its results', { timeout: TEST_TIMEOUT }, async () => {
    await openExpertForm(page, { partner: 'ja', kinderen: 2 });
    await expectNoViolations(page, '/expert form');
    await page.locator('[name="household.persons[0].incomes"]').fill('900');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Bereken alle rechten' }).click()]);
    await expectNoViolations(page, '/expert results');
  });
});
