import { Injectable, PipeTransform } from '@nestjs/common';
import { RequestValidationException } from '@linchpin/platform';

/** C0 and C1 control characters, DEL, and the path separator. */
const FORBIDDEN = '\\u0000-\\u001f\\u007f-\\u009f/';

/**
 * A service name in a path (`/detection/services/{service}/correlation`): what alerts carry in
 * their `service` label, so any text but a blank one, one with a control character, or one with a
 * `/` (a path is not a name: `../../x` would be stored and shown as one).
 */
@Injectable()
export class ServiceNamePipe implements PipeTransform<string, string> {
  /** What the OpenAPI document says of the parameter (see the platform's DocumentedPipe). */
  static readonly openApiSchema = { type: 'string', pattern: `^[^${FORBIDDEN}]*[^${FORBIDDEN}\\s][^${FORBIDDEN}]*$` } as const;
  private static readonly valid = new RegExp(ServiceNamePipe.openApiSchema.pattern);

  transform(value: string): string {
    if (!ServiceNamePipe.valid.test(value)) {
      throw new RequestValidationException([{ field: 'service', reason: 'a service name is not blank and has no control character and no "/"' }]);
    }
    return value;
  }
}
