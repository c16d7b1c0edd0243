import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small embedding service speaking the real protocols Meilisearch's `rest` embedder is pointed at in production:
 * OpenAI-compatible `POST /v1/embeddings` ({ model, input } → { data: [{ embedding, index }] }) and
 * text-embeddings-inference `POST /embed` ({ inputs } → [[…]]). Its "model" is deterministic: the text's character
 * bigrams hashed (with the model name as salt, so a model change really changes every vector) into a fixed number of
 * dimensions, then L2-normalised. Texts sharing bigrams get close vectors, which is enough to prove hybrid search.
 */
export interface EmbeddingServer {
  url: string;
  /** Texts embedded so far, per model name. */
  calls: Map<string, number>;
  /** Requests with a wrong or missing bearer key (when `apiKey` is set). */
  unauthorised: number;
  /** The model the TEI endpoint serves (it has no `model` field); changeable by the test. */
  teiModel: string;
  close(): Promise<void>;
}

export function embedText(text: string, model: string, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  const chars = [...text.replace(/\s+/g, '')];
  const grams = chars.length > 1 ? chars.slice(1).map((c, i) => chars[i] + c) : chars;
  for (const g of grams) {
    const h = createHash('md5').update(`${model}\u0000${g}`).digest();
    const slot = h.readUInt32BE(0) % dimensions;
    v[slot] += h[4] & 1 ? 1 : -1;
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return norm === 0 ? v.map((_, i) => (i === 0 ? 1 : 0)) : v.map((x) => x / norm);
}

function body(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (err) {
        reject(err as Error);
      }
    });
    req.on('error', reject);
  });
}

export async function startEmbeddingServer(
  options: { port?: number; dimensions?: number; apiKey?: string } = {},
): Promise<EmbeddingServer> {
  const dimensions = options.dimensions ?? 64;
  const state = { calls: new Map<string, number>(), unauthorised: 0, teiModel: 'tei-hash-v1' };
  const count = (model: string, n: number) => state.calls.set(model, (state.calls.get(model) ?? 0) + n);
  const server: Server = createServer((req, res) => {
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      state.unauthorised++;
      return reply(401, { error: { message: 'invalid api key', type: 'invalid_request_error' } });
    }
    body(req)
      .then((raw) => {
        const json = raw as { model?: string; input?: string | string[]; inputs?: string | string[] };
        if (req.method === 'POST' && req.url === '/v1/embeddings') {
          const model = json.model ?? 'default';
          const inputs = Array.isArray(json.input) ? json.input : [json.input ?? ''];
          count(model, inputs.length);
          return reply(200, {
            object: 'list',
            model,
            data: inputs.map((t, index) => ({
              object: 'embedding',
              index,
              embedding: embedText(t, model, dimensions),
            })),
            usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
          });
        }
        if (req.method === 'POST' && req.url === '/embed') {
          const inputs = Array.isArray(json.inputs) ? json.inputs : [json.inputs ?? ''];
          count(state.teiModel, inputs.length);
          return reply(
            200,
            inputs.map((t) => embedText(t, state.teiModel, dimensions)),
          );
        }
        reply(404, { error: { message: `no route ${req.method} ${req.url}` } });
      })
      .catch((err: Error) => reply(400, { error: { message: err.message } }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get calls() {
      return state.calls;
    },
    get unauthorised() {
      return state.unauthorised;
    },
    get teiModel() {
      return state.teiModel;
    },
    set teiModel(m: string) {
      state.teiModel = m;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
