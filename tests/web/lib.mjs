// Shared helpers of the browser tests: the server's base URL, a Chromium from
// Debian driven by playwright-core (never a downloaded browser), and the
// screener walk that answers one question per page without JavaScript.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = (process.env.RECHTOP_BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const CHROMIUM = process.env.RECHTOP_CHROMIUM || '/usr/bin/chromium';

// One test's time limit, and the limit of one page action or navigation.
export const TEST_TIMEOUT = 60_000;
export const ACTION_TIMEOUT = 10_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Launches Debian's Chromium with a fresh temporary profile. A persistent
// context owns the --user-data-dir we create (plain launch() refuses that
// flag); it is removed again on close. `options` are context options, such as
// { javaScriptEnabled: false } or a phone viewport.
export async function openBrowser(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'rechtop-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
    locale: 'nl-BE',
    ...options,
  });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      return page;
    },
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}

// Fails on a response that is not 2xx, naming the URL.
export function expectOk(response, what = '') {
  if (!response) throw new Error(`no response ${what}`);
  if (response.status() < 200 || response.status() > 299) {
    throw new Error(`${response.url()} answered ${response.status()} ${what}`);
  }
  return response;
}

// Describes the question on the current screener page: the path (hidden
// field q), the question text and the kind of input.
export async function describeQuestion(page) {
  const h1 = (await page.locator('h1').first().textContent())?.trim();
  if (h1 === 'Controleer uw antwoorden') return { overview: true };
  if (h1 === 'Uw resultaat') return { results: true };
  const path = await page.locator('form input[name="q"]').first().getAttribute('value');
  const text = ((await page.locator('form legend, form label[for="v"]').first().textContent()) || '').trim();
  const radios = await page.locator('form input[type="radio"][name="v"]').count();
  const checkboxes = await page.locator('form input[type="checkbox"][name="v"]').count();
  const number = await page.locator('form input[type="number"][name="v"]').count();
  const textInput = page.locator('form input[type="text"][name="v"]');
  const hasText = (await textInput.count()) > 0;
  let kind = 'unknown';
  let inputmode = null;
  if (path === 'samenstelling') kind = 'composition';
  else if (radios) kind = 'radio';
  else if (checkboxes) kind = 'checkbox';
  else if (number) kind = 'number';
  else if (hasText) {
    inputmode = await textInput.getAttribute('inputmode');
    const hint = (await page.locator('#v-hint').count()) ? await page.locator('#v-hint').textContent() : '';
    if (/12\/04\/1991/.test(hint)) kind = 'date';
    else if (inputmode === 'decimal' || /euro/.test(hint)) kind = 'money';
    else kind = 'text';
  }
  return { path, text, kind, inputmode };
}

// The preferred radio answer for a few questions, by path ending or by
// question text; otherwise the first option.
// The household: a single parent of two children, in Dendermonde, who rents
// from a private landlord and has no recognised handicap.
const RADIO_PREFERENCES = [
  [/^partner$/, 'nee'],
  [/\.recognised_handicap$/, 'nee'],
  [/\.pregnant$/, 'nee'],
  [/\.structural_over_indebtedness$/, 'nee'],
  [/\.earning_capacity_third$/, 'nee'],
  [/\.ocmw_decision\./, 'nee'],
  [/^housing\.tenure$/, 'tenant'],
  [/^housing\.landlord$/, 'private'],
];

// Fills in a sensible answer for the question on the page (without pressing
// a button). Returns a short description of the answer.
export async function fillAnswer(page, q, { kinderen = 2 } = {}) {
  switch (q.kind) {
    case 'composition': {
      // "Wie woont er bij u?": no partner, the children, no other adults.
      await page.locator('form input[name="partner"][value="nee"]').check();
      await page.locator('form input[name="kinderen"]').fill(String(kinderen));
      await page.locator('form input[name="andere_volwassenen"]').fill('0');
      return `geen partner, ${kinderen} kinderen, geen andere volwassenen`;
    }
    case 'radio': {
      const pref = RADIO_PREFERENCES.find(([re]) => re.test(q.path));
      let radio = page.locator('form input[type="radio"][name="v"]').first();
      if (pref) {
        const preferred = page.locator(`form input[type="radio"][name="v"][value="${pref[1]}"]`);
        if ((await preferred.count()) > 0) radio = preferred;
      }
      await radio.check();
      return await radio.getAttribute('value');
    }
    case 'checkbox': {
      // "Welke uitkeringen of voordelen krijgt u al?": the increased
      // reimbursement (verhoogde tegemoetkoming) for the applicant only.
      if (/persons\[0\]/.test(q.path)) {
        const vt = page.locator('form label.choice', { hasText: /verhoogde tegemoetkoming/i }).locator('input');
        if ((await vt.count()) > 0) {
          await vt.first().check();
          return 'verhoogde tegemoetkoming';
        }
      }
      return '(niets)';
    }
    case 'number': {
      const value = q.path === 'kinderen' ? '2' : '0';
      await page.locator('form input[name="v"]').fill(value);
      return value;
    }
    case 'date': {
      // The applicant, the partner, then the two children (2015, 2019).
      let value = '12/04/1991';
      const m = /persons\[(\d+)\]/.exec(q.path || '');
      const person = m ? Number(m[1]) : 0;
      if (person === 1) value = '03/09/2015';
      else if (person >= 2) value = '21/01/2019';
      await page.locator('form input[name="v"]').fill(value);
      return value;
    }
    case 'money': {
      // 900 euro, except the children's own incomes (none).
      const value = /persons\[[1-9]\d*\]\.incomes/.test(q.path || '') ? '0' : '900';
      await page.locator('form input[name="v"]').fill(value);
      return value;
    }
    case 'text': {
      await page.locator('form input[name="v"]').fill('Dendermonde');
      return 'Dendermonde';
    }
    default:
      throw new Error(`question ${q.path} has an input this test does not know (${q.kind})`);
  }
}

