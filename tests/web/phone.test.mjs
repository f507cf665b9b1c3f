// Phone width (375 × 812): no horizontal scrolling, buttons big enough to tap,
// and full-page screenshots in tests/web/screenshots/ to look at.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  BASE,
  TEST_TIMEOUT,
  answerUntilOverview,
  describeQuestion,
  expectOk,
  openBrowser,
  openExpertForm,
  press,
  startCheck,
} from './lib.mjs';

const WIDTH = 375;
const MIN_TAP = 44;
const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

// Measures the page: its scroll width, and every visible button (and link
// styled as one) lower than MIN_TAP px.
async function measure(page) {
  return page.evaluate((minTap) => {
    const small = [];
    for (const el of document.querySelectorAll('button, input[type="submit"], a.button')) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      if (r.height < minTap) small.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}" is ${r.height.toFixed(1)} px high`);
    }
    // Elements that stick out on the right.
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > document.documentElement.clientWidth + 1 && r.width > 0 && getComputedStyle(el).position !== 'absolute') {
        wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} (right edge ${Math.round(r.right)} px)`);
      }
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      small,
      wide: wide.slice(0, 10),
    };
  }, MIN_TAP);
}

async function check(page, name, { screenshot = true } = {}) {
  if (screenshot) await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true, timeout: 30_000 });
  if (screenshot) console.log(`screenshot ${name}.png: ${await page.evaluate(() => document.documentElement.scrollHeight)} px high`);
  const m = await measure(page);
  assert.ok(m.scrollWidth <= WIDTH, `${name}: the page scrolls sideways (scrollWidth ${m.scrollWidth} > ${WIDTH}); too wide: ${m.wide.join(', ')}`);
  assert.deepEqual(m.small, [], `${name}: buttons lower than ${MIN_TAP} px`);
}

describe(`phone width (${WIDTH} px)`, { timeout: TEST_TIMEOUT * 4 }, () => {
  let browser;
  let page;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // JavaScript stays on only for the measuring script; the app has none.
    browser = await openBrowser({
      viewport: { width: WIDTH, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
  });

  it('home', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/?gemeente=dendermonde`));
    await check(page, 'phone-home');
  });

  it('a right', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/recht/leefloon?gemeente=dendermonde`));
    await check(page, 'phone-right-leefloon');
  });

  it('a search', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/zoeken?q=leeflon&gemeente=dendermonde`));
    await check(page, 'phone-search');
  });

  it('a question (radio)', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/check?gemeente=dendermonde`));
    await check(page, 'phone-question-radio');
  });

  it('the first question after the composition', { timeout: TEST_TIMEOUT }, async () => {
    await startCheck(page);
    const q = await describeQuestion(page);
    await check(page, `phone-question-${q.kind}`);
  });

  it('the overview', { timeout: TEST_TIMEOUT * 2 }, async () => {
    await answerUntilOverview(page, { limit: 12 }).catch(async (e) => {
      if (!/no overview after/.test(e.message)) throw e;
      await press(page, 'do', 'overview');
    });
    await check(page, 'phone-overview');
  });

  it('the results', { timeout: TEST_TIMEOUT }, async () => {
    await press(page, 'do', 'results');
    await check(page, 'phone-results');
    // The reasoning, opened: long lines must wrap, not widen the page.
    for (const summary of await page.locator('main details summary').all()) await summary.click();
    await check(page, 'phone-results-open', { screenshot: false });
  });

  it('expert form', { timeout: TEST_TIMEOUT }, async () => {
    await openExpertForm(page, { partner: 'nee', kinderen: 1 });
    await check(page, 'phone-expert');
  });
});
