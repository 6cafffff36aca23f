import { readFileSync } from 'fs';
import { join } from 'path';
import { MINIMUM_NODE, isSupportedNode } from './supported-node';

describe('supported Node.js', () => {
  it('is the minimum package.json engines declares', () => {
    const { engines } = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { engines: { node: string } };
    expect(engines.node).toBe(`>=${MINIMUM_NODE.major}.${MINIMUM_NODE.minor}`);
  });

  it.each([
    ['20.20.2', false],
    ['22.11.0', false],
    ['22.14.0', false],
    ['22.15.0', true],
    ['24.22.3', true],
    ['26.0.0', true],
  ])('Node.js %s supported: %s', (version, supported) => {
    expect(isSupportedNode(version)).toBe(supported);
  });
});
