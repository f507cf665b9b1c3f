// Timeouts against clients that hold a connection without finishing
// anything: a request head trickled byte by byte (slowloris), a body that
// never comes, an idle keep-alive connection, and a client that never reads
// its large answers. With 2 s limits each must be dropped within seconds.
// The four cases run at the same time against one server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildRequest, describeResponse, describeResult, exchange, openConnection, parseResponses } from './raw.mjs';
import { HOUSEHOLD, sleep, startServer } from './server.mjs';

let server;
before(async () => {
  server = await startServer({ flags: ['--header-timeout', '2', '--body-timeout', '2', '--write-timeout', '2'] });
});
after(() => server?.kill());

// Resolves when the socket has ended, closed or failed (then { how }), or
// after `ms` with { how: null }.
function ended(socket, ms) {
  return new Promise((resolveEnd) => {
    if (socket.destroyed) return resolveEnd({ how: 'already closed' });
    const timer = setTimeout(() => resolveEnd({ how: null }), ms);
    const done = (how) => () => {
      clearTimeout(timer);
      resolveEnd({ how });
    };
    socket.once('end', done('end'));
    socket.once('close', done('close'));
    socket.once('error', (e) => done(`error ${e.code || e.message}`)());
  });
}

// Field `index` of a sysctl file such as tcp_wmem ("min default max"), or `fallback`.
function sysctlMax(file, index, fallback) {
  try {
    const v = Number(readFileSync(file, 'utf8').trim().split(/\s+/)[index]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  } catch {
    return fallback;
  }
}

// A response the server may send before it drops a slow request: only 408.
function assertOnly408(data, what) {
  const { responses } = parseResponses(Buffer.concat(data), { closed: true });
  if (responses.length) assert.equal(responses[0].status, 408, `${what}: the only answer allowed is 408, got ${describeResponse(responses[0])}`);
}

// A connected socket and the chunks it receives (errors are the server's right).
async function connectCollecting(port) {
  const socket = connect({ host: '127.0.0.1', port });
  const data = [];
  socket.on('data', (c) => data.push(c));
  socket.on('error', () => {});
  await new Promise((r) => socket.once('connect', r));
  return { socket, data };
}

describe('timeouts (2 s)', { concurrency: true, timeout: 60_000 }, () => {
  it('a slowloris head (a byte every 300 ms) is dropped by the header timeout', async () => {
    const { socket, data } = await connectCollecting(server.port);
    const t0 = Date.now();
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    // Trickling must not extend the deadline: it is for the whole head.
    const trickle = setInterval(() => !socket.destroyed && socket.write('a'), 300);
    const end = await ended(socket, 8000);
    clearInterval(trickle);
    socket.destroy();
    const ms = Date.now() - t0;
    console.log(`timeouts: slowloris dropped after ${ms} ms (${end.how})`);
    assert.ok(end.how, 'the slowloris connection was still open after 8 s');
    assert.ok(ms >= 1500 && ms <= 5000, `the slowloris connection was dropped after ${ms} ms; expected between 1.5 and 5 s`);
    assertOnly408(data, 'slowloris');
  });

  it('a body that never comes is dropped by the body timeout', async () => {
    const { socket, data } = await connectCollecting(server.port);
    const t0 = Date.now();
    socket.write('POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
    const end = await ended(socket, 8000);
    socket.destroy();
    const ms = Date.now() - t0;
    console.log(`timeouts: missing body dropped after ${ms} ms (${end.how})`);
    assert.ok(end.how && ms <= 5000, `a request whose body never comes must be dropped within 5 s (${end.how ? `after ${ms} ms` : 'still open after 8 s'})`);
    assertOnly408(data, 'missing body');
  });

  it('an idle keep-alive connection is closed', async () => {
    const conn = await openConnection(server.port);
    try {
      const r = await conn.request(buildRequest('GET', '/healthz', { close: false }));
      assert.equal(r?.status, 200, 'the keep-alive request is served');
      const t0 = Date.now();
      const closed = await conn.waitClosed(8000);
      const ms = Date.now() - t0;
      console.log(`timeouts: idle keep-alive closed after ${ms} ms`);
      assert.ok(closed && ms <= 5000, `an idle keep-alive connection must be closed within 5 s (${closed ? `after ${ms} ms` : 'still open after 8 s'})`);
    } finally {
      conn.close();
    }
  });

  it('a client that never reads its large answers is dropped by the write timeout', async () => {
    const request = buildRequest('POST', '/api/check?tree=1', {
      body: HOUSEHOLD,
      headers: { 'Content-Type': 'application/json' },
      close: false,
    });
    // The server's writes stall only once the kernel's socket buffers are
    // full (on loopback the send buffer grows to tcp_wmem's maximum, 4 MiB
    // by default), so ask for at least 20 answers and enough of them to
    // exceed those buffers one and a half times.
    const one = await exchange(server.port, buildRequest('POST', '/api/check?tree=1', { body: HOUSEHOLD, headers: { 'Content-Type': 'application/json' } }));
    assert.equal(one.responses[0]?.status, 200, `one POST /api/check?tree=1: ${describeResult(one)}`);
    const size = one.responses[0].body.length;
    const kernel = sysctlMax('/proc/sys/net/ipv4/tcp_wmem', 2, 4 << 20) + sysctlMax('/proc/sys/net/ipv4/tcp_rmem', 1, 128 << 10);
    const count = Math.max(20, Math.ceil((1.5 * kernel) / size));

    const { socket, data } = await connectCollecting(server.port);
    socket.write(Buffer.concat(Array(count).fill(request)));
    socket.pause();
    await sleep(6000);
    // Reading again: what the kernel buffered arrives, then the end of a
    // stream the server gave up on, before all the answers.
    const endPromise = ended(socket, 20_000);
    const complete = () => parseResponses(Buffer.concat(data)).responses.length;
    socket.resume();
    let waiting = true;
    const end = await Promise.race([
      endPromise,
      (async () => {
        while (waiting && complete() < count) await sleep(50);
        return { how: `all ${count} answers arrived` };
      })(),
    ]);
    waiting = false;
    socket.destroy();
    const n = complete();
    const bytes = data.reduce((s, c) => s + c.length, 0);
    console.log(
      `timeouts: non-reader asked ${count} answers of ${size} bytes, got ${n} complete (${bytes} bytes) before the stream ended (${end.how})`,
    );
    assert.ok(n < count, `the server must drop a client that does not read for 6 s, but all ${count} answers arrived (${bytes} bytes)`);
    assert.ok(end.how, 'the stream neither ended nor delivered everything within 20 s of reading again');
  });
});

it('after the timeouts the server still answers', async () => {
  const r = await exchange(server.port, buildRequest('GET', '/healthz'));
  assert.equal(r.responses[0]?.status, 200);
});
