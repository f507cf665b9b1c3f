// The rights explorer without JavaScript: choose a municipality, search with a
// typo, open the right, and download its referral card.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE, TEST_TIMEOUT, expectOk, openBrowser } from './lib.mjs';

describe('explorer (no JavaScript)', { timeout: TEST_TIMEOUT * 2 }, () => {
  let browser;
  let page;
  before(async () => {
    browser = await openBrowser({ javaScriptEnabled: false });
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
  });

  it('home → Dendermonde → search "leeflon" → leefloon → card PDF', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/`));
    assert.equal(await page.locator('html').getAttribute('lang'), 'nl');

    // Choose the municipality with the form (a plain GET, no script).
    await page.locator('select#gemeente').selectOption('dendermonde');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Kies' }).click()]);
    assert.match(page.url(), /[?&]gemeente=dendermonde\b/);
    assert.equal(await page.locator('select#gemeente').inputValue(), 'dendermonde');
    assert.match(await page.getByRole('link', { name: 'Start de rechtencheck' }).getAttribute('href'), /gemeente=dendermonde/);

    // Search with a typo: the correction is offered and leefloon is found.
    await page.locator('input#q').fill('leeflon');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Zoeken' }).click()]);
    assert.match(page.url(), /\/zoeken\?/);
    assert.match(page.url(), /gemeente=dendermonde/, 'the search keeps the chosen municipality');
    const main = page.locator('main');
    await assert.doesNotReject(
      main.getByText(/Bedoelde u/).waitFor({ timeout: 2000 }),
      'the search page offers the correction ("Bedoelde u leefloon?")',
    );
    assert.match(await main.getByText(/Bedoelde u/).innerText(), /leefloon/);
    const result = main.locator('ul.cards a[href^="/recht/leefloon"]').first();
    assert.equal(await result.count(), 1, 'the results list the right "Leefloon"');
    assert.equal((await result.innerText()).trim(), 'Leefloon');

    // The right's page.
    await Promise.all([page.waitForNavigation(), result.click()]);
    assert.match(page.url(), /\/recht\/leefloon\?gemeente=dendermonde/);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Leefloon');

    const sectionAfter = (heading) =>
      main.locator(`xpath=.//h2[normalize-space()="${heading}"]/following-sibling::*[1]`);
    // Conditions.
    const conditions = sectionAfter('Voorwaarden');
    assert.ok((await conditions.locator('li').count()) >= 2, 'the page lists the conditions under "Voorwaarden"');
    // Where to go: a contact point in Dendermonde.
    const where = main.locator('xpath=.//h2[normalize-space()="Waar kunt u terecht?"]');
    assert.equal(await where.count(), 1, 'the page has "Waar kunt u terecht?"');
    const service = main.locator('xpath=.//h2[normalize-space()="Waar kunt u terecht?"]/following-sibling::section[1]');
    assert.equal(await service.count(), 1, 'a contact point follows "Waar kunt u terecht?"');
    const serviceText = await service.innerText();
    assert.match(serviceText, /Dendermonde/, 'the contact point is the one of Dendermonde');
    assert.match(serviceText, /(Telefoon|E-mail|Openingsuren)/, 'the contact point says how to reach it');
    assert.ok((await service.locator('a[href^="mailto:"], a[href^="tel:"]').count()) >= 1, 'a mail or phone link');
    // Legal sources.
    const sources = sectionAfter('Wettelijke bron');
    assert.ok((await sources.locator('a[href^="http"]').count()) >= 1, 'the page lists legal sources');

    // The referral card.
    const card = main.locator('a[href*="/recht/leefloon/kaart.pdf"]');
    assert.equal(await card.count(), 1, 'the page links the referral card');
    const href = await card.getAttribute('href');
    assert.match(href, /gemeente=dendermonde/);
    const response = await page.request.get(new URL(href, BASE).toString());
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /^application\/pdf/);
    const body = await response.body();
    assert.ok(body.length > 1000, `the PDF has ${body.length} bytes`);
    assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('a theme page lists rights and keeps the municipality', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/rechten?thema=inkomen&gemeente=dendermonde`));
    const links = page.locator('main a[href^="/recht/"]');
    assert.ok((await links.count()) >= 3, 'the theme "inkomen" lists several rights');
    const href = await links.first().getAttribute('href');
    assert.match(href, /gemeente=dendermonde/);
  });

  it('search in Leuven: "boodschappen" → Leuven Helpt first → its address, phone and hours', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/?gemeente=leuven`));
    await page.locator('input#q').fill('boodschappen');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Zoeken' }).click()]);
    assert.match(page.url(), /gemeente=leuven/);
    const first = page.locator('main ul.cards h3 a').first();
    assert.equal((await first.innerText()).trim(), 'Leuven Helpt', 'the town\'s own service comes first');
    await Promise.all([page.waitForNavigation(), first.click()]);
    assert.match(page.url(), /\/dienst\/leuven-helpt/);
    const text = await page.locator('main').innerText();
    assert.match(text, /Contact/);
    assert.match(text, /Voorbeeldstraat 1/, 'the service page shows its address without a linked right');
    assert.match(text, /Telefoon/);
    assert.match(text, /Vandaag, \w+ \d+ \w+: /, "today's opening hours");
    assert.match(text, /Volgende opening: /);
  });

  it('search in Dendermonde leaves other towns out until "ook andere gemeenten"', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/zoeken?q=kansentarief&gemeente=dendermonde`));
    const main = page.locator('main');
    assert.equal(await main.locator('a[href^="/recht/uitpas_kansentarief_pelt"]').count(), 0, 'no UiTPAS of Pelt');
    await page.getByLabel('Ook andere gemeenten').check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Zoeken' }).click()]);
    assert.match(page.url(), /andere=1/);
    assert.match(page.url(), /gemeente=dendermonde/);
    assert.equal(await main.locator('a[href^="/recht/uitpas_kansentarief_pelt"]').count(), 1, 'now Pelt is listed too');
    assert.ok(await page.getByLabel('Ook andere gemeenten').isChecked(), 'the box stays ticked');
  });

  it('a service page shows the contact point', { timeout: TEST_TIMEOUT }, async () => {
    expectOk(await page.goto(`${BASE}/dienst/dendermonde-sociale-dienst?gemeente=dendermonde`));
    const text = await page.locator('main').innerText();
    assert.match(text, /Dendermonde/);
    assert.match(text, /(Telefoon|E-mail)/);
  });
});
