import { createHmac, randomUUID } from 'node:crypto';
import { LinchpinConfig } from '../linchpin-config';
import { LinkRefusedException } from './link-errors';
import { LinkClaims, LinkRefusedError, linkKeyOf, linkTokenLength, signLink, verifyLink } from './signed-link';
import { SignedLinks } from './signed-links';

const ADMIN_TOKEN = 'lp_adminTokenOfThisDeploymentForTests0000000000';
const key = linkKeyOf({ adminToken: ADMIN_TOKEN });
const incidentId = randomUUID();
const personId = randomUUID();
const now = new Date('2030-01-01T00:00:00Z');
const inADay = new Date('2030-01-02T00:00:00Z');
const ack: LinkClaims = { purpose: 'ack', ids: [incidentId, personId], expiresAt: inADay };

/** This process's signed links, at LINCHPIN_PUBLIC_URL `publicUrl`, acknowledge links lasting 2 hours. */
const linksAt = (publicUrl: string): SignedLinks =>
  new SignedLinks(
    new LinchpinConfig({
      serviceName: 'comms',
      port: 3004,
      host: '127.0.0.1',
      sqlitePath: ':memory:',
      sqliteSynchronous: 'FULL',
      logLevel: 'info',
      access: { adminToken: ADMIN_TOKEN, dataDir: '/nonexistent' },
      publicUrl,
      links: { ttlHours: 2 },
    }),
  );

/** Why verifying `token` fails, or undefined when it does not. */
const refusalOf = (token: string, options: { key?: Buffer; at?: Date } = {}) => {
  try {
    verifyLink(options.key ?? key, token, 'ack', options.at ?? now);
    return undefined;
  } catch (error) {
    if (error instanceof LinkRefusedError) return error.refusal;
    throw error;
  }
};

/** The token with one byte of its decoded form changed. */
const flipped = (token: string, index: number): string => {
  const bytes = Buffer.from(token, 'base64url');
  bytes[index] ^= 0x01;
  return bytes.toString('base64url');
};

