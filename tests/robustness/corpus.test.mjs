// A corpus of malformed and hostile requests against one live server with the
// default settings, sent as raw bytes. Every case must get a complete 4xx
// answer (never a 5xx, never silence, never the server's files), every JSON
// body must parse, and the server must still be healthy afterwards. Then the
// shipped-hardening specifics of issue 17: parameter errors that name the
// parameter, HEAD, security headers, no inline style or script, the card that
// ignores reden/naam, and a request log without queries or bodies.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildRequest, describeResult, exchange, parsesAsJson } from './raw.mjs';
import { HOUSEHOLD, getOnce, sleep, startServer } from './server.mjs';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'Content-Type': 'application/json' };

// Bytes that are not valid UTF-8 (or are NUL), percent-encoded: a lone 0xFF,
// a broken two-byte sequence, NUL, an overlong '/', a UTF-16 surrogate, a
// truncated three-byte sequence, a stray continuation byte.
const BAD = ['%FF', '%C3%28', '%00', '%C0%AF', '%ED%A0%80', '%E2%82', 'a%80b'];

const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

let server;
let port;
let hostname = '';
try {
  hostname = readFileSync('/etc/hostname', 'utf8').trim();
} catch {
  // no /etc/hostname: the check that uses it only compares against ''
}

before(async () => {
  server = await startServer();
  port = server.port;
});
after(() => server?.kill());

const get = (target, opts = {}) => buildRequest('GET', target, opts);
const post = (target, body, headers) => buildRequest('POST', target, { body, headers });

// Runs `cases` ({ name, data, accept(status) -> bool, expect (text), api,
// names, end, silentOk }) and returns a list of problems, one line each.
async function runCases(cases) {
  const problems = [];
  let failed = 0;
  for (const c of cases) {
    const before = problems.length;
    await runCase(c, problems);
    if (problems.length > before) failed++;
  }
  return { problems, failed, total: cases.length };
}

async function runCase(c, problems) {
  const r = await exchange(port, c.data, { expect: 1, timeoutMs: c.timeoutMs ?? 5000, endAfterWrite: c.end ?? false });
  const first = r.responses[0];
  if (!first) {
    // Only where the case says so (documented at the case) is a close
    // without an answer acceptable; a timeout never is.
    if (c.silentOk && r.closed && !r.timedOut) return;
    problems.push(`${c.name}: expected ${c.expect}, got ${describeResult(r)}`);
    return;
  }
  const ct = first.headers['content-type'] || '';
  if (!c.accept(first.status)) {
    problems.push(`${c.name}: expected ${c.expect}, got ${describeResult(r)}`);
  }
  if (/application\/json/.test(ct) && !parsesAsJson(first.text)) {
    problems.push(`${c.name}: the JSON body does not parse: ${JSON.stringify(first.text.slice(0, 200))}`);
  }
  if (c.api) {
    // API errors are JSON {"error": "..."}, and name the parameter when asked.
    let error;
    try {
      error = JSON.parse(first.text).error;
    } catch {
      error = undefined;
    }
    if (!/application\/json/.test(ct) || typeof error !== 'string') {
      problems.push(`${c.name}: expected a JSON {"error": "..."} body, got ${ct} ${JSON.stringify(first.text.slice(0, 200))}`);
    } else if (c.names && !new RegExp(`\\b${c.names}\\b`).test(error)) {
      problems.push(`${c.name}: the error should name the parameter '${c.names}': ${JSON.stringify(error)}`);
    }
  }
  if (c.forbidden) {
    for (const needle of c.forbidden) {
      if (needle && first.text.includes(needle)) problems.push(`${c.name}: the body contains ${JSON.stringify(needle)}`);
    }
    if (hostname && first.text.trim() === hostname) problems.push(`${c.name}: the body is the machine's /etc/hostname`);
  }
}

const is4xx = (s) => s >= 400 && s < 500;
const is = (...codes) => (s) => codes.includes(s);

// Fails listing the problems (at most 60), so one run shows what is wrong.
function report({ problems, failed, total }) {
  const shown = problems.slice(0, 60);
  if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
  assert.equal(failed, 0, `${failed} of ${total} cases failed:\n  ${shown.join('\n  ')}`);
}

