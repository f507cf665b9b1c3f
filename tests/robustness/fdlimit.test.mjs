// Descriptor exhaustion: under `ulimit -n 64`, 80 idle connections use up the
// server's descriptors, so accept() fails with EMFILE while connections wait
// in the backlog. A server that retries accept at once spins a core; it must
// back off instead, and recover once descriptors are free again.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { it } from 'node:test';
import { getOnce, sleep, startServer } from './server.mjs';

const IDLE = 80;

it('out of descriptors: accept backs off (little CPU) and recovers', { timeout: 60_000 }, async (t) => {
  // A long header timeout keeps the idle connections from being dropped
  // during the measurement, which would free descriptors and hide a spin.
  const server = await startServer({ t, ulimitN: 64, flags: ['--header-timeout', '30'] });
  const sockets = [];
  try {
    await Promise.all(
      Array.from(
        { length: IDLE },
        () =>
          new Promise((resolveOne) => {
            const socket = connect({ host: '127.0.0.1', port: server.port });
            sockets.push(socket);
            socket.on('error', () => {});
            socket.once('connect', resolveOne);
            socket.once('close', resolveOne);
            setTimeout(resolveOne, 5000);
          }),
      ),
    );
    await sleep(1000);
    const c0 = server.cpuSeconds();
    const t0 = Date.now();
    await sleep(3000);
    const cpu = (server.cpuSeconds() - c0) / ((Date.now() - t0) / 1000);
    console.log(`fdlimit: server CPU with ${IDLE} idle connections under ulimit -n 64: ${(cpu * 100).toFixed(1)} % of one core`);
    assert.equal(server.exitInfo(), null, `the server died under the descriptor limit:\n${server.log().slice(-2000)}`);
    assert.ok(cpu < 0.1, `server CPU while out of descriptors: ${(cpu * 100).toFixed(1)} % of a core (limit 10 %): accept errors must back off`);
  } finally {
    for (const s of sockets) s.destroy();
  }

  // With the connections gone, the server serves again within 5 s.
  const deadline = Date.now() + 5000;
  let last = 'no attempt';
  for (;;) {
    try {
      const r = await getOnce(server.port, '/healthz', 1000);
      if (r.status === 200) break;
      last = `status ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    assert.ok(Date.now() < deadline, `/healthz did not answer 200 within 5 s after the idle connections closed (last: ${last})`);
    await sleep(200);
  }
});
