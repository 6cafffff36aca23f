import { compileLinearPattern } from '@linchpin/patterns';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * Why a log rule's pattern cannot run on the linear-time engine, judged with the rule's own flags
 * (when those are valid: a bad flag is the flags field's error, not the pattern's).
 */
export function patternProblem(pattern: unknown, flags: unknown): string | undefined {
  if (typeof pattern !== 'string') return undefined;
  const withFlags = compileLinearPattern(pattern, typeof flags === 'string' ? flags : '');
  const result = !withFlags.ok && withFlags.problem.part === 'flags' ? compileLinearPattern(pattern) : withFlags;
  return result.ok ? undefined : result.problem.reason;
}

/**
 * Refused here, as bad input (400 naming the field), rather than by the integration decider (409):
 * the decider's own check stays as the guard of what is stored.
 */
export function IsLinearPattern(flagsProperty: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLinearPattern',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => patternProblem(value, (args.object as Record<string, unknown>)[flagsProperty]) === undefined,
        defaultMessage: (args: ValidationArguments) => patternProblem(args.value, (args.object as Record<string, unknown>)[flagsProperty]) ?? 'is not a usable pattern',
      },
    });
}