describe('malformed requests', { timeout: 120_000 }, () => {
  it('bad request lines get 400 (or 4xx where the line is well-formed)', async () => {
    const cases = [
      { name: 'garbage line', data: 'HELLO THERE\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'a word only', data: 'GARBAGE\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'missing version', data: 'GET /\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'missing target and version', data: 'GET\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'version junk', data: 'GET / HTTX/1.1\r\nHost: x\r\n\r\n', accept: is(400), expect: '400' },
      // An unsupported major version: 505 is the status HTTP defines for it
      // and is not a server fault, so it is accepted beside 400.
      { name: 'HTTP/9.9', data: 'GET / HTTP/9.9\r\nHost: x\r\n\r\n', accept: is(400, 505), expect: '400 or 505' },
      { name: 'HTTP/1.1x', data: 'GET / HTTP/1.1x\r\nHost: x\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'two spaces', data: 'GET  / HTTP/1.1\r\nHost: x\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'tabs for spaces', data: 'GET\t/\tHTTP/1.1\r\nHost: x\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'only spaces', data: '   \r\n\r\n', accept: is(400), expect: '400' },
      // Methods are case-sensitive: "get" is an unknown method, not GET.
      { name: 'lowercase method', data: 'get / HTTP/1.1\r\nHost: x\r\n\r\n', accept: is4xx, expect: '4xx' },
      { name: 'unknown method', data: 'BREW / HTTP/1.1\r\nHost: x\r\n\r\n', accept: is4xx, expect: '4xx' },
      { name: 'NUL in method', data: 'G\x00T / HTTP/1.1\r\nHost: x\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'absolute-form junk', data: 'GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n', accept: is4xx, expect: '4xx' },
      { name: 'absolute-form without host', data: 'GET http:// HTTP/1.1\r\nHost: x\r\n\r\n', accept: is4xx, expect: '4xx' },
      { name: 'absolute-form bad port', data: 'GET http://x:99999999/%%% HTTP/1.1\r\nHost: x\r\n\r\n', accept: is4xx, expect: '4xx' },
      { name: 'asterisk-form on GET', data: 'GET * HTTP/1.1\r\nHost: x\r\n\r\n', accept: is4xx, expect: '4xx' },
      { name: 'binary bytes', data: '\x00\x01\x02\x03\xff\xfe\x80\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'raw 0xFF in the target', data: 'GET /\xff HTTP/1.1\r\nHost: x\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'raw NUL in the target', data: 'GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'control byte in the target', data: 'GET /\x07 HTTP/1.1\r\nHost: x\r\n\r\n', accept: is(400), expect: '400' },
      // RFC 9112 §2.2 lets a server ignore empty lines before a request line;
      // the client then half-closes, so there is no request to answer: a 400
      // or a close without an answer are both correct (a hang is not).
      { name: 'a lone CRLF, then EOF', data: '\r\n', end: true, accept: is(400), expect: '400 or a close', silentOk: true },
      // A TLS ClientHello on the plain port, then EOF: no request head ever
      // completes; same reasoning as above.
      {
        name: 'TLS ClientHello',
        data: '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03' + '\x00'.repeat(32),
        end: true,
        accept: is(400),
        expect: '400 or a close',
        silentOk: true,
      },
      // Headers that break the grammar or invite request smuggling.
      { name: 'header without colon', data: 'GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'space in header name', data: 'GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'space before colon', data: 'GET / HTTP/1.1\r\nHost: x\r\nX-A : v\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'NUL in header value', data: 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n', accept: is(400), expect: '400' },
      {
        name: 'two different Content-Lengths',
        data: 'POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x',
        accept: is(400),
        expect: '400',
      },
      { name: 'negative Content-Length', data: 'POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', accept: is(400), expect: '400' },
      { name: 'Content-Length not a number', data: 'POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', accept: is(400), expect: '400' },
      {
        name: 'huge Content-Length',
        data: 'POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n{',
        accept: is(400, 413),
        expect: '400 or 413',
      },
      {
        name: 'bad chunk size',
        data: 'POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
        accept: is(400),
        expect: '400',
      },
      {
        name: 'Content-Length and Transfer-Encoding',
        data:
          'POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\n' +
          'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
        accept: is4xx,
        expect: '4xx',
      },
      {
        name: 'unknown Transfer-Encoding',
        data: 'POST /api/check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, zork\r\n\r\n',
        accept: is4xx,
        expect: '4xx',
      },
    ];
    report(await runCases(cases));
  });

  it('headers over 16 KiB get 431, a request target over 8 KiB gets 414', async () => {
    const cases = [
      {
        name: 'one 17 KiB header',
        data: get('/', { headers: { 'X-Big': 'a'.repeat(17 * 1024) } }),
        accept: is(431),
        expect: '431',
      },
      {
        name: '200 headers of 100 bytes',
        data: get('/', { headers: Array.from({ length: 200 }, (_, i) => [`X-H${i}`, 'b'.repeat(100)]) }),
        accept: is(431),
        expect: '431',
      },
      {
        name: '17 KiB cookie',
        data: get('/api/rights', { headers: { Cookie: `c=${'c'.repeat(17 * 1024)}` } }),
        accept: is(431),
        expect: '431',
      },
      { name: '9 KiB path', data: get(`/${'p'.repeat(9 * 1024)}`), accept: is(414), expect: '414' },
      { name: '9 KiB query', data: get(`/zoeken?q=${'q'.repeat(9 * 1024)}`), accept: is(414), expect: '414' },
      { name: '9 KiB API query', data: get(`/api/search?q=${'q'.repeat(9 * 1024)}`), accept: is(414), expect: '414' },
      // Over both limits: either answer names a real limit.
      { name: '20 KiB target', data: get(`/${'p'.repeat(20 * 1024)}`), accept: is(414, 431), expect: '414 or 431' },
    ];
    report(await runCases(cases));
    // Just under the limits still works: the limits are not set too low.
    const ok = await exchange(port, get(`/zoeken?q=${'q'.repeat(150)}`, { headers: { 'X-Big': 'a'.repeat(8 * 1024) } }));
    assert.equal(ok.responses[0]?.status, 200, `an 8 KiB header and a short query: ${describeResult(ok)}`);
  });

  it('invalid UTF-8 and NUL in every path segment get 400', async () => {
    const cases = [];
    for (const b of BAD) {
      for (const [where, target, api] of [
        ['a page path', `/${b}`, false],
        ['a page path', `/zoeken${b}`, false],
        ['/recht/<id>', `/recht/${b}`, false],
        ['/recht/<id>/kaart.pdf', `/recht/${b}/kaart.pdf`, false],
        ['/dienst/<id>', `/dienst/${b}`, false],
        ['/api/rights/<id>', `/api/rights/${b}`, true],
        ['/api/<x>', `/api/${b}`, true],
        ['/logo/<x>.png', `/logo/${b}.png`, false],
        ['/static/<x>', `/static/${b}`, false],
        ['/static/<x>.css', `/static/${b}.css`, false],
        ['/static/huisstijl/<x>.css', `/static/huisstijl/${b}.css`, false],
      ]) {
        cases.push({ name: `${where} ${target}`, data: get(target), accept: is(400), expect: '400', api });
      }
    }
    // A NUL after a real name must not cut the name short in a file lookup.
    for (const target of ['/recht/leefloon%00', '/static/style.css%00', '/static/style.css%00.png', '/logo/dendermonde%00.png',
      '/api/rights/leefloon%00']) {
      cases.push({ name: `NUL after a name ${target}`, data: get(target), accept: is(400), expect: '400', api: target.startsWith('/api/') });
    }
    report(await runCases(cases));
  });

  it('invalid UTF-8 and NUL in every query parameter (name and value) get 400; API errors name the parameter', async () => {
    const serviceId = await firstServiceId();
    // [path, parameter names the handler reads, API?, method]
    const endpoints = [
      ['/', ['gemeente'], false],
      ['/rechten', ['thema', 'doelgroep', 'gemeente'], false],
      ['/zoeken', ['q', 'gemeente'], false],
      ['/recht/leefloon', ['gemeente'], false],
      ['/recht/leefloon/kaart.pdf', ['gemeente', 'reden', 'naam'], false],
      [`/dienst/${serviceId}`, ['gemeente'], false],
      ['/check', ['gemeente'], false],
      ['/expert', ['gemeente', 'partner', 'kinderen', 'andere_volwassenen'], false],
      ['/api/search', ['q', 'kind'], true],
      ['/api/rights', ['theme', 'target'], true],
      ['/api/rights/leefloon', ['gemeente'], true],
      ['/api/services', ['gemeente', 'right', 'format'], true],
      ['/api/check', ['date', 'tree'], true, 'POST'],
    ];
    const cases = [];
    for (const [path, params, api, method = 'GET'] of endpoints) {
      const request = (target) => (method === 'POST' ? post(target, HOUSEHOLD, JSON_TYPE) : get(target));
      for (const b of BAD) {
        for (const p of params) {
          const target = `${path}?${p}=${b}`;
          cases.push({ name: `${method} ${target}`, data: request(target), accept: is(400), expect: '400', api, names: api ? p : null });
        }
        // A bad byte in a parameter's name, and in a parameter no handler reads.
        cases.push({ name: `${method} ${path}?${b}=1`, data: request(`${path}?${b}=1`), accept: is(400), expect: '400', api });
        cases.push({ name: `${method} ${path}?x=${b}`, data: request(`${path}?x=${b}`), accept: is(400), expect: '400', api });
      }
    }
    report(await runCases(cases));
  });

  it('valid UTF-8 in parameters is still accepted (the check is not over-eager)', async () => {
    for (const target of ['/api/search?q=caf%C3%A9', '/zoeken?q=%E2%82%AC+huur', '/api/search?q=%F0%9F%98%80', '/rechten?thema=wonen']) {
      const r = await exchange(port, get(target));
      assert.equal(r.responses[0]?.status, 200, `${target}: ${describeResult(r)}`);
    }
  });

  it('invalid UTF-8 and NUL in url-encoded form fields get 400', async () => {
    const fields = {
      '/check': ['a=household.persons%5B0%5D.birth_date%3D', 'a=', 'do=', 'q=', 'edit=', 'v=', 'skip=', 'gemeente_id='],
      '/expert': ['a=household.persons%5B0%5D.birth_date%3D', 'gemeente=', 'partner=', 'kinderen=', 'andere_volwassenen=', 'gemeente_id='],
      '/recht/leefloon/kaart.pdf': ['gemeente_id=', 'gemeente=', 'reden=', 'naam='],
    };
    const cases = [];
    for (const [path, list] of Object.entries(fields)) {
      for (const b of BAD) {
        for (const field of list) {
          cases.push({ name: `POST ${path} ${field}${b}`, data: post(path, `${field}${b}`, FORM), accept: is(400), expect: '400' });
        }
        // The bad byte in a field's name; and after a valid field.
        cases.push({ name: `POST ${path} ${b}=1`, data: post(path, `${b}=1`, FORM), accept: is(400), expect: '400' });
        cases.push({ name: `POST ${path} do=volgende&x=${b}`, data: post(path, `do=volgende&x=${b}`, FORM), accept: is(400), expect: '400' });
      }
    }
    report(await runCases(cases));
  });

  it('path traversal never leaves the static and logo folders', async () => {
    const forbidden = ['cmake_minimum_required', 'root:x:0:0', hostname.length >= 6 ? hostname : ''];
    const targets = [
      '/static/../CMakeLists.txt',
      '/static/%2e%2e/CMakeLists.txt',
      '/static/%2E%2E/CMakeLists.txt',
      '/static/..%2fCMakeLists.txt',
      '/static/..%2FCMakeLists.txt',
      '/static/%2e%2e%2fCMakeLists.txt',
      '/static/.%2e/.%2e/CMakeLists.txt',
      '/static/%252e%252e/x',
      '/static/%252e%252e%252fCMakeLists.txt',
      '/static/..\\CMakeLists.txt',
      '/static/..%5cCMakeLists.txt',
      '/static/....//CMakeLists.txt',
      '/static/%c0%ae%c0%ae/CMakeLists.txt',
      '/static//etc/hostname',
      '/static/%2fetc%2fhostname',
      '/static/%2fetc%2fpasswd',
      '/static/huisstijl/../../CMakeLists.txt',
      '/static/huisstijl/..%2f..%2fCMakeLists.txt',
      '/static/huisstijl/%2e%2e%2f%2e%2e%2fCMakeLists.txt',
      '/logo/..%2f..%2fetc%2fhostname.png',
      '/logo/..%2f..%2f..%2f..%2fetc%2fpasswd%00.png',
      '/logo/%2e%2e.png',
      '/logo/..%2f..%2f..%2fCMakeLists.txt%00.png',
      '/recht/..%2f..%2fCMakeLists.txt',
      '/recht/..%2f..%2fCMakeLists.txt/kaart.pdf',
      '/api/rights/..%2f..%2fCMakeLists.txt',
      '/dienst/..%2f..%2fCMakeLists.txt',
    ];
    const cases = targets.map((t) => ({ name: t, data: get(t), accept: is4xx, expect: '4xx', forbidden }));
    report(await runCases(cases));
  });

  it('pipelined requests get complete answers in order', async () => {
    // Three GETs in one write: three complete responses, in request order.
    const three = Buffer.concat([
      get('/healthz', { close: false }),
      get('/api/rights/leefloon', { close: false }),
      get('/api/search?q=huur'),
    ]);
    const r = await exchange(port, three, { expect: 3 });
    assert.equal(r.responses.length, 3, `three pipelined GETs: ${describeResult(r)}`);
    assert.deepEqual(r.responses.map((x) => x.status), [200, 200, 200], describeResult(r));
    assert.equal(JSON.parse(r.responses[0].text).status, 'ok', 'the first answer is /healthz');
    assert.equal(JSON.parse(r.responses[1].text).id, 'leefloon', 'the second answer is /api/rights/leefloon');
    assert.equal(JSON.parse(r.responses[2].text).query, 'huur', 'the third answer is /api/search?q=huur');

    // A bad request after a good one: the good one is answered in full; what
    // follows is a 400 or the end of the connection.
    const bad = Buffer.concat([get('/healthz', { close: false }), Buffer.from('GARBAGE\r\n\r\n')]);
    const r2 = await exchange(port, bad, { expect: 2 });
    assert.equal(r2.responses[0]?.status, 200, `good then garbage: ${describeResult(r2)}`);
    if (r2.responses.length > 1) assert.equal(r2.responses[1].status, 400, `the garbage after it: ${describeResult(r2)}`);
    else assert.ok(r2.closed && !r2.timedOut, `after the garbage the connection must end: ${describeResult(r2)}`);

    // A parameter error in the middle does not cost the others their answers.
    const mixed = Buffer.concat([
      get('/healthz', { close: false }),
      get('/api/search?q=%FF', { close: false }),
      get('/api/rights/leefloon'),
    ]);
    const r3 = await exchange(port, mixed, { expect: 3 });
    assert.equal(r3.responses[0]?.status, 200, `mixed, first: ${describeResult(r3)}`);
    assert.equal(r3.responses[1]?.status, 400, `mixed, second (q=%FF): ${describeResult(r3)}`);
    if (r3.responses.length > 2) assert.equal(r3.responses[2].status, 200, `mixed, third: ${describeResult(r3)}`);
  });

  it('after the corpus the server is still healthy', async () => {
    const r = await getOnce(port, '/healthz', 3000);
    assert.equal(r.status, 200);
    assert.equal(server.exitInfo(), null, 'the server is still running');
  });
});

describe('hardening specifics', { timeout: 60_000 }, () => {
  it('a JSON 404 stays valid JSON whatever the path holds', async () => {
    for (const target of ['/api/x%5C', '/api/x%22', '/api/x%22%7D%2C%22a', '/api/%3Cscript%3E', '/api/x%0Ay', '/api/x%09y', '/api/x%5Cu00']) {
      const r = await exchange(port, get(target));
      const first = r.responses[0];
      assert.ok(first, `${target}: ${describeResult(r)}`);
      // A control byte (%0A, %09) may be refused as 400; a quote or backslash is a plain unknown endpoint.
      const okStatus = /%0A|%09/.test(target) ? [400, 404] : [404];
      assert.ok(okStatus.includes(first.status), `${target}: expected ${okStatus.join(' or ')}, got ${describeResult(r)}`);
      assert.match(first.headers['content-type'] || '', /^application\/json/, `${target}: content type`);
      assert.ok(parsesAsJson(first.text), `${target}: the body must parse as JSON: ${JSON.stringify(first.text)}`);
      assert.equal(typeof JSON.parse(first.text).error, 'string', `${target}: an "error" message`);
    }
  });

  it('HEAD gives the Content-Length of GET and no body', async () => {
    for (const target of ['/', '/rechten', '/recht/leefloon', '/zoeken?q=huur', '/check', '/expert', '/healthz', '/api/rights',
      '/static/style.css', '/bestaat-niet']) {
      const g = await exchange(port, get(target));
      const body = g.responses[0];
      assert.ok(body, `GET ${target}: ${describeResult(g)}`);
      assert.equal(Number(body.headers['content-length']), body.body.length, `GET ${target}: Content-Length matches the body`);
      // The HEAD is followed on the same connection by a GET /healthz: if the
      // HEAD answer carried a body, the second answer would not parse.
      const pair = Buffer.concat([buildRequest('HEAD', target, { close: false }), get('/healthz')]);
      const h = await exchange(port, pair, { expect: 2, headFlags: [true, false] });
      const head = h.responses[0];
      assert.ok(head, `HEAD ${target}: ${describeResult(h)}`);
      assert.equal(head.status, body.status, `HEAD ${target}: same status as GET`);
      assert.equal(head.headers['content-length'], String(body.body.length), `HEAD ${target}: Content-Length of the GET body`);
      assert.equal(h.responses[1]?.status, 200, `HEAD ${target} sent no body: the next answer on the connection must be /healthz's, got ${describeResult(h)}`);
      assert.equal(JSON.parse(h.responses[1].text).status, 'ok', `HEAD ${target}: the next answer is /healthz's`);
    }
  });

  it('every kind of response carries the security headers exactly once', async () => {
    const samples = [
      ['page', get('/')],
      ['right page', get('/recht/leefloon?gemeente=dendermonde')],
      ['search page', get('/zoeken?q=huur')],
      ['JSON', get('/api/rights')],
      ['health', get('/healthz')],
      ['PDF', get('/recht/leefloon/kaart.pdf')],
      ['static CSS', get('/static/style.css')],
      ['house style CSS', get('/static/huisstijl/dendermonde.css')],
      ['logo', get('/logo/dendermonde.png')],
      ['openapi', get('/api/openapi.yaml')],
      ['HTML 404', get('/bestaat-niet')],
      ['JSON 404', get('/api/bestaat-niet')],
      ['JSON 400', get('/api/search?kind=x')],
      ['405', post('/recht/leefloon', '', FORM)],
      ['POST /api/check', post('/api/check', HOUSEHOLD, JSON_TYPE)],
      ['POST /check', post('/check', '', FORM)],
      ['HEAD', buildRequest('HEAD', '/')],
      ['malformed request 400', 'GARBAGE\r\n\r\n'],
      ['431', get('/', { headers: { 'X-Big': 'a'.repeat(17 * 1024) } })],
    ];
    const want = [
      ['content-security-policy', CSP],
      ['x-content-type-options', 'nosniff'],
      ['referrer-policy', 'same-origin'],
    ];
    const problems = [];
    for (const [name, data] of samples) {
      const r = await exchange(port, data, { headFlags: [name === 'HEAD'] });
      const first = r.responses[0];
      if (!first) {
        problems.push(`${name}: ${describeResult(r)}`);
        continue;
      }
      for (const [header, value] of want) {
        const values = first.headerList.filter(([n]) => n === header).map(([, v]) => v);
        if (values.length !== 1 || values[0] !== value) {
          problems.push(`${name} (${first.status}): ${header} should be exactly once ${JSON.stringify(value)}, got ${JSON.stringify(values)}`);
        }
      }
    }
    assert.equal(problems.length, 0, `missing or wrong security headers:\n  ${problems.join('\n  ')}`);
  });

  it('personal answers and cards are Cache-Control: no-store', async () => {
    const samples = [
      ['POST /check', post('/check', '', FORM), /^text\/html/],
      ['POST /expert', post('/expert', 'partner=nee&kinderen=0&andere_volwassenen=0', FORM), /^text\/html/],
      ['POST /api/check', post('/api/check', HOUSEHOLD, JSON_TYPE), /^application\/json/],
      ['GET /recht/leefloon/kaart.pdf', get('/recht/leefloon/kaart.pdf'), /^application\/pdf/],
      ['POST /recht/leefloon/kaart.pdf', post('/recht/leefloon/kaart.pdf', 'gemeente_id=dendermonde', FORM), /^application\/pdf/],
    ];
    const problems = [];
    for (const [name, data, type] of samples) {
      const r = await exchange(port, data, { timeoutMs: 10_000 });
      const first = r.responses[0];
      if (!first || first.status !== 200) {
        problems.push(`${name}: expected 200, got ${describeResult(r)}`);
        continue;
      }
      if (!type.test(first.headers['content-type'] || '')) problems.push(`${name}: content type ${first.headers['content-type']}`);
      if (!/\bno-store\b/.test(first.headers['cache-control'] || '')) {
        problems.push(`${name}: Cache-Control should have no-store, got ${JSON.stringify(first.headers['cache-control'] ?? null)}`);
      }
    }
    assert.equal(problems.length, 0, problems.join('\n'));
  });

  it('HTML pages have no inline style or script; the house style comes from /static/huisstijl/<slug>.css', async () => {
    const serviceId = await firstServiceId();
    const pages = [
      get('/'),
      get('/?gemeente=dendermonde'),
      get('/rechten'),
      get('/zoeken?q=huur'),
      get('/recht/leefloon'),
      get('/recht/leefloon?gemeente=dendermonde'),
      get(`/dienst/${serviceId}`),
      get('/check?gemeente=dendermonde'),
      post('/check', 'gemeente_id=dendermonde', FORM),
      get('/expert'),
      get('/expert?gemeente=dendermonde&partner=nee&kinderen=1&andere_volwassenen=0'),
      get('/bestaat-niet'),
    ];
    const problems = [];
    for (const data of pages) {
      const r = await exchange(port, data, { timeoutMs: 10_000 });
      const first = r.responses[0];
      const [head, body] = data.toString('latin1').split('\r\n\r\n');
      const what = `${head.split('\r\n')[0].replace(/ HTTP\/1\.1$/, '')}${body ? ` (${body})` : ''}`;
      if (!first) {
        problems.push(`${what}: ${describeResult(r)}`);
        continue;
      }
      const html = first.text;
      // Under the CSP (style-src 'self', script-src 'self') inline style and
      // script would be blocked, so the pages must not depend on them.
      for (const tag of html.match(/<[a-zA-Z][^>]*>/g) || []) {
        if (/\sstyle\s*=/i.test(tag)) problems.push(`${what}: inline style attribute in ${tag.slice(0, 120)}`);
        if (/\son[a-z]+\s*=/i.test(tag)) problems.push(`${what}: inline event handler in ${tag.slice(0, 120)}`);
        if (/^<script\b/i.test(tag) && !/\ssrc\s*=/i.test(tag)) problems.push(`${what}: inline <script> ${tag.slice(0, 120)}`);
        if (/^<style\b/i.test(tag)) problems.push(`${what}: inline <style> element`);
      }
      if (/gemeente(_id)?=dendermonde/.test(what) && !html.includes('/static/huisstijl/dendermonde.css')) {
        problems.push(`${what}: the page does not link /static/huisstijl/dendermonde.css`);
      }
    }
    const css = await exchange(port, get('/static/huisstijl/dendermonde.css'));
    if (css.responses[0]?.status !== 200 || !/^text\/css/.test(css.responses[0].headers['content-type'] || '')) {
      problems.push(`/static/huisstijl/dendermonde.css: expected 200 text/css, got ${describeResult(css)}`);
    }
    const unknown = await exchange(port, get('/static/huisstijl/bestaat-niet.css'));
    if (unknown.responses[0]?.status !== 404) problems.push(`/static/huisstijl/bestaat-niet.css: expected 404, got ${describeResult(unknown)}`);
    assert.equal(problems.length, 0, problems.join('\n'));
  });

  it('the referral card ignores reden and naam from the URL', async (t) => {
    const reden = 'REDENgeheim789';
    const naam = 'NAAMgeheim321';
    const r = await exchange(port, get(`/recht/leefloon/kaart.pdf?reden=${reden}&naam=${naam}`), { timeoutMs: 10_000 });
    const first = r.responses[0];
    assert.equal(first?.status, 200, `the card: ${describeResult(r)}`);
    assert.match(first.headers['content-type'] || '', /^application\/pdf/);
    assert.ok(!first.body.includes(reden) && !first.body.includes(naam), 'the PDF bytes must not hold reden or naam');
    const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
    if (probe.error) {
      t.skip('pdftotext (poppler-utils) is not installed: the text of the compressed PDF was not checked');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'rechtop-card-'));
    try {
      const file = join(dir, 'kaart.pdf');
      writeFileSync(file, first.body);
      const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      assert.equal(text.status, 0, `pdftotext failed: ${text.stderr}`);
      assert.ok(text.stdout.length > 20, `pdftotext found text in the card: ${JSON.stringify(text.stdout)}`);
      assert.ok(!text.stdout.includes(reden), `the card must not show reden=${reden}`);
      assert.ok(!text.stdout.includes(naam), `the card must not show naam=${naam}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the request log has one line per request, without queries or bodies', async () => {
    const secretQuery = 'geheimenaam123';
    const secretPerson = 'persoon-geheim-456';
    const secretForm = 'formgeheim789';
    const doc = JSON.parse(HOUSEHOLD);
    doc.household.persons[0].id = secretPerson;
    const before = server.log().length;
    const r1 = await exchange(port, get(`/zoeken?q=${secretQuery}`));
    assert.equal(r1.responses[0]?.status, 200, describeResult(r1));
    const r2 = await exchange(port, post('/api/check', JSON.stringify(doc), JSON_TYPE));
    assert.equal(r2.responses[0]?.status, 200, describeResult(r2));
    assert.ok(r2.responses[0].text.includes(secretPerson), 'the answer itself does mention the person id');
    const r3 = await exchange(port, post('/check', `a=household.persons%5B0%5D.id%3D${secretForm}`, FORM));
    assert.ok(r3.responses[0], describeResult(r3));
    // The lines may be written just after the answers: poll briefly.
    const deadline = Date.now() + 3000;
    let log = '';
    while (Date.now() < deadline) {
      log = server.log().slice(before);
      if (log.includes('/zoeken') && log.includes('/api/check') && /POST \/check\b/.test(log)) break;
      await sleep(50);
    }
    const tail = log.slice(-2000);
    const line = log.split('\n').find((l) => l.includes('/zoeken'));
    assert.ok(line, `a log line for GET /zoeken; the log since the requests:\n${tail}`);
    assert.match(line, /\bGET\b/, `the line names the method: ${line}`);
    assert.match(line, /\b200\b/, `the line names the status: ${line}`);
    assert.match(line, /\d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}T/, `the line has a time: ${line}`);
    assert.match(line, /\d+(\.\d+)?\s*(ms|µs|us|s)\b/, `the line has a duration: ${line}`);
    assert.doesNotMatch(line, /\/zoeken\?/, `the line must not hold the query: ${line}`);
    assert.ok(log.split('\n').some((l) => /\bPOST\b/.test(l) && l.includes('/api/check')), `a log line for POST /api/check:\n${tail}`);
    for (const secret of [secretQuery, secretPerson, secretForm]) {
      assert.ok(!server.log().includes(secret), `the log must not contain ${secret}:\n${tail}`);
    }
  });
});

async function firstServiceId() {
  const r = await getOnce(port, '/api/services', 5000);
  assert.equal(r.status, 200, '/api/services');
  const id = JSON.parse(r.body).services?.[0]?.id;
  assert.ok(id, 'the demo directory has a service');
  return id;
}
