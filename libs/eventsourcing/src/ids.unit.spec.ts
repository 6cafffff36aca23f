import { v5 as uuidv5 } from 'uuid';
import { LINCHPIN_NAMESPACE, nameBasedId } from './ids';

describe('nameBasedId', () => {
  it('is the name-based UUID of the name, the same on every call, also after its memo filled and was cleared', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `team:t${i}`);
    for (const name of [...names, ...names.slice(0, 10)]) expect(nameBasedId(name)).toBe(uuidv5(name, LINCHPIN_NAMESPACE));
    expect(nameBasedId('team:payments')).toBe(nameBasedId('team:payments'));
    expect(nameBasedId('team:payments')).not.toBe(nameBasedId('team:operations'));
  });
});