describe('signed links', () => {
  it('signs a link that verifies to what it says: the incident, the person and when it expires', () => {
    const token = signLink(key, ack);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).toHaveLength(linkTokenLength('ack'));
    // A path parameter may have at most 100 characters (Fastify's maxParamLength).
    expect(token.length).toBeLessThanOrEqual(100);
    expect(verifyLink(key, token, 'ack', now)).toEqual({ purpose: 'ack', ids: [incidentId, personId], expiresAt: inADay });
  });

  it('refuses a link altered anywhere: in the incident, the person, the expiry or the signature itself', () => {
    const token = signLink(key, ack);
    for (const index of [2, 18, 35, 39, 40, 71]) expect(refusalOf(flipped(token, index))).toBe('signature');
    // Two genuine links spliced together are neither.
    const [a, b] = [signLink(key, ack), signLink(key, { ...ack, ids: [incidentId, randomUUID()] })];
    expect(refusalOf(a.slice(0, 48) + b.slice(48))).toBe('signature');
  });

  it('refuses a link signed with another key: another secret, or another admin token', () => {
    const token = signLink(key, ack);
    expect(refusalOf(token, { key: linkKeyOf({ adminToken: `${ADMIN_TOKEN}x` }) })).toBe('signature');
    expect(refusalOf(token, { key: linkKeyOf({ linkSecret: 'a-link-secret-of-at-least-32-characters', adminToken: ADMIN_TOKEN }) })).toBe('signature');
  });

  it('refuses an expired link, from the second it expires', () => {
    const token = signLink(key, ack);
    expect(refusalOf(token, { at: new Date(inADay.getTime() - 1000) })).toBeUndefined();
    expect(refusalOf(token, { at: inADay })).toBe('expired');
    expect(refusalOf(token, { at: new Date('2031-01-01T00:00:00Z') })).toBe('expired');
  });

  it('refuses what is not a token: empty, cut short, too long, another alphabet, another spelling of the same bytes', () => {
    const token = signLink(key, ack);
    expect(refusalOf('')).toBe('malformed');
    expect(refusalOf('abc')).toBe('malformed');
    expect(refusalOf(token.slice(0, 20))).toBe('malformed');
    expect(refusalOf(`${token}==`)).toBe('malformed');
    expect(refusalOf(token.replace(/^./, '+'))).toBe('malformed');
    expect(refusalOf('x'.repeat(600))).toBe('malformed');
    // Cut by a few characters it still decodes, but it is not what was signed.
    expect(refusalOf(token.slice(0, -4))).toBe('signature');
  });

  it('refuses a link signed for another purpose (a layout this version does not know)', () => {
    const token = signLink(key, ack);
    const bytes = Buffer.from(token, 'base64url');
    const payload = bytes.subarray(0, bytes.length - 32);
    const resigned = (changed: Buffer) => Buffer.concat([changed, createHmac('sha256', key).update(changed).digest()]).toString('base64url');
    const otherPurpose = Buffer.from(payload);
    otherPurpose[1] = 9;
    expect(refusalOf(resigned(otherPurpose))).toBe('purpose');
    const otherVersion = Buffer.from(payload);
    otherVersion[0] = 2;
    expect(refusalOf(resigned(otherVersion))).toBe('purpose');
  });

  it('an unsubscribe link names its subscription for a year; an acknowledge link is no unsubscribe link, nor the reverse', () => {
    const links = linksAt('https://ops.example.com');
    const subscriptionId = randomUUID();
    const prefix = 'https://ops.example.com/comms/links/unsubscribe/';
    const token = links.unsubscribeUrl(subscriptionId, now).slice(prefix.length);
    expect(token).toHaveLength(linkTokenLength('unsubscribe'));
    expect(links.unsubscribeLinkOf(token, now)).toEqual({ subscriptionId, expiresAt: new Date('2031-01-01T00:00:00Z') });
    const refusal = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        return (error as LinkRefusedException).code;
      }
    };
    expect(refusal(() => links.unsubscribeLinkOf(token, new Date('2031-01-01T00:00:00Z')))).toBe('link_expired');
    expect(refusal(() => links.acknowledgeLinkOf(token, now))).toBe('link_wrong_purpose');
    expect(refusal(() => links.unsubscribeLinkOf(signLink(key, ack), now))).toBe('link_wrong_purpose');
  });

  it('derives its key from the admin token (HKDF): never the admin token itself; LINCHPIN_LINK_SECRET replaces it', () => {
    expect(linkKeyOf({ adminToken: ADMIN_TOKEN })).toEqual(key);
    expect(key).toHaveLength(32);
    expect(key.toString('utf8')).not.toContain(ADMIN_TOKEN);
    const secret = 'a-link-secret-of-at-least-32-characters';
    expect(linkKeyOf({ linkSecret: secret, adminToken: ADMIN_TOKEN })).toEqual(linkKeyOf({ linkSecret: secret, adminToken: 'another admin token entirely, same key' }));
  });

  it('makes acknowledge URLs from LINCHPIN_PUBLIC_URL valid for the configured hours, and reads them back (a 401 naming why otherwise)', () => {
    const links = linksAt('https://ops.example.com/linchpin');
    const url = links.acknowledgeUrl(incidentId, personId, now);
    const prefix = 'https://ops.example.com/linchpin/coordination/links/acknowledge/';
    expect(url.startsWith(prefix)).toBe(true);
    const token = url.slice(prefix.length);
    expect(verifyLink(key, token, 'ack', now).expiresAt).toEqual(new Date('2030-01-01T02:00:00Z'));
    expect(links.acknowledgeLinkOf(token, now)).toEqual({ incidentId, personId, expiresAt: new Date('2030-01-01T02:00:00Z') });
    const expired = (() => {
      try {
        links.acknowledgeLinkOf(token, new Date('2030-01-01T02:00:00Z'));
      } catch (error) {
        return error;
      }
    })();
    expect(expired).toBeInstanceOf(LinkRefusedException);
    expect((expired as LinkRefusedException).code).toBe('link_expired');
    expect((expired as LinkRefusedException).getStatus()).toBe(401);
  });
});
