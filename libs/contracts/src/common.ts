import { Type } from '@sinclair/typebox';

export const Uuid = Type.String({ format: 'uuid' });
export const IsoTime = Type.String({ format: 'date-time' });
export const Labels = Type.Record(Type.String(), Type.String());
export const Severity = Type.Union([
  Type.Literal('critical'),
  Type.Literal('error'),
  Type.Literal('warning'),
  Type.Literal('info'),
]);
export const Priority = Type.Union([
  Type.Literal('P1'),
  Type.Literal('P2'),
  Type.Literal('P3'),
  Type.Literal('P4'),
  Type.Literal('P5'),
]);
export const Level = Type.Integer({ minimum: 1, maximum: 4 });
export const SevLevel = Type.Union([Type.Literal('SEV1'), Type.Literal('SEV2'), Type.Literal('SEV3'), Type.Literal('SEV4')]);
