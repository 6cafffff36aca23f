import { Injectable } from '@nestjs/common';

/**
 * A token bucket per key (an integration): `perMinute` events a minute on average, bursts up to
 * the same number. Per process: with several replicas the limit is per replica.
 */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes one token; false when the bucket is empty (answer 429). `now` in ms. */
  take(key: string, perMinute: number, now: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
