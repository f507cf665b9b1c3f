// Bad requests, with plain fetch: each is refused with the right status and a
// message that says where the problem is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { describe, it } from 'node:test';
import { BASE } from './lib.mjs';

const TIMEOUT = 15_000;
const HOUSEHOLD = readFileSync(new URL('../../data/demo/household.json', import.meta.url), 'utf8');

async function post(path, body, headers = { 'Content-Type': 'application/json' }) {
  return fetch(`${BASE}${path}`, { method: 'POST', body, headers, signal: AbortSignal.timeout(TIMEOUT) });
}

async function get(path) {
  return fetch(`${BASE}${path}`, { signal: AbortSignal.timeout(TIMEOUT) });
}

async function jsonError(response, status) {
  assert.equal(response.status, status, `status of ${response.url}`);
  assert.match(response.headers.get('content-type') || '', /^application\/json/);
  const body = await response.json();
  assert.equal(typeof body.error, 'string', `an "error" message: ${JSON.stringify(body)}`);
  return body.error;
}

// A raw GET whose path is sent exactly as written (fetch and URL would
// normalise "/static/../x" away before it leaves).
function rawGet(path) {
  const url = new URL(BASE);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', timeout: TIMEOUT }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout on ${path}`)));
    req.on('error', reject);
    req.end();
  });
}

describe('API and bad requests', { timeout: 60_000 }, () => {
  it('POST /api/check with the demo household works', { timeout: TIMEOUT }, async () => {
    const response = await post('/api/check', HOUSEHOLD);
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.ok(JSON.stringify(body).includes('"status"'), 'the answer has outcomes with a status');
  });

  it('malformed JSON → 400 naming line:col', { timeout: TIMEOUT }, async () => {
    const error = await jsonError(await post('/api/check', '{\n  "household": {\n    "persons": [ }'), 400);
    assert.match(error, /\b3:\d+\b/, `the message names line 3 and a column: ${error}`);
  });

  it('an unknown field → 400 naming the JSON path', { timeout: TIMEOUT }, async () => {
    const doc = JSON.parse(HOUSEHOLD);
    doc.household.persons[1].birth_dat = '2016-09-03';
    const error = await jsonError(await post('/api/check', JSON.stringify(doc)), 400);
    assert.match(error, /\$\.household\.persons\[1\]\.birth_dat/, error);
  });

  it('a negative amount → 400', { timeout: TIMEOUT }, async () => {
    const doc = JSON.parse(HOUSEHOLD);
    doc.household.persons[0].incomes[0].amount = -5;
    const error = await jsonError(await post('/api/check', JSON.stringify(doc)), 400);
    assert.match(error, /\$\.household\.persons\[0\]\.incomes\[0\]\.amount/, error);
  });

  it('a body over 64 KiB → 413', { timeout: TIMEOUT }, async () => {
    const big = JSON.stringify({ household: { persons: [{ id: 'x'.repeat(70 * 1024) }] } });
    const response = await post('/api/check', big);
    assert.equal(response.status, 413);
    await response.arrayBuffer();
  });

  it('GET /api/check → 405 with Allow: POST', { timeout: TIMEOUT }, async () => {
    const response = await get('/api/check');
    await jsonError(response, 405);
    assert.match(response.headers.get('allow') || '', /POST/);
  });

  it('/recht/bestaat-niet → 404 HTML', { timeout: TIMEOUT }, async () => {
    const response = await get('/recht/bestaat-niet');
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') || '', /^text\/html/);
    const html = await response.text();
    assert.match(html, /<html lang="nl"/);
    assert.match(html, /href="\/"/, 'the page links back to the home page');
  });

  it('/api/rights/bestaat-niet → 404 JSON', { timeout: TIMEOUT }, async () => {
    await jsonError(await get('/api/rights/bestaat-niet'), 404);
  });

  it('/api/search?kind=x → 400', { timeout: TIMEOUT }, async () => {
    const error = await jsonError(await get('/api/search?q=leefloon&kind=x'), 400);
    assert.match(error, /kind/);
    await jsonError(await get('/api/search?kind=x'), 400);
  });

  it('path traversal /static/../CMakeLists.txt → 404', { timeout: TIMEOUT }, async () => {
    for (const path of ['/static/../CMakeLists.txt', '/static/%2e%2e/CMakeLists.txt', '/static/..%2fCMakeLists.txt',
      '/static/%2e%2e%2f%2e%2e%2fCMakeLists.txt']) {
      const response = await rawGet(path);
      assert.equal(response.status, 404, `${path} answered ${response.status}`);
      assert.doesNotMatch(response.body, /cmake_minimum_required/i, `${path} must not serve the build file`);
    }
  });

  it('GET /api/rights, /api/rights/leefloon, /api/search, /api/services answer JSON', { timeout: TIMEOUT }, async () => {
    for (const path of ['/api/rights', '/api/rights/leefloon', '/api/search?q=leefloon&kind=right',
      '/api/services?gemeente=dendermonde&right=leefloon', '/api/services?format=hsds']) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type') || '', /^application\/json/, path);
      await response.json();
    }
  });

  it('GET /api/openapi.yaml (when present)', { timeout: TIMEOUT }, async (t) => {
    const response = await get('/api/openapi.yaml');
    if (response.status === 404) {
      t.skip('web/static/openapi.yaml does not exist yet');
      return;
    }
    assert.equal(response.status, 200);
    assert.match(await response.text(), /^openapi: 3\./m);
  });
});
