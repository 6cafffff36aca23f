import { validateSync } from 'class-validator';
import { RequestValidationException } from './problem-details';
import { IsNotBlank, MaxUtf16Length, NoControlChars, ServiceNameParamPipe } from './text-validators';

class Named {
  @NoControlChars() name?: unknown;
  @NoControlChars({ each: true }) labels?: unknown;
  @IsNotBlank() message?: unknown;
}

const failures = (values: Partial<Named>) =>
  validateSync(Object.assign(new Named(), { message: 'ok', ...values })).map((e) => [e.property, Object.values(e.constraints ?? {})[0]]);

describe('names, identifiers and text refused at the door', () => {
  it('refuses control characters, line separators and bidirectional overrides in a name, each item of a list too', () => {
    for (const name of ['a\nb', 'a\rb', 'a\tb', 'a\u0000b', 'a\u001b[31mb', 'a\u007fb', 'a\u0085b', 'a\u2028b', '\u202etxt.exe', 'a\u2066b']) {
      expect(failures({ name })).toEqual([['name', 'name must not contain control characters (line breaks, tabs, NUL, escapes, bidirectional overrides)']]);
    }
    expect(failures({ labels: ['ok', 'no\u0007pe'] })).toEqual([['labels', expect.stringContaining('control characters')]]);
    expect(failures({ name: 'Équipe SRE — Paris (prod) 日本', labels: ['a', 'b'] })).toEqual([]);
  });

  it('refuses a blank text, accepting one with line breaks', () => {
    for (const message of ['', '   ', ' \t\n ']) expect(failures({ message })).toEqual([['message', 'message must not be blank']]);
    expect(failures({ message: 'Rolled back.\nWatching.' })).toEqual([]);
  });

  it('takes a service name in the path only when it is letters, digits, ".", "_" and "-"', () => {
    const pipe = new ServiceNameParamPipe();
    for (const ok of ['checkout', 'Checkout-API', 'svc_1.eu']) expect(pipe.transform(ok)).toBe(ok);
    for (const bad of ['../../x', '..', '.hidden', 'check out', 'checkout\n', 'a/b', '', 'x'.repeat(101)]) {
      expect(() => pipe.transform(bad)).toThrow(RequestValidationException);
    }
  });

  it('counts a length in UTF-16 code units, as the event contracts do: an emoji is 2', () => {
    class Limited {
      @MaxUtf16Length(4) text?: unknown;
    }
    const errors = (text: string) => validateSync(Object.assign(new Limited(), { text })).map((e) => Object.values(e.constraints ?? {})[0]);
    expect(errors('😀😀')).toEqual([]);
    expect(errors('abcd')).toEqual([]);
    expect(errors('😀😀x')).toEqual(['text must be at most 4 UTF-16 code units long (an emoji or other character beyond the Basic Multilingual Plane counts as 2)']);
    expect(errors('😀😀😀')).toHaveLength(1);
  });
});
