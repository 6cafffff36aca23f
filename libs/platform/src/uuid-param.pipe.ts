import { ArgumentMetadata, Injectable, ParseUUIDPipe } from '@nestjs/common';
import { RequestValidationException } from './problem-details';

/**
 * Nest's ParseUUIDPipe, whose 400 names the parameter: its own says "uuid is expected" and not of which
 * one, and a route with two ids (`/incidents/{id}/notes/{noteId}`) left the caller guessing.
 */
@Injectable()
export class UuidParamPipe extends ParseUUIDPipe {
  static readonly openApiSchema = { type: 'string', format: 'uuid' } as const;

  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    try {
      return await super.transform(value, metadata);
    } catch {
      throw new RequestValidationException([{ field: metadata.data ?? metadata.type, reason: 'must be a UUID' }]);
    }
  }
}
