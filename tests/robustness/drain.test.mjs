// Graceful shutdown on SIGTERM: the server stops accepting at once, finishes
// the request in progress (here one whose body is still arriving), closes
// idle keep-alive connections promptly, and exits 0.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { buildRequest, describeResponse, openConnection } from './raw.mjs';
import { HOUSEHOLD, sleep, startServer } from './server.mjs';

// Resolves 'refused' when a new connection is refused, 'accepted' when it is
// accepted (and closes it again), or another error code.
function tryConnect(port) {
  return new Promise((resolveTry) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolveTry('connect timed out');
    }, 1000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolveTry('accepted');
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      resolveTry(e.code === 'ECONNREFUSED' ? 'refused' : e.code || e.message);
    });
  });
}

const exitText = (e) => (e.timedOut ? `still running after ${e.ms} ms (killed)` : `exit code ${e.code}, signal ${e.signal}, after ${e.ms} ms`);

describe('SIGTERM', { timeout: 60_000 }, () => {
  it('stops accepting, finishes the request in progress, exits 0', async (t) => {
    const server = await startServer({ t });
    const body = Buffer.from(HOUSEHOLD, 'utf8');
    const half = Math.floor(body.length / 2);
    const head = buildRequest('POST', '/api/check', {
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
      close: false,
    });
    const conn = await openConnection(server.port, { timeoutMs: 10_000 });
    try {
      conn.socket.write(Buffer.concat([head, body.subarray(0, half)]));
      await sleep(300); // the server has the head and half the body
      const t0 = Date.now();
      server.signal('SIGTERM');

      // Within 1 s new connections are refused (the listening socket is closed).
      let outcome;
      for (;;) {
        outcome = await tryConnect(server.port);
        if (outcome === 'refused' || Date.now() - t0 > 1000) break;
        await sleep(50);
      }
      const refusedMs = Date.now() - t0;
      console.log(`drain: new connections ${outcome} ${refusedMs} ms after SIGTERM`);
      assert.equal(outcome, 'refused', `1 s after SIGTERM a new connection was still ${outcome}`);

      // The request in progress is finished and answered.
      conn.socket.write(body.subarray(half));
      const answered = await conn.waitFor(1, 10_000);
      const r = conn.state.responses[0];
      assert.ok(
        answered,
        `the request in progress got no answer after SIGTERM (${conn.state.closed ? 'connection closed' : 'timed out'}; server ${JSON.stringify(server.exitInfo())})`,
      );
      assert.equal(r.status, 200, `the answer after SIGTERM: ${describeResponse(r)}`);
      let doc;
      assert.doesNotThrow(() => (doc = JSON.parse(r.text)), `the answer parses as JSON: ${r.text.slice(0, 200)}`);
      assert.ok(Array.isArray(doc.results) && doc.results.length > 0, 'the answer has results');
    } finally {
      conn.close();
    }
    const exit = await server.stop('SIGTERM', 10_000);
    console.log(`drain: ${exitText(exit)} after the last answer`);
    assert.ok(!exit.timedOut, `the server must exit within 10 s after draining: ${exitText(exit)}`);
    assert.equal(exit.code, 0, `exit status after SIGTERM: ${exitText(exit)}`);
  });

  it('closes an idle keep-alive connection and exits 0 within 3 s', async (t) => {
    const server = await startServer({ t });
    const conn = await openConnection(server.port);
    try {
      const r = await conn.request(buildRequest('GET', '/healthz', { close: false }));
      assert.equal(r?.status, 200, 'the keep-alive request is served');
      const exit = await server.stop('SIGTERM', 3000);
      console.log(`drain: idle keep-alive: ${exitText(exit)}`);
      assert.ok(!exit.timedOut, `with one idle keep-alive connection the server must exit within 3 s of SIGTERM: ${exitText(exit)}`);
      assert.equal(exit.code, 0, exitText(exit));
      assert.ok(await conn.waitClosed(1000), 'the idle connection is closed');
    } finally {
      conn.close();
    }
  });

  it('gives up on a request that never completes after --drain-timeout', async (t) => {
    const server = await startServer({ t, flags: ['--drain-timeout', '2', '--body-timeout', '30'] });
    const conn = await openConnection(server.port);
    try {
      conn.socket.write(
        buildRequest('POST', '/api/check', {
          headers: { 'Content-Type': 'application/json', 'Content-Length': '1000' },
          close: false,
        }),
      );
      conn.socket.write('{"household":');
      await sleep(300);
      // The body never comes and the body timeout is long: only the drain
      // timeout ends the wait.
      const exit = await server.stop('SIGTERM', 6000);
      console.log(`drain: stalled request, --drain-timeout 2: ${exitText(exit)}`);
      assert.ok(!exit.timedOut, `the drain must end after about 2 s even when a request never completes: ${exitText(exit)}`);
      assert.ok(exit.ms >= 1500, `the server must wait for the request in progress up to the drain timeout, but exited after ${exit.ms} ms`);
      assert.equal(exit.signal, null, exitText(exit));
    } finally {
      conn.close();
    }
  });
});
