// The rights check without JavaScript: one question per page, "Weet ik niet",
// the overview with "Wijzig", and the results with their reasons.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BASE,
  TEST_TIMEOUT,
  answerUntilOverview,
  describeQuestion,
  expectOk,
  fillAnswer,
  openBrowser,
  press,
  startCheck,
} from './lib.mjs';

// Issue 21: the single mother of the journey (Dendermonde, two children, a
// part-time income, private rent) gets through in at most 15 questions.
const MAX_QUESTIONS = 15;

async function h1(page) {
  return (await page.locator('h1').first().innerText()).trim();
}

describe('rights check (no JavaScript)', { timeout: TEST_TIMEOUT * 5 }, () => {
  let browser;
  before(async () => {
    browser = await openBrowser({ javaScriptEnabled: false });
  });
  after(async () => {
    await browser?.close();
  });

  it('the composition comes first, with the municipality taken from the link', { timeout: TEST_TIMEOUT }, async () => {
    const page = await browser.newPage();
    expectOk(await page.goto(`${BASE}/check?gemeente=dendermonde`));
    const q = await describeQuestion(page);
    assert.equal(q.path, 'samenstelling', 'the first question is who lives in the household');
    assert.equal(q.kind, 'composition');
    // No JavaScript: the buttons are real submit buttons of a POST form.
    assert.equal(await page.locator('form').first().getAttribute('method'), 'post');
    // An empty answer is refused with a message (the browser's "required"
    // aside): post the form as a browser without validation would.
    const response = await page.request.post(`${BASE}/check`, {
      form: { a: 'gemeente=Dendermonde', gemeente_id: 'dendermonde', q: 'samenstelling', do: 'answer', kinderen: '2' },
    });
    assert.equal(response.status(), 200);
    assert.match(await response.text(), /Duid aan of u samenwoont met een partner/);
    await page.close();
  });

  it('asks at most 15 questions, then the overview and the results', { timeout: TEST_TIMEOUT * 2 }, async () => {
    const page = await browser.newPage();
    await startCheck(page);  // the composition: one question
    // She answers what she knows and presses "Weet ik niet" for the rest
    // (papers she does not have at hand, the OCMW's own decisions).
    const knows = /statuses$|incomes$|birth_date$|^wie:|^housing\.(tenure|landlord|rent_monthly)$|\.(pregnant|marital_status)$/;
    const seen = await answerUntilOverview(page, {
      limit: MAX_QUESTIONS - 1,
      onQuestion: (q) => (knows.test(q.path) ? undefined : 'skip'),
    });
    assert.ok(seen.length + 1 <= MAX_QUESTIONS, `${seen.length + 1} questions`);
    assert.equal(await h1(page), 'Controleer uw antwoorden');
    const kinds = new Set(seen.map((q) => q.kind));
    assert.ok(kinds.has('checkbox') && kinds.has('money'), `asked kinds: ${[...kinds]}`);
    const overview = await page.locator('main').innerText();
    assert.match(overview, /Dendermonde/);
    assert.match(overview, /verhoogde tegemoetkoming/i, 'the ticked status is in the overview');
    assert.match(overview, /€\s*900,00/, 'the income is in the overview, formatted in euro');
    assert.match(overview, /12 april 1991/, 'the birth date is shown as a Dutch date');

    await press(page, 'do', 'results');
    assert.equal(await h1(page), 'Uw resultaat');
    const headings = await page.locator('main h2').allInnerTexts();
    const groups = headings.map((h) => h.trim());
    assert.ok(groups.some((h) => h.startsWith('Waarschijnlijk recht')), `groups: ${groups.join(' | ')}`);
    assert.ok(groups.some((h) => h.startsWith('Misschien')), `groups: ${groups.join(' | ')}`);
    assert.ok(groups.some((h) => h.startsWith('Geen recht')), `groups: ${groups.join(' | ')}`);
    // Every group's count matches its list.
    for (const h of await page.locator('main h2').all()) {
      const m = /\((\d+)\)/.exec(await h.innerText());
      if (!m) continue;
      const items = h.locator('xpath=following-sibling::ul[1]/li');
      assert.equal(await items.count(), Number(m[1]), `the count of "${await h.innerText()}"`);
    }
    // The reason, on demand, with a plain <details> (works without JavaScript).
    const details = page.locator('main details');
    assert.ok((await details.count()) >= 1, 'a <details> element explains the outcome');
    const summary = details.first().locator('summary');
    assert.match(await summary.innerText(), /^Waarom\?/);
    const tree = details.first().locator('pre.tree');
    assert.equal(await tree.isVisible(), false, 'the reasoning is closed at first');
    await summary.click();
    assert.equal(await tree.isVisible(), true, 'a click on "Waarom?" opens the reasoning');
    assert.ok((await tree.innerText()).trim().length > 0);
    // The referral cards of the results are PDFs, asked for by POST with the
    // answers: no link of the results carries answers in its URL.
    assert.equal(await page.locator('main a[href*="kaart.pdf?"]').count(), 0, 'no card link with a query string');
    const card = page.locator('main form[action$="/kaart.pdf"]').first();
    assert.equal(await card.count(), 1, 'a result offers a referral card');
    assert.equal(await card.getAttribute('method'), 'post');
    const fields = [];
    for (const input of await card.locator('input[type="hidden"]').all()) {
      fields.push([await input.getAttribute('name'), await input.getAttribute('value')]);
    }
    assert.ok(fields.some(([name]) => name === 'a'), 'the card form carries the answers');
    const pdf = await page.request.post(new URL(await card.getAttribute('action'), BASE).toString(), {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      data: new URLSearchParams(fields).toString(),
    });
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'], /^application\/pdf/);
    assert.equal(pdf.headers()['cache-control'], 'no-store');
    await page.close();
  });

  it('"Weet ik niet" skips a question', { timeout: TEST_TIMEOUT }, async () => {
    const page = await browser.newPage();
    await startCheck(page);
    const first = await describeQuestion(page);
    assert.ok(first.path && !first.overview, 'a question after the composition');
    await press(page, 'do', 'skip');
    const second = await describeQuestion(page);
    assert.ok(second.path, 'another question follows');
    assert.notEqual(second.path, first.path, '"Weet ik niet" moves on to another question');
    assert.equal(await page.locator('form input[type="hidden"][name="skip"]').getAttribute('value'), first.path,
      'the skipped question is carried along');
    // Answer two more; the skipped question does not come back.
    for (let i = 0; i < 2; i++) {
      const q = await describeQuestion(page);
      if (q.overview) break;
      assert.notEqual(q.path, first.path, 'a skipped question is not asked again');
      await fillAnswer(page, q);
      await press(page, 'do', 'answer');
    }
    await press(page, 'do', 'overview');
    assert.equal(await h1(page), 'Controleer uw antwoorden');
    assert.match(await page.locator('main').innerText(), /U sloeg 1 vraag over/);
    assert.equal(await page.locator(`form button[name="edit"][value="${first.path}"]`).count(), 0,
      'the skipped question has no answer to change');
    await page.close();
  });

  it('"Wijzig" on the overview goes back to the question, with the answer filled in', { timeout: TEST_TIMEOUT * 2 }, async () => {
    const page = await browser.newPage();
    await startCheck(page);
    const answered = new Map();
    for (let i = 0; i < 8; i++) {
      const q = await describeQuestion(page);
      if (q.overview) break;
      answered.set(q.path, { ...q, answer: await fillAnswer(page, q) });
      await press(page, 'do', 'answer');
    }
    const byKind = (kind) => [...answered.values()].find((q) => q.kind === kind);
    const toOverview = async () => {
      if ((await h1(page)) !== 'Controleer uw antwoorden') await press(page, 'do', 'overview');
      assert.equal(await h1(page), 'Controleer uw antwoorden');
    };

    // A money answer: prefilled, changed, and the overview shows the new value.
    const money = byKind('money');
    assert.ok(money, `a money question among the first answers: ${[...answered.keys()]}`);
    await toOverview();
    await press(page, 'edit', money.path);
    let q = await describeQuestion(page);
    assert.equal(q.path, money.path, '"Wijzig" shows the question of that answer');
    assert.equal(await page.locator('form input[name="v"]').inputValue(), money.answer, 'the answer is filled in');
    await page.locator('form input[name="v"]').fill('1250,50');
    await press(page, 'do', 'answer');
    await toOverview();
    assert.match(await page.locator('main').innerText(), /€\s*1\.250,50/, 'the changed amount is in the overview');

    // A radio answer.
    const radio = byKind('radio');
    if (radio) {
      await press(page, 'edit', radio.path);
      q = await describeQuestion(page);
      assert.equal(q.path, radio.path);
      const checked = page.locator('form input[type="radio"][name="v"]:checked');
      assert.equal(await checked.count(), 1, 'the chosen option is checked');
      assert.equal(await checked.getAttribute('value'), radio.answer);
      await toOverview();
    }

    // The checkbox page ("Welke uitkeringen …").
    const checkbox = byKind('checkbox');
    if (checkbox && checkbox.answer !== '(niets)') {
      await press(page, 'edit', checkbox.path);
      q = await describeQuestion(page);
      assert.equal(q.path, checkbox.path);
      const ticked = page.locator('form label.choice', { hasText: /verhoogde tegemoetkoming/i }).locator('input');
      assert.equal(await ticked.isChecked(), true, 'the ticked status is still ticked');
      await toOverview();
    }

    // A date.
    const date = byKind('date');
    if (date) {
      await press(page, 'edit', date.path);
      assert.equal((await describeQuestion(page)).path, date.path);
      assert.equal(await page.locator('form input[name="v"]').inputValue(), date.answer);
      await toOverview();
    }
    await page.close();
  });

  it('"Wijzig" on a composition answer (number of children) shows it filled in', { timeout: TEST_TIMEOUT }, async () => {
    const page = await browser.newPage();
    await startCheck(page);
    await press(page, 'do', 'overview');
    assert.equal(await h1(page), 'Controleer uw antwoorden');
    await press(page, 'edit', 'kinderen');
    const q = await describeQuestion(page);
    assert.equal(q.path, 'samenstelling', '"Wijzig" by the number of children asks who lives here again');
    assert.equal(await page.locator('form input[name="kinderen"]').inputValue(), '2',
      'the number of children (2) is filled in');
    assert.equal(await page.locator('form input[name="partner"][value="nee"]').isChecked(), true);
    await page.close();
  });
});
