import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/** One request as the loopback server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  /** The first response for this key was replayed: no new side effect. */
  readonly replayed: boolean;
  readonly params: Readonly<Record<string, string>>;
}

export interface StripeLoopback {
  /** A real `stripe` SDK client pointed at this server. */
  readonly client: Stripe;
  readonly requests: RecordedRequest[];
  /** Objects created (side effects), by resource path (`/v1/payment_intents`). */
  created(path: string): readonly Record<string, unknown>[];
  reset(): void;
  close(): Promise<void>;
}

interface StoredResponse {
  readonly status: number;
  readonly body: string;
  /** Stripe compares a repeated key's parameters with the first request's. */
  readonly rawParams: string;
  readonly path: string;
}

/**
 * A tiny Stripe on loopback: every `POST /v1/<resource>` creates an object from its form parameters, and an
 * `Idempotency-Key` behaves as Stripe documents it: the first response (status and body) is saved, a repeat
 * with the same key and the same parameters gets it back with `Idempotent-Replayed: true` and creates nothing,
 * a repeat with different parameters is rejected with 400 `idempotency_error`. Requests are decided in one
 * synchronous step once their body has arrived, so there is never a request "in progress" for a key.
 */
export async function startStripeLoopback(): Promise<StripeLoopback> {
  const requests: RecordedRequest[] = [];
  const objects = new Map<string, Record<string, unknown>[]>();
  const saved = new Map<string, StoredResponse>();
  let sequence = 0;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawParams = Buffer.concat(chunks).toString('utf8');
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const method = request.method ?? 'GET';
      const headerKey = request.headers['idempotency-key'];
      const idempotencyKey = Array.isArray(headerKey) ? headerKey[0] : headerKey;
      const params = Object.fromEntries(new URLSearchParams(rawParams));
      const send = (status: number, body: string, replayed: boolean) => {
        requests.push({ method, path, idempotencyKey, replayed, params });
        response.writeHead(status, {
          'Content-Type': 'application/json',
          'Request-Id': `req_${++sequence}`,
          ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}),
        });
        response.end(body);
      };

      if (method === 'POST' && idempotencyKey !== undefined) {
        const first = saved.get(idempotencyKey);
        if (first) {
          if (first.rawParams !== rawParams || first.path !== path) {
            const error = {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            };
            send(400, JSON.stringify({ error }), false);
          } else {
            send(first.status, first.body, true);
          }
          return;
        }
      }

      const [, version, resource, id] = path.split('/');
      let status = 200;
      let body: unknown;
      if (version !== 'v1' || resource === undefined) {
        status = 404;
        body = { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } };
      } else if (method === 'POST' && id === undefined) {
        const prefix = resource === 'payment_intents' ? 'pi' : resource === 'refunds' ? 're' : resource.slice(0, 3);
        const created: Record<string, unknown> = {
          id: `${prefix}_${++sequence}`,
          object: resource.replace(/s$/, ''),
          created: Math.floor(Date.now() / 1000),
          livemode: false,
          ...Object.fromEntries(Object.entries(params).map(([key, value]) => [key, /^\d+$/.test(value) ? Number(value) : value])),
          status: resource === 'payment_intents' ? 'succeeded' : undefined,
        };
        const list = objects.get(`/v1/${resource}`) ?? [];
        list.push(created);
        objects.set(`/v1/${resource}`, list);
        body = created;
      } else if (method === 'GET' && id !== undefined) {
        body = objects.get(`/v1/${resource}`)?.find((object) => object.id === id);
        if (body === undefined) {
          status = 404;
          body = { error: { type: 'invalid_request_error', message: `No such object: '${id}'` } };
        }
      } else {
        status = 404;
        body = { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } };
      }
      const text = JSON.stringify(body);
      if (method === 'POST' && idempotencyKey !== undefined) saved.set(idempotencyKey, { status, body: text, rawParams, path });
      send(status, text, false);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new Stripe('sk_test_race_harness', {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });

  return {
    client,
    requests,
    created: (path) => objects.get(path) ?? [],
    reset: () => {
      requests.length = 0;
      objects.clear();
      saved.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
