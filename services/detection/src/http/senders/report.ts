import type { SignalSeverity } from '../../domain/signal';
import { firstLine, isJsonObject, nonBlank } from './payload-fields';
import { ParseResult, parsed, refused, SenderError } from './parse-result';
import { isSignalSeverity, SIGNAL_SEVERITIES } from './severity';

export const REPORT_SUMMARY_LENGTH = 200;
export const REPORT_MAX_NAME_LENGTH = 256;
export const REPORT_MAX_DESCRIPTION_LENGTH = 10_000;

/**
 * A user report (`POST /detection/reports`): `{ reporter, description, service, usersAffected?,
 * severity?, reportKey? }` -> one firing signal from source `user-report`, labelled with the
 * service and the reporter. The summary is the description's first line (200 characters at
 * most); the whole description is the `description` annotation. Severity defaults to `warning`:
 * a person saw something wrong, but no monitor confirmed it. Without a `reportKey` each report is
 * its own alert (no sender key); with one, reports sharing it deduplicate.
 */
export function parseUserReport(body: unknown): ParseResult {
  if (!isJsonObject(body)) return refused([{ field: 'body', reason: 'must be a JSON object' }]);
  const errors: SenderError[] = [];
  const required = (field: string, max: number): string | undefined => {
    const value = nonBlank(body[field]);
    if (value === undefined) errors.push({ field, reason: 'is required: a non-blank string' });
    else if (value.length > max) errors.push({ field, reason: `must be at most ${max} characters` });
    return value?.trim();
  };

  const reporter = required('reporter', REPORT_MAX_NAME_LENGTH);
  const service = required('service', REPORT_MAX_NAME_LENGTH);
  const description = required('description', REPORT_MAX_DESCRIPTION_LENGTH);

  const { usersAffected, severity, reportKey } = body;
  if (usersAffected !== undefined && !(Number.isSafeInteger(usersAffected) && (usersAffected as number) >= 0))
    errors.push({ field: 'usersAffected', reason: 'must be a whole number, 0 or more' });
  if (severity !== undefined && !isSignalSeverity(severity))
    errors.push({ field: 'severity', reason: `must be one of ${SIGNAL_SEVERITIES.join(', ')}` });
  if (reportKey !== undefined && (nonBlank(reportKey) === undefined || (reportKey as string).length > REPORT_MAX_NAME_LENGTH))
    errors.push({ field: 'reportKey', reason: `must be a non-blank string of at most ${REPORT_MAX_NAME_LENGTH} characters` });

  if (errors.length > 0 || reporter === undefined || service === undefined || description === undefined) return refused(errors);
  return parsed([
    {
      ...(reportKey !== undefined ? { senderKey: reportKey as string } : {}),
      status: 'firing',
      summary: firstLine(description, REPORT_SUMMARY_LENGTH),
      severity: (severity as SignalSeverity | undefined) ?? 'warning',
      source: 'user-report',
      labels: { service, reporter },
      annotations: { description },
      ...(usersAffected !== undefined ? { details: { usersAffected } } : {}),
      raw: { ...body },
    },
  ]);
}
