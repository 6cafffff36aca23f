import { Injectable } from '@nestjs/common';
import { resolveAdminToken } from '../access/admin-token';
import { LinchpinConfig } from '../linchpin-config';
import { LinkRefusedException } from './link-errors';
import { LinkRefusedError, linkKeyOf, signLink, verifyLink } from './signed-link';

/**
 * Coordination's route that acknowledges by link (`GET` previews, `POST` acts), under the service's
 * prefix. Here because comms builds the links and coordination answers them, and a service never
 * imports another: both name the route through this constant.
 */
export const ACKNOWLEDGE_LINK_ROUTE = 'coordination/links/acknowledge';

/** What an acknowledge link says, once its signature and expiry are checked. */
export interface AcknowledgeLink {
  incidentId: string;
  /** The person paged: the link acknowledges as `person:<personId>`. */
  personId: string;
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
    try {
      const { ids, expiresAt } = verifyLink(this.signingKey(), token, 'ack', now);
      return { incidentId: ids[0], personId: ids[1], expiresAt };
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
