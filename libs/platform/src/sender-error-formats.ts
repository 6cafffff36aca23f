import { ProblemDetails } from './problem-details';

/**
 * Compatibility endpoints answer errors in their sender's format, not problem+json
 * (docs/architecture.md#http-conventions: `/v2/enqueue` answers exactly as PagerDuty does),
 * including errors raised before the handler runs (a body that is not JSON). A service registers
 * the format of its paths once, at load.
 */
export type SenderErrorFormat = (problem: ProblemDetails) => { status: number; contentType: string; body: unknown };

const formats: { paths: string[]; format: SenderErrorFormat }[] = [];

export function registerSenderErrorFormat(paths: string[], format: SenderErrorFormat): void {
  formats.push({ paths, format });
}

/** The format of the path (query string ignored), if one is registered. */
export function senderErrorFormatOf(url: string): SenderErrorFormat | undefined {
  const path = url.split('?')[0];
  return formats.find((f) => f.paths.includes(path))?.format;
}
