import { Injectable } from '@nestjs/common';
import { resolveAdminToken } from '../access/admin-token';
import { LinchpinConfig } from '../linchpin-config';
import { LinkRefusedException } from './link-errors';
import { LinkClaims, LinkPurpose, LinkRefusedError, linkKeyOf, signLink, verifyLink } from './signed-link';

/**
 * Coordination's route that acknowledges by link (`GET` previews, `POST` acts), under the service's
 * prefix. Here because comms builds the links and coordination answers them, and a service never
 * imports another: both name the route through this constant.
 */
export const ACKNOWLEDGE_LINK_ROUTE = 'coordination/links/acknowledge';

/**
 * Comms' route that cancels a subscription by link (`GET` previews, `POST` acts), named here beside
 * the acknowledge route so every signed link of the deployment is listed in one place.
 */
export const UNSUBSCRIBE_LINK_ROUTE = 'comms/links/unsubscribe';

/**
 * How long an unsubscribe link works: a year, so a message read long after it was sent still lets its reader
 * stop the next ones (an acknowledge link is short-lived because it acts on a live incident; this one only cancels).
 */
export const UNSUBSCRIBE_LINK_TTL_HOURS = 365 * 24;

/** What an acknowledge link says, once its signature and expiry are checked. */
export interface AcknowledgeLink {
  incidentId: string;
  /** The person paged: the link acknowledges as `person:<personId>`. */
  personId: string;
  expiresAt: Date;
}

/** What an unsubscribe link says, once its signature and expiry are checked. */
export interface UnsubscribeLink {
  subscriptionId: string;
  expiresAt: Date;
}

/**
 * Makes and reads the signed links of this process (signed-link.ts), with its key
 * (LINCHPIN_LINK_SECRET, else derived from the admin token) and LINCHPIN_PUBLIC_URL. Provided to
 * every app by InfrastructureModule. The key is resolved on first use, after start-up resolved the
 * admin token, so making this provider never creates a token file.
 */
@Injectable()
export class SignedLinks {
  private key?: Buffer;

  constructor(private readonly config: LinchpinConfig) {}

  /** `<LINCHPIN_PUBLIC_URL>/coordination/incidents/<incidentId>`: the incident's page (not a credential: it needs a token). */
  incidentUrl(incidentId: string): string {
    return `${this.config.publicUrl}/coordination/incidents/${incidentId}`;
  }

  /** `<LINCHPIN_PUBLIC_URL>/coordination/links/acknowledge/<token>`: `personId` acknowledges `incidentId`, for LINCHPIN_LINK_TTL_HOURS after `issuedAt`. */
  acknowledgeUrl(incidentId: string, personId: string, issuedAt: Date): string {
    const expiresAt = new Date(issuedAt.getTime() + this.config.links.ttlHours * 3_600_000);
    return `${this.config.publicUrl}/${ACKNOWLEDGE_LINK_ROUTE}/${signLink(this.signingKey(), { purpose: 'ack', ids: [incidentId, personId], expiresAt })}`;
  }

  /** The incident and person of an acknowledge link's token valid at `now`; a 401 LinkRefusedException saying why not. */
  acknowledgeLinkOf(token: string, now: Date): AcknowledgeLink {
    const { ids, expiresAt } = this.verified(token, 'ack', now);
    return { incidentId: ids[0], personId: ids[1], expiresAt };
  }

  /** `<LINCHPIN_PUBLIC_URL>/comms/links/unsubscribe/<token>`: cancels subscription `subscriptionId`, for a year after `issuedAt`. */
  unsubscribeUrl(subscriptionId: string, issuedAt: Date): string {
    const expiresAt = new Date(issuedAt.getTime() + UNSUBSCRIBE_LINK_TTL_HOURS * 3_600_000);
    return `${this.config.publicUrl}/${UNSUBSCRIBE_LINK_ROUTE}/${signLink(this.signingKey(), { purpose: 'unsubscribe', ids: [subscriptionId], expiresAt })}`;
  }

  /** The subscription an unsubscribe link's token names, valid at `now`; a 401 LinkRefusedException saying why not. */
  unsubscribeLinkOf(token: string, now: Date): UnsubscribeLink {
    const { ids, expiresAt } = this.verified(token, 'unsubscribe', now);
    return { subscriptionId: ids[0], expiresAt };
  }

  private verified(token: string, purpose: LinkPurpose, now: Date): LinkClaims {
    try {
      return verifyLink(this.signingKey(), token, purpose, now);
    } catch (error) {
      if (error instanceof LinkRefusedError) throw new LinkRefusedException(error.refusal);
      throw error;
    }
  }

  private signingKey(): Buffer {
    this.key ??= linkKeyOf({ linkSecret: this.config.links.secret, adminToken: resolveAdminToken(this.config.access).token });
    return this.key;
  }
}
