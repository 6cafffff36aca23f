import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const eslint = join(root, 'node_modules', '.bin', 'eslint');

/** The messages ESLint, with the workspace's own config, gives for `source` as if it were the file at `path`. */
const lint = (path: string, source: string): string[] => {
  let output: string;
  try {
    output = execFileSync(eslint, ['--format', 'json', '--stdin', '--stdin-filename', path], { cwd: root, input: source, encoding: 'utf8' });
  } catch (error) {
    // ESLint exits 1 when it found problems; its JSON report is on stdout all the same.
    output = (error as { stdout: string }).stdout;
  }
  const [file] = JSON.parse(output) as { messages: { ruleId: string | null; message: string }[] }[];
  return file.messages.map((m) => `${m.ruleId}: ${m.message}`);
};

describe('the workspace lint rules on the command path (docs/adding-a-slice.md)', () => {
  it('refuse a handler that runs the kernel with a stream name or an upcaster by hand', () => {
    const handler = "import { executeCommand, UpcasterChain } from '@linchpin/eventsourcing';\nexport const run = [executeCommand, UpcasterChain];\n";
    const messages = lint('services/coordination/src/application/example.handlers.ts', handler);
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-imports: 'executeCommand' import .* is restricted/),
      expect.stringMatching(/^no-restricted-imports: 'UpcasterChain' import .* is restricted/),
    ]);
  }, 60_000);

  it('refuse the contracts’ upcaster list and a binding outside domain/streams.ts', () => {
    const source = "import { upcasters } from '@linchpin/contracts';\nimport { commandHandler } from '@linchpin/eventsourcing';\nexport const run = [upcasters, commandHandler];\n";
    expect(lint('services/comms/src/application/example.ts', source)).toEqual([
      expect.stringMatching(/'upcasters' import .* is restricted/),
      expect.stringMatching(/'commandHandler' import .* is restricted/),
    ]);
  }, 60_000);

  it('let domain/streams.ts bind a decider to its stream once', () => {
    const bindings =
      "import { commandHandler, Decider } from '@linchpin/eventsourcing';\nimport { upcast } from '@linchpin/contracts';\n" +
      "declare const decider: Decider<{ id: string }, unknown>;\nexport const things = commandHandler(decider, ({ id }: { id: string }) => `thing-${id}`, { upcast });\n";
    expect(lint('services/comms/src/domain/streams.ts', bindings)).toEqual([]);
  }, 60_000);

  it('refuse the store in a route', () => {
    const route = "import { EVENT_STORE } from '@linchpin/eventsourcing';\nexport const token = EVENT_STORE;\n";
    expect(lint('services/detection/src/http/example.controller.ts', route)).toEqual([expect.stringMatching(/'EVENT_STORE' import .* is restricted.*http\/ does not touch the store/)]);
  }, 60_000);
});
