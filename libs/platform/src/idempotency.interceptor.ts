import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { createHash } from 'crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, defer, finalize, from, mergeMap, of, tap } from 'rxjs';
import { IdempotencyKeyReusedException } from './problem-details';
import type { RequestWithPrincipal } from './access/principal';
import { rateLimitKeyOf } from './rate-limits';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

export interface IdempotencyOptions {
  /** How long an answer is replayed. Default 24 h. */
  ttlMs?: number;
  /** Oldest answers are forgotten beyond this many keys. Default 10 000. */
  maxEntries?: number;
  now?: () => number;
}

type Entry =
  | { state: 'pending'; fingerprint: string; expiresAt: number; settled: Promise<void> }
  | { state: 'done'; fingerprint: string; expiresAt: number; status: number; body: unknown };

/** JSON with sorted keys, so the same body written in another key order has the same fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const copy = (body: unknown): unknown => (body === undefined ? undefined : JSON.parse(JSON.stringify(body)));

/**
 * Honours `Idempotency-Key` on POSTs: the same key, method and path replays the first successful
 * answer (status and body) without running the handler again; the same key with another body is a
 * 422. A repeat that arrives while the first is still running waits for it. A failed request
 * (any error) is not remembered, so the client may retry it with the same key.
 *
 * The cache lives in this process's memory, bounded in size and time: it protects against client
 * retries, not against a retry that lands on another replica or after a restart. Commands stay
 * safe there too, because events written in reaction carry deterministic ids.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: IdempotencyOptions = {}) {
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== 'POST') return next.handle();
    const key = request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
    if (key === undefined) return next.handle();
    if (Array.isArray(key)) throw new BadRequestException(`${IDEMPOTENCY_KEY_HEADER} must be given once`);
    if (key.length === 0 || key.length > 255) {
      throw new BadRequestException(`${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 characters long`);
    }
    const response = context.switchToHttp().getResponse<FastifyReply>();
    // Per caller: one caller's key never replays (or refuses) another's answer. A public route's caller is the
    // credential it carries (an integration key, as its SHA-256), else its address.
    const principal = (request as FastifyRequest & RequestWithPrincipal).principal;
    const caller = principal && principal.kind !== 'anonymous' ? principal.actor : rateLimitKeyOf(request);
    const cacheKey = `${caller} ${request.method} ${request.url.split('?')[0]} ${key}`;
    const fingerprint = createHash('sha256').update(canonicalJson(request.body)).digest('base64url');
    return this.handle(cacheKey, key, fingerprint, response, next);
  }

  private handle(cacheKey: string, key: string, fingerprint: string, response: FastifyReply, next: CallHandler): Observable<unknown> {
    return defer(() => {
      this.evictExpired();
      const entry = this.entries.get(cacheKey);
      if (entry && entry.fingerprint !== fingerprint) throw new IdempotencyKeyReusedException(key);
      if (entry?.state === 'done') {
        response.status(entry.status);
        response.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
        return of(copy(entry.body));
      }
      if (entry?.state === 'pending') {
        return from(entry.settled).pipe(mergeMap(() => this.handle(cacheKey, key, fingerprint, response, next)));
      }
      let settle!: () => void;
      const settled = new Promise<void>((resolve) => (settle = resolve));
      this.remember(cacheKey, { state: 'pending', fingerprint, expiresAt: this.now() + this.ttlMs, settled });
      return next.handle().pipe(
        tap((body) => {
          this.entries.delete(cacheKey);
          this.remember(cacheKey, {
            state: 'done',
            fingerprint,
            expiresAt: this.now() + this.ttlMs,
            status: response.statusCode,
            body: copy(body),
          });
        }),
        finalize(() => {
          if (this.entries.get(cacheKey)?.state === 'pending') this.entries.delete(cacheKey);
          settle();
        }),
      );
    });
  }

  private remember(cacheKey: string, entry: Entry): void {
    this.entries.set(cacheKey, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Entries are kept in insertion order, which is expiry order, so the scan stops at the first live one. */
  private evictExpired(): void {
    const now = this.now();
    for (const [cacheKey, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(cacheKey);
    }
  }
}
