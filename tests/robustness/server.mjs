// Starts a live `rechtop serve` for one test file: a free loopback port, a
// fresh temporary database, the process's output kept in memory (the request
// log goes to stderr), and figures read from /proc (RSS, CPU time). The
// process is always killed in an after() hook, and on exit of the test
// process as a last resort, so no server outlives its test file.
//
// Use it either in a test, `await startServer({ t })`, which kills the server
// in that test's after() hook, or in a suite:
//   let server;
//   before(async () => { server = await startServer(); });
//   after(() => server?.kill());
// (An after() registered from inside a before() hook would belong to the hook
// and run as soon as the hook ends, so the helper cannot register it there.)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BIN = process.env.RECHTOP_BIN ? resolve(process.env.RECHTOP_BIN) : join(ROOT, 'build', 'rechtop');
export const HOUSEHOLD = readFileSync(join(ROOT, 'data/demo/household.json'), 'utf8');

const CLK_TCK = 100; // Linux's USER_HZ: /proc/PID/stat counts CPU time in 1/100 s
const READY_MS = 30_000;
const LOG_LIMIT = 8 * 1024 * 1024; // keep the last 8 MiB of output

const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A port the kernel says is free now; the server binds it right after.
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolvePort(port));
    });
  });
}

// One GET with a fresh connection that asks to be closed (so readiness probes
// never count against a connection limit). Resolves { status, headers, body }.
export function getOnce(port, path, timeoutMs = 2000) {
  return new Promise((resolveGet, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'GET', agent: false, headers: { Connection: 'close' } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolveGet({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

// Starts the server. Options:
//   t:      a test context: the server is killed in t.after()
//   flags:  extra `serve` flags, e.g. ['--max-connections', '3']
//   ulimitN: run under `ulimit -n N` (through bash, which execs the server,
//            so pid is the server's own)
// Returns { port, url, pid, log(), rssMB(), cpuSeconds(), signal(sig), stop(signal, ms),
// exited, exitInfo(), kill() }; kill() also removes the temporary folder.
export async function startServer({ t = null, flags = [], ulimitN = null } = {}) {
  if (!existsSync(BIN)) throw new Error(`${BIN} does not exist; build it first (RECHTOP_BIN)`);
  let lastError;
  // A port picked free can be taken before the server binds it: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(t, flags, ulimitN);
    } catch (e) {
      lastError = e;
      if (!e.bindFailed) throw e;
    }
  }
  throw lastError;
}

async function startOnce(t, flags, ulimitN) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rechtop-robustness-'));
  const serveArgs = ['serve', '--address', '127.0.0.1', '--port', String(port), '--db', join(dir, 'rechtop.db'), ...flags];
  const [command, args] =
    ulimitN === null
      ? [BIN, serveArgs]
      : ['bash', ['-c', `ulimit -n ${Number(ulimitN)} && exec "$0" "$@"`, BIN, ...serveArgs]];
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);

  let output = '';
  const keep = (chunk) => {
    output += chunk.toString('utf8');
    if (output.length > LOG_LIMIT) output = output.slice(-LOG_LIMIT);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let exitInfo = null;
  const exited = new Promise((resolveExit) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      running.delete(child);
      resolveExit(exitInfo);
    });
    child.once('error', (error) => {
      exitInfo = { code: null, signal: null, error };
      running.delete(child);
      resolveExit(exitInfo);
    });
  });

  const cleanup = () => {
    if (!exitInfo) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };

  const server = {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    dir,
    command: [command, ...args].join(' '),
    exited,
    log: () => output,
    exitInfo: () => exitInfo,
    // Resident memory in MB (VmRSS), or NaN once the process is gone.
    rssMB() {
      try {
        const m = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
        return m ? Number(m[1]) / 1024 : NaN;
      } catch {
        return NaN;
      }
    },
    // User + system CPU time in seconds, over all threads.
    cpuSeconds() {
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      // Fields after the command name in parentheses (which may hold spaces):
      // state is field 3, utime field 14, stime field 15.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(rest[11]) + Number(rest[12])) / CLK_TCK;
    },
    // Sends `signal` without waiting.
    signal(signal = 'SIGTERM') {
      if (!exitInfo) child.kill(signal);
    },
    // Sends `signal` and waits up to `ms` for the exit. Resolves
    // { code, signal, ms } or { timedOut: true } (then the process is killed).
    async stop(signal = 'SIGTERM', ms = 10_000) {
      if (exitInfo) return { ...exitInfo, ms: 0 };
      const t0 = Date.now();
      child.kill(signal);
      const result = await Promise.race([exited, sleep(ms).then(() => null)]);
      if (!result) {
        child.kill('SIGKILL');
        await exited;
        return { timedOut: true, ms: Date.now() - t0 };
      }
      return { ...result, ms: Date.now() - t0 };
    },
    kill: cleanup,
  };
  if (t) t.after(cleanup);

  // Ready when /healthz answers 200; give up after READY_MS or on exit.
  const deadline = Date.now() + READY_MS;
  for (;;) {
    if (exitInfo) {
      const e = new Error(
        `the server exited before it was ready (${JSON.stringify({ code: exitInfo.code, signal: exitInfo.signal })}): ` +
          `${server.command}\n--- its output ---\n${output.slice(-4000)}`,
      );
      e.bindFailed = /cannot listen|address already in use/i.test(output);
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    try {
      const r = await getOnce(port, '/healthz', 1000);
      if (r.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      cleanup();
      throw new Error(`the server did not answer /healthz with 200 within ${READY_MS} ms: ${server.command}\n${output.slice(-4000)}`);
    }
    await sleep(100);
  }
}
