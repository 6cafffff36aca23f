import { AllowedRanges, parseAddress, parseCidr, refusalOfAddress } from './address-policy';

const none = new AllowedRanges();

describe('refusalOfAddress', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'an unspecified address'],
    ['169.254.169.254', 'a link-local address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['100.64.0.1', 'a carrier-grade NAT (shared) address'],
    ['::1', 'a loopback address'],
    ['::', 'an unspecified address'],
    ['fd00::1', 'a unique-local address'],
    ['fc00::1', 'a unique-local address'],
    ['fe80::1', 'a link-local address'],
    ['fec0::1', 'a site-local address'],
    ['::ffff:7f00:1', 'an address embedding 127.0.0.1, a loopback address'],
    ['::ffff:0:a9fe:a9fe', 'an address embedding 169.254.169.254, a link-local address'],
    ['64:ff9b::7f00:1', 'an address embedding 127.0.0.1, a loopback address'],
    ['2002:7f00:1::', 'an address embedding 127.0.0.1, a loopback address'],
    ['2001:db8::1', 'a reserved address'],
    ['100::1', 'a reserved address'],
    ['4000::1', 'a reserved address'],
  ])('%s is %s', (text, why) => {
    expect(refusalOfAddress(parseAddress(text)!, none)).toBe(why);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700::1111', '64:ff9b::808:808', '::ffff:8.8.8.8'])('%s is public', (text) => {
    expect(refusalOfAddress(parseAddress(text)!, none)).toBeUndefined();
  });

  it('lets an allowed range through, including the IPv4-mapped form of an allowed IPv4 address', () => {
    const allowed = new AllowedRanges(['127.0.0.2/32', 'fd12::/16']);
    expect(refusalOfAddress(parseAddress('127.0.0.2')!, allowed)).toBeUndefined();
    expect(refusalOfAddress(parseAddress('::ffff:127.0.0.2')!, allowed)).toBeUndefined();
    expect(refusalOfAddress(parseAddress('fd12::9')!, allowed)).toBeUndefined();
    expect(refusalOfAddress(parseAddress('127.0.0.1')!, allowed)).toBe('a loopback address');
    expect(refusalOfAddress(parseAddress('fd13::9')!, allowed)).toBe('a unique-local address');
  });
});

describe('parseCidr', () => {
  it.each(['127.0.0.0/8', '10.20.0.0/16', 'fd00::/8', '::1/128', '0.0.0.0/0'])('accepts %s', (cidr) => {
    expect(() => parseCidr(cidr)).not.toThrow();
  });
  it.each(['127.0.0.1', 'localhost/8', '10.0.0.0/33', 'fd00::/129', '10.0.0/8', '0x7f000001/8', ''])('refuses %s', (cidr) => {
    expect(() => parseCidr(cidr)).toThrow();
  });
});
