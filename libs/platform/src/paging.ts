import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { RequestValidationException } from './problem-details';

/** Every list route pages the same way: `limit` (1–200, default 50) and an opaque `cursor`. */
export const PAGE_LIMIT = { min: 1, max: 200, default: 50 } as const;
export const CURSOR_MAX_LENGTH = 1024;

/**
 * The paging parameters of a list route: its query DTO extends this. A limit out of range is a 400
 * naming `limit` (never clamped: a client asking for 500 learns the maximum rather than getting 200).
 */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: PAGE_LIMIT.min, maximum: PAGE_LIMIT.max, default: PAGE_LIMIT.default, description: 'Items per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(PAGE_LIMIT.min)
  @Max(PAGE_LIMIT.max)
  limit?: number;

  @ApiPropertyOptional({ maxLength: CURSOR_MAX_LENGTH, description: 'Opaque: the `nextCursor` of the previous page (send the same filters with it)' })
  @IsOptional()
  @IsString()
  @MaxLength(CURSOR_MAX_LENGTH)
  cursor?: string;
}

/** The limit a page query asked for, or the default. */
export const pageLimit = (query: Pick<PageQueryDto, 'limit'>): number => query.limit ?? PAGE_LIMIT.default;

/** The one answer to a cursor this API did not hand out (or for other filters' keys). */
export const invalidCursor = (): RequestValidationException =>
  new RequestValidationException([{ field: 'cursor', reason: 'cursor must be the nextCursor of a previous page' }]);

/** A cursor names the sort key of the last item of the previous page (keyset paging: stable while items come and go). */
export const encodeCursor = (key: readonly unknown[]): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/** The key a cursor names, if it is one `isKey` accepts; else the 400 of invalidCursor. */
export function decodeCursor<K extends unknown[]>(cursor: string, isKey: (key: unknown[]) => key is K): K {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(key) || !isKey(key)) throw invalidCursor();
  return key;
}

/** A key of `length` strings, for decodeCursor. */
export const isStringKey =
  <N extends number>(length: N) =>
  (key: unknown[]): key is string[] =>
    key.length === length && key.every((part) => typeof part === 'string');
