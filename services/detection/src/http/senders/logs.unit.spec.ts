import { levelOf, splitLogLines } from './logs';

describe('splitLogLines', () => {
  it('reads NDJSON with each field name shippers use', () => {
    const body = [
      '{"message":"db timeout","level":"error","timestamp":"2024-05-01T10:00:00Z","host":"api-1"}',
      '{"msg":"slow query","severity":"WARNING","time":1714557600123}',
      '{"log":"started","lvl":30,"ts":1714557600.5}',
      '{"@timestamp":"2024-05-01T12:00:00+02:00","level":"info"}',
    ].join('\n');
    expect(splitLogLines(body, 'application/x-ndjson').lines).toEqual([
      { message: 'db timeout', level: 'error', at: '2024-05-01T10:00:00.000Z', fields: { host: 'api-1' } },
      { message: 'slow query', level: 'warn', at: '2024-05-01T10:00:00.123Z', fields: {} },
      { message: 'started', level: 'info', at: '2024-05-01T10:00:00.500Z', fields: {} },
      // No message field: the object itself is the text a pattern sees.
      { message: '{"@timestamp":"2024-05-01T12:00:00+02:00","level":"info"}', level: 'info', at: '2024-05-01T10:00:00.000Z', fields: {} },
    ]);
  });

  it('reads a JSON array, as text or as already parsed by the HTTP layer', () => {
    const array = [{ message: 'a', level: 'warn' }, 'plain ERROR text'];
    const expected = [{ message: 'a', level: 'warn', fields: {} }, { message: 'plain ERROR text', fields: {} }];
    expect(splitLogLines(JSON.stringify(array), 'application/json').lines).toEqual(expected);
    expect(splitLogLines(array, 'application/json').lines).toEqual(expected);
    expect(splitLogLines({ msg: 'one object' }, 'application/json').lines).toEqual([{ message: 'one object', fields: {} }]);
    expect(splitLogLines('{\n  "msg": "pretty",\n  "level": "error"\n}', 'application/json').lines).toEqual([
      { message: 'pretty', level: 'error', fields: {} },
    ]);
  });

  it('reads plain text lines, guessing the level from a leading word after an optional time', () => {
    const body = 'ERROR payment gateway refused\r\n\n[WARN] retry 3/5\n2024-05-01T10:00:00Z fatal: out of memory\nuser logged in\nINFO\n';
    expect(splitLogLines(body, 'text/plain; charset=utf-8').lines).toEqual([
      { message: 'ERROR payment gateway refused', level: 'error', fields: {} },
      { message: '[WARN] retry 3/5', level: 'warn', fields: {} },
      { message: '2024-05-01T10:00:00Z fatal: out of memory', level: 'fatal', at: '2024-05-01T10:00:00.000Z', fields: {} },
      { message: 'user logged in', fields: {} },
      { message: 'INFO', level: 'info', fields: {} },
    ]);
  });

  it('keeps JSON-looking lines as text when the content type says text', () => {
    expect(splitLogLines('{"message":"x"}', 'text/plain').lines).toEqual([{ message: '{"message":"x"}', fields: {} }]);
  });

  it('reads a line that is not JSON among NDJSON as plain text instead of refusing the batch', () => {
    const lines = splitLogLines('{"message":"ok"}\n{broken\nWARN disk 91%', 'application/x-ndjson').lines;
    expect(lines.map((line) => [line.message, line.level])).toEqual([
      ['ok', undefined],
      ['{broken', undefined],
      ['WARN disk 91%', 'warn'],
    ]);
  });

  it('finds no lines in a body that holds none', () => {
    expect(splitLogLines(null, 'application/json').lines).toEqual([]);
    expect(splitLogLines('\n\n', 'text/plain').lines).toEqual([]);
  });
});

describe('levelOf', () => {
  it.each([
    ['ERR', 'error'],
    ['Warning', 'warn'],
    ['critical', 'fatal'],
    [60, 'fatal'],
    [50, 'error'],
    [10, 'trace'],
    ['40', 'warn'],
    [3, 'error'],
    [7, 'debug'],
  ])('reads %p as %s', (value, level) => {
    expect(levelOf(value)).toBe(level);
  });

  it('reads words it does not know as no level', () => {
    expect(levelOf('loud')).toBeUndefined();
    expect(levelOf(8)).toBeUndefined();
  });
});
