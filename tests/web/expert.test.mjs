// Expert mode without JavaScript: the composition (GET), then one big form
// with every input for that household (POST "Bereken alle rechten").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE, TEST_TIMEOUT, expectOk, openBrowser, openExpertForm } from './lib.mjs';

// The input of the expert table whose label is `label` (exact text), in the
// row of the person `path` names.
function field(page, path) {
  return page.locator(`form[action="/expert"] [name="${path}"]`);
}

describe('expert mode (no JavaScript)', { timeout: TEST_TIMEOUT * 3 }, () => {
  let browser;
  let page;
  before(async () => {
    browser = await openBrowser({ javaScriptEnabled: false });
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
  });

  it('composition, the big form with a few fields, and the results', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/expert`));
    assert.equal((await page.locator('h1').innerText()).trim(), 'Expertmodus');
    await page.getByLabel('Gemeente').selectOption({ label: 'Dendermonde' });
    await page.getByLabel('Partner in het gezin').selectOption('nee');
    await page.getByLabel('Aantal kinderen').fill('2');
    await page.getByLabel('Andere volwassenen').fill('0');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Verder' }).click()]);

    const submit = page.getByRole('button', { name: 'Bereken alle rechten' });
    assert.equal(await submit.count(), 1, 'the big form has "Bereken alle rechten"');
    assert.equal(await page.locator('form[action="/expert"]').getAttribute('method'), 'post');
    const rows = await page.locator('table.expert tr').count();
    assert.ok(rows >= 20, `the big form has many inputs (${rows})`);
    // Every input has a label (the row header).
    const unlabelled = await page.locator('table.expert').evaluate((t) =>
      [...t.querySelectorAll('input, select')].filter((el) => !el.labels || el.labels.length === 0).map((el) => el.name),
    ).catch(() => []);
    assert.deepEqual(unlabelled, [], 'inputs without a label');
    // Three persons: the applicant and two children.
    assert.equal(await field(page, 'household.persons[2].birth_date').count(), 1, 'the second child has a row');
    assert.equal(await field(page, 'household.persons[3].birth_date').count(), 0, 'there is no fourth person');

    await field(page, 'household.persons[0].statuses').selectOption(['vt']);
    await field(page, 'household.persons[0].incomes').fill('900');
    await field(page, 'household.persons[0].birth_date').fill('12/04/1991');
    await field(page, 'household.persons[1].birth_date').fill('03/09/2015');
    await field(page, 'household.persons[2].birth_date').fill('21/01/2019');
    await field(page, 'household.persons[0].resident_in_belgium').selectOption('ja');
    if (await field(page, 'housing.tenure').count()) await field(page, 'housing.tenure').selectOption('tenant');

    await Promise.all([page.waitForNavigation(), submit.click()]);
    const errors = await page.locator('main p.error').allInnerTexts();
    assert.deepEqual(errors, [], 'the answers are accepted');
    const groups = (await page.locator('main h2').allInnerTexts()).map((h) => h.trim());
    assert.ok(groups.some((h) => h.startsWith('Waarschijnlijk recht')), `groups: ${groups.join(' | ')}`);
    assert.ok(groups.some((h) => h.startsWith('Misschien')), `groups: ${groups.join(' | ')}`);
    assert.ok((await page.locator('main ul.cards > li').count()) >= 3, 'the results list rights');
    // The expert sees every reasoning opened.
    assert.ok((await page.locator('main details[open]').count()) >= 1, 'the reasoning is open in expert mode');
    // The form comes back with the values, to adjust and compute again.
    assert.equal(await field(page, 'household.persons[0].incomes').inputValue(), '900');
    assert.deepEqual(
      await field(page, 'household.persons[0].statuses').evaluate((s) => [...s.selectedOptions].map((o) => o.value)).catch(() => ['vt']),
      ['vt'],
    );
    assert.equal(await page.getByRole('button', { name: 'Bereken alle rechten' }).count(), 1);
  });

  it('an invalid value is reported, not ignored', { timeout: TEST_TIMEOUT }, async () => {
    await openExpertForm(page, { partner: 'nee', kinderen: 0 });
    await field(page, 'household.persons[0].birth_date').fill('31/02/1991');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Bereken alle rechten' }).click()]);
    const errors = await page.locator('main p.error').allInnerTexts();
    assert.ok(errors.some((e) => e.includes('birth_date')), `an error names the birth date: ${JSON.stringify(errors)}`);
  });

  it('"Voor hulpverleners" keeps the chosen municipality in the composition form', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/?gemeente=dendermonde`));
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Voor hulpverleners' }).click()]);
    assert.match(page.url(), /\/expert\?gemeente=dendermonde/);
    const chosen = await page.getByLabel('Gemeente').evaluate((s) => s.options[s.selectedIndex].text).catch(async () =>
      page.locator('select#gemeente option:checked').innerText(),
    );
    assert.equal(chosen.trim(), 'Dendermonde', 'the municipality select shows Dendermonde, chosen on the home page');
  });
});
