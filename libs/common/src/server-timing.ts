import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The minimum of a response this needs: set a header while the headers are not yet sent. */
interface HeaderTarget {
  headersSent: boolean;
  setHeader(name: string, value: string): unknown;
}

/**
 * Where one request spent its time, sent as the standard `Server-Timing` response header
 * (`auth;dur=1.2, demand;dur=0.8, …, total;dur=54.1`, durations in milliseconds; browsers' developer tools and any
 * HTTP client read it). Attached to every request by `useServerTiming` at its start; the auth guard records its
 * phase into it, and a handler that wants its phases seen records them and calls `send` before it answers.
 * Only handlers that call `send` emit the header.
 */
export class ServerTiming {
  private readonly phases: Array<{ name: string; dur: number; desc?: string }> = [];

  constructor(
    private readonly response: HeaderTarget,
    /** performance.now() when the request reached the application. */
    readonly startedAt = performance.now(),
  ) {}

  /** A phase of `dur` milliseconds; `name` is a token (letters, digits, `-`, `_`). */
  add(name: string, dur: number, desc?: string): void {
    this.phases.push({ name, dur, desc });
  }

  /** Times a step and records it as a phase (also when it throws). */
  async measure<T>(name: string, step: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await step();
    } finally {
      this.add(name, performance.now() - started);
    }
  }

  /** The header value, with `total` = from the request's arrival until now. */
  header(now = performance.now()): string {
    return [...this.phases, { name: 'total', dur: now - this.startedAt, desc: undefined }]
      .map((p) => `${p.name};dur=${p.dur.toFixed(2)}${p.desc ? `;desc="${p.desc.replace(/["\\]/g, '')}"` : ''}`)
      .join(', ');
  }

  /** Sets the header (the response body, serialised after this, is not in `total`). */
  send(): void {
    if (!this.response.headersSent) this.response.setHeader('Server-Timing', this.header());
  }
}

export interface TimedRequest {
  serverTiming?: ServerTiming;
}

/** Express middleware: a ServerTiming on every request, started as it arrives (mount it first). */
export function useServerTiming(req: TimedRequest, res: HeaderTarget, next: () => void): void {
  req.serverTiming = new ServerTiming(res);
  next();
}

/**
 * Parses a `Server-Timing` header (clients, benchmarks): each metric's duration and description by name; parts
 * without a duration are skipped.
 */
export function parseServerTiming(header: string | null | undefined): Map<string, { dur: number; desc?: string }> {
  const out = new Map<string, { dur: number; desc?: string }>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    const param = (key: string) =>
      params.map((p) => new RegExp(`^\\s*${key}=(.*?)\\s*$`).exec(p)?.[1]).find((v) => v !== undefined);
    const dur = param('dur');
    if (name && dur !== undefined)
      out.set(name.trim(), { dur: Number(dur), desc: param('desc')?.replace(/^"|"$/g, '') });
  }
  return out;
}

/** The request's ServerTiming (always present behind `useServerTiming`; a fresh detached one otherwise). */
export const RequestTiming = createParamDecorator((_data: unknown, ctx: ExecutionContext): ServerTiming => {
  const req = ctx.switchToHttp().getRequest<TimedRequest>();
  return (req.serverTiming ??= new ServerTiming(ctx.switchToHttp().getResponse<HeaderTarget>()));
});
