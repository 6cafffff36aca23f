import { validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { RequestValidationException } from '@linchpin/platform';
import { analyticsWindow } from './analytics.controller';
import { AnalyticsQueryDto } from './analytics.dto';

const now = new Date('2026-03-10T00:00:00Z');
const refusedFields = (query: AnalyticsQueryDto): string[] => {
  try {
    analyticsWindow(query, now);
  } catch (error) {
    if (error instanceof RequestValidationException) return error.errors.map((e) => e.field);
    throw error;
  }
  return [];
};

describe('the analytics window (from, to)', () => {
  it('takes times with a zone', () => {
    expect(analyticsWindow({ from: '2026-02-28T00:00:00Z', to: '2026-03-01T00:00:00+01:00' }, now)).toEqual({ from: new Date('2026-02-28T00:00:00Z'), to: new Date('2026-02-28T23:00:00Z') });
  });

  it('refuses a date that does not exist, naming the field, rather than counting from 2 March', () => {
    expect(refusedFields({ from: '2026-02-30T00:32:43Z' })).toEqual(['from']);
    expect(refusedFields({ from: '2026-02-01T00:00:00Z', to: '2026-02-30T00:32:43Z' })).toEqual(['to']);
    expect(refusedFields({ to: '2026-03-01T24:00:00Z' })).toEqual(['to']);
  });

  it('is refused by the query’s validation first, with the same words for from and to', () => {
    const errors = validateSync(plainToInstance(AnalyticsQueryDto, { from: '2026-02-30T00:32:43Z', to: '2026-03-01T24:00:00Z' }));
    expect(errors.map((e) => [e.property, Object.values(e.constraints ?? {})[0]])).toEqual([
      ['from', expect.stringMatching(/^from must be an ISO 8601 date-time with a zone/)],
      ['to', expect.stringMatching(/^to must be an ISO 8601 date-time with a zone/)],
    ]);
  });
});
