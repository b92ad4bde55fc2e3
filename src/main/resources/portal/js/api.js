// The public HTTP API (openapi/device-jobs.yaml), with the signed-in key, and its errors in plain words.

const BASE = '/api/v1';
const KEY = 'devicejobs.apiKey';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: key => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** An API error: status, code and message from the error model, details with JSON pointers. */
export class ApiError extends Error {
  constructor(status, body) {
    super(humanMessage(status, body));
    this.status = status;
    this.code = body && body.error;
    this.details = body && Array.isArray(body.details) ? body.details : [];
  }
}

// What a person should read for each status; the server's own message is shown where it says more.
const WORDS = {
  401: 'Your API key was not accepted. Sign in again with a valid key.',
  403: 'Your role may not do this. Ask an administrator for a key with more rights.',
  404: 'Not found: it may have been deleted.',
  409: 'This conflicts with the current state.',
  413: 'This is larger than the server accepts.',
  429: 'Too many requests: wait a moment and try again.',
  501: 'This server version does not offer this yet.',
};

function humanMessage(status, body) {
  const said = body && body.message ? String(body.message) : '';
  if (status === 0) return said;
  if (status === 401 || status === 403 || status === 429) return WORDS[status];
  if (status >= 500)
    return `The server had a problem (HTTP ${status}). Try again; if it persists, check the server log.`;
  return said ? said.charAt(0).toUpperCase() + said.slice(1) : WORDS[status] || `The request failed (HTTP ${status}).`;
}

let onUnauthorized = () => {};
export function whenUnauthorized(callback) {
  onUnauthorized = callback;
}

export async function request(method, path, body, extraHeaders = {}) {
  const headers = { Accept: 'application/json', ...extraHeaders };
  const key = session.key();
  if (key) headers.Authorization = 'Bearer ' + key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (e) {
    throw new ApiError(0, { message: 'The server cannot be reached. Check the network connection.' });
  }
  if (response.status === 204) return null;
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json);
    if (response.status === 401) onUnauthorized(error);
    throw error;
  }
  return json;
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

export const api = {
  get: (path, params = {}) => request('GET', path + query(params)),
  post: (path, body, headers) => request('POST', path, body, headers),
  put: (path, body) => request('PUT', path, body),
  del: path => request('DELETE', path),
};

/** Path segments from API data go through encodeURIComponent. */
export const seg = encodeURIComponent;

/** A fresh Idempotency-Key (crypto.randomUUID needs https; getRandomValues works on plain http too). */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'portal-' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
