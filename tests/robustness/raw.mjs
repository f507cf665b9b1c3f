// A raw HTTP/1.1 client over node:net: writes exact bytes (node's http client
// and fetch would normalise or refuse most of the corpus) and parses what
// comes back — status line, headers, a Content-Length or chunked body — for
// any number of pipelined responses.
import { connect } from 'node:net';

// Request bytes from text: every char is one byte (latin1), so "\xff" sends 0xFF.
export const bytes = (text) => (Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'));

// A complete request. `headers` is an object or a list of [name, value];
// Host is added unless given. Body strings are sent as UTF-8.
export function buildRequest(method, target, { headers = {}, body = null, version = 'HTTP/1.1', close = true } = {}) {
  const list = Array.isArray(headers) ? [...headers] : Object.entries(headers);
  const names = new Set(list.map(([n]) => n.toLowerCase()));
  if (!names.has('host')) list.unshift(['Host', '127.0.0.1']);
  const bodyBuf = body === null ? null : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  if (bodyBuf && !names.has('content-length')) list.push(['Content-Length', String(bodyBuf.length)]);
  if (close && !names.has('connection')) list.push(['Connection', 'close']);
  const head = `${method} ${target} ${version}\r\n${list.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return bodyBuf ? Buffer.concat([bytes(head), bodyBuf]) : bytes(head);
}

// Parses as many complete responses as `buf` holds. `headFlags[i]` true means
// response i answers a HEAD (no body whatever Content-Length says). With
// `closed`, a response without length runs to the end of the data.
// Returns { responses, rest, error } where rest is the unparsed tail.
export function parseResponses(buf, { headFlags = [], closed = false } = {}) {
  const responses = [];
  let pos = 0;
  while (pos < buf.length) {
    const end = buf.indexOf('\r\n\r\n', pos, 'latin1');
    if (end < 0) break;
    const headText = buf.subarray(pos, end).toString('latin1');
    const [statusLine, ...headerLines] = headText.split('\r\n');
    const m = statusLine.match(/^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/);
    if (!m) return { responses, rest: buf.subarray(pos), error: `not a status line: ${JSON.stringify(statusLine.slice(0, 120))}` };
    const headerList = [];
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon <= 0) return { responses, rest: buf.subarray(pos), error: `bad header line: ${JSON.stringify(line.slice(0, 120))}` };
      headerList.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
    }
    const headers = {};
    for (const [n, v] of headerList) headers[n] = n in headers ? `${headers[n]}, ${v}` : v;
    const status = Number(m[2]);
    const bodyStart = end + 4;
    const isHead = Boolean(headFlags[responses.length]);
    let body;
    let next;
    if (isHead || status === 204 || status === 304 || (status >= 100 && status < 200)) {
      body = Buffer.alloc(0);
      next = bodyStart;
    } else if (/chunked/i.test(headers['transfer-encoding'] || '')) {
      const decoded = decodeChunked(buf, bodyStart);
      if (!decoded) break;
      body = decoded.body;
      next = decoded.next;
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (!Number.isInteger(length) || length < 0) {
        return { responses, rest: buf.subarray(pos), error: `bad Content-Length ${headers['content-length']}` };
      }
      if (buf.length < bodyStart + length) break;
      body = buf.subarray(bodyStart, bodyStart + length);
      next = bodyStart + length;
    } else {
      if (!closed) break;
      body = buf.subarray(bodyStart);
      next = buf.length;
    }
    responses.push({ version: m[1], status, reason: m[3] || '', headers, headerList, body, text: body.toString('utf8') });
    pos = next;
  }
  return { responses, rest: buf.subarray(pos), error: null };
}

function decodeChunked(buf, start) {
  const parts = [];
  let pos = start;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', pos, 'latin1');
    if (lineEnd < 0) return null;
    const size = parseInt(buf.subarray(pos, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return null;
    pos = lineEnd + 2;
    if (size === 0) {
      const trailerEnd = buf.indexOf('\r\n', pos, 'latin1');
      if (trailerEnd < 0) return null;
      return { body: Buffer.concat(parts), next: trailerEnd + 2 };
    }
    if (buf.length < pos + size + 2) return null;
    parts.push(buf.subarray(pos, pos + size));
    pos += size + 2;
  }
}

// Connects, writes `data` (a Buffer/string or a list of them, written one
// after the other), and reads until the server closes, `expect` complete
// responses arrived, or `timeoutMs` passed. With `endAfterWrite` the write
// side is half-closed after the data. Resolves
//   { responses, closed, timedOut, error, raw, parseError, ms }
// and never rejects: connection errors are part of the result.
export function exchange(port, data, { expect = 1, timeoutMs = 5000, headFlags = [], endAfterWrite = false } = {}) {
  return new Promise((resolveExchange) => {
    const t0 = Date.now();
    const chunks = [];
    let closed = false;
    let error = null;
    let done = false;
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (timedOut) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks);
      const parsed = parseResponses(raw, { headFlags, closed });
      resolveExchange({ responses: parsed.responses, closed, timedOut, error, raw, parseError: parsed.error, ms: Date.now() - t0 });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('connect', () => {
      const list = Array.isArray(data) ? data : [data];
      for (const d of list) socket.write(bytes(d));
      if (endAfterWrite) socket.end();
    });
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (expect > 0 && parseResponses(Buffer.concat(chunks), { headFlags }).responses.length >= expect) finish(false);
    });
    socket.on('end', () => {
      closed = true;
      finish(false);
    });
    socket.on('close', () => {
      closed = true;
      finish(false);
    });
    socket.on('error', (e) => {
      // A reset after the answer still leaves the answer readable.
      error = e.code || e.message;
      closed = true;
      finish(false);
    });
  });
}

// A short description of an exchange for failure messages: status, content
// type and the start of the body (an HTML page by its <title>).
export function describeResult(r) {
  if (r.responses.length === 0) {
    const what = r.timedOut ? 'no answer (timed out)' : r.error ? `no answer (${r.error})` : 'closed without an answer';
    return `${what}; raw ${JSON.stringify(r.raw.toString('latin1').slice(0, 120))}${r.parseError ? `; ${r.parseError}` : ''}`;
  }
  return r.responses.map(describeResponse).join(' | ');
}

export function describeResponse(x) {
  const type = (x.headers['content-type'] || '').split(';')[0];
  const title = type === 'text/html' ? x.text.match(/<title>([^<]*)<\/title>/)?.[1] : null;
  const body = title !== null && title !== undefined ? `<title>${title}</title>` : x.text.slice(0, 120);
  return `${x.status} ${type} ${JSON.stringify(body)}`;
}

// A socket that stays open, with helpers to await responses on it.
// `conn.request(bytes, n)` writes and waits for n more complete responses.
export function openConnection(port, { timeoutMs = 5000 } = {}) {
  return new Promise((resolveOpen, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let connected = false;
    const state = { chunks: [], responses: [], closed: false, error: null, waiters: [] };
    // Resolves true once `done()` holds (checked on every event of the socket),
    // false after `ms`.
    const waitUntil = (done, ms) =>
      new Promise((resolveWait) => {
        const check = () => {
          if (!done()) return;
          clearTimeout(t);
          state.waiters = state.waiters.filter((w) => w !== check);
          resolveWait(true);
        };
        const t = setTimeout(() => {
          state.waiters = state.waiters.filter((w) => w !== check);
          resolveWait(false);
        }, ms);
        state.waiters.push(check);
        check();
      });
    const reparse = () => {
      const raw = Buffer.concat(state.chunks);
      state.responses = parseResponses(raw, { closed: state.closed }).responses;
      for (const w of [...state.waiters]) w();
    };
    socket.on('data', (c) => {
      state.chunks.push(c);
      reparse();
    });
    socket.on('end', () => {
      state.closed = true;
      reparse();
    });
    socket.on('close', () => {
      state.closed = true;
      reparse();
    });
    socket.on('error', (e) => {
      state.error = e.code || e.message;
      state.closed = true;
      reparse();
    });
    const conn = {
      socket,
      state,
      // Waits until `count` responses in total arrived or the socket closed.
      waitFor(count, ms = timeoutMs) {
        return waitUntil(() => state.responses.length >= count || state.closed, ms).then(
          () => state.responses.length >= count,
        );
      },
      // Waits until the server closed the connection; resolves true if it did within ms.
      waitClosed(ms = timeoutMs) {
        return waitUntil(() => state.closed, ms);
      },
      async request(data, ms = timeoutMs) {
        const want = state.responses.length + 1;
        if (!state.closed) socket.write(bytes(data));
        await conn.waitFor(want, ms);
        return state.responses.length >= want ? state.responses[want - 1] : null;
      },
      close() {
        socket.destroy();
      },
    };
    const t = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to 127.0.0.1:${port} timed out`));
    }, timeoutMs);
    socket.once('connect', () => {
      connected = true;
      clearTimeout(t);
      resolveOpen(conn);
    });
    socket.once('error', (e) => {
      clearTimeout(t);
      if (!connected) reject(e);
    });
  });
}

// True when `text` parses as JSON.
export function parsesAsJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