// Presses a submit button of the form and waits for the next page.
export async function press(page, name, value) {
  const button = page.locator(`form button[name="${name}"][value="${value}"]`).first();
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  return expectOk(response, `after ${name}=${value}`);
}

// Starts the rights check for Dendermonde with a composition of no partner,
// two children and no other adults. Leaves the page on the first question
// after the composition.
export async function startCheck(page) {
  expectOk(await page.goto(`${BASE}/check?gemeente=dendermonde`));
  for (let i = 0; i < 6; i++) {
    const q = await describeQuestion(page);
    if (!['samenstelling', 'gemeente'].includes(q.path)) return;
    if (q.path === 'gemeente') throw new Error('the check asks the municipality although ?gemeente=dendermonde was given');
    await fillAnswer(page, q);
    await press(page, 'do', 'answer');
  }
  throw new Error('the composition questions did not end');
}

// Answers questions until the overview ("Controleer uw antwoorden") appears,
// at most `limit` pages. `onQuestion(q, page)` may return 'skip' to press
// "Weet ik niet" instead. Returns the list of questions seen.
export async function answerUntilOverview(page, { limit = 30, onQuestion } = {}) {
  const seen = [];
  for (let i = 0; i < limit; i++) {
    const q = await describeQuestion(page);
    if (q.overview) return seen;
    if (q.results) throw new Error('the results page appeared before the overview');
    const error = page.locator('p.error');
    if ((await error.count()) > 0) {
      throw new Error(`question ${q.path} shows an error after answering: ${await error.first().textContent()}`);
    }
    if (seen.length && seen[seen.length - 1].path === q.path) {
      throw new Error(`question ${q.path} was asked again right after it was answered`);
    }
    const action = onQuestion ? await onQuestion(q, page) : undefined;
    if (action === 'skip') {
      seen.push({ ...q, answer: '(weet ik niet)' });
      await press(page, 'do', 'skip');
      continue;
    }
    const answer = await fillAnswer(page, q);
    seen.push({ ...q, answer });
    await press(page, 'do', 'answer');
  }
  const last = await describeQuestion(page);
  if (last.overview) return seen;
  throw new Error(
    `no overview after ${limit} questions; asked:\n` + seen.map((q) => `  ${q.path} (${q.kind}) = ${q.answer}`).join('\n'),
  );
}

// Runs axe-core on the page (JavaScript must be enabled in its context) with
// the WCAG 2.0/2.1 A and AA rules. Returns the violations.
export async function runAxe(page, axeSource) {
  await page.addScriptTag({ content: axeSource });
  return await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  });
}

export function formatViolations(where, violations) {
  return (
    `${where}: ${violations.length} axe violation(s)\n` +
    violations
      .map(
        (v) =>
          `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
          v.nodes
            .slice(0, 8)
            .map((n) => `      at ${n.target}\n        ${n.html.slice(0, 200)}\n        ${(n.summary || '').replace(/\n/g, '\n        ')}`)
            .join('\n') +
          (v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : ''),
      )
      .join('\n')
  );
}

// Opens the expert mode's big form for a composition: the composition form
// is posted (household facts never travel in a URL).
export async function openExpertForm(page, { gemeente = 'Dendermonde', partner = 'nee', kinderen = 0, andere = 0 } = {}) {
  expectOk(await page.goto(`${BASE}/expert`));
  await page.getByLabel('Gemeente').selectOption({ label: gemeente });
  await page.getByLabel('Partner in het gezin').selectOption(partner);
  await page.getByLabel('Aantal kinderen').fill(String(kinderen));
  await page.getByLabel('Andere volwassenen').fill(String(andere));
  const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Verder' }).click()]);
  return expectOk(response, 'after the expert composition');
}
