import { OutboundGuard, OutboundRefusedError } from './outbound-guard';

const strict = new OutboundGuard();

describe('OutboundGuard.refusalOf (write time, the URL as written)', () => {
  it.each([
    ['http://127.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://localhost/', 'localhost is a loopback name (127.0.0.1, a loopback address)'],
    ['http://LOCALHOST./', 'localhost is a loopback name'],
    ['http://pager.localhost/', 'pager.localhost is a loopback name'],
    ['http://0.0.0.0/', '0.0.0.0 is an unspecified address'],
    ['http://0x7f000001/', '127.0.0.1 is a loopback address'],
    ['http://2130706433/', '127.0.0.1 is a loopback address'],
    ['http://0177.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://127.1/', '127.0.0.1 is a loopback address'],
    ['http://0x7f.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://127.0.0.1./', '127.0.0.1 is a loopback address'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://[::ffff:7f00:1]/', '::ffff:7f00:1 is an address embedding 127.0.0.1, a loopback address'],
    ['http://[::ffff:127.0.0.1]/', 'an address embedding 127.0.0.1, a loopback address'],
    ['http://[::127.0.0.1]/', 'an address embedding 127.0.0.1, a loopback address'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'an address embedding 169.254.169.254, a link-local address'],
    ['http://[2002:a9fe:a9fe::]/', 'an address embedding 169.254.169.254, a link-local address'],
    ['http://[::]/', ':: is an unspecified address'],
    ['http://[fd00::1]/', 'fd00::1 is a unique-local address'],
    ['http://[fe80::1]/', 'fe80::1 is a link-local address'],
    ['http://[ff02::1]/', 'ff02::1 is a multicast address'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is a link-local address'],
    ['http://metadata.google.internal/computeMetadata/v1', 'metadata.google.internal is the cloud metadata service (169.254.169.254, a link-local address)'],
    ['http://10.0.0.1/', '10.0.0.1 is a private address'],
    ['http://192.168.1.1/', '192.168.1.1 is a private address'],
    ['http://172.16.0.1/', '172.16.0.1 is a private address'],
    ['http://172.31.255.255/', '172.31.255.255 is a private address'],
    ['http://100.64.0.1/', '100.64.0.1 is a carrier-grade NAT (shared) address'],
    ['http://224.0.0.1/', '224.0.0.1 is a multicast address'],
    ['http://255.255.255.255/', '255.255.255.255 is the broadcast address'],
    ['http://240.0.0.1/', '240.0.0.1 is a reserved address'],
    ['ftp://hooks.example.com/', 'it uses ftp, not http or https'],
    ['file:///etc/passwd', 'it uses file, not http or https'],
    ['gopher://hooks.example.com/', 'it uses gopher, not http or https'],
    ['https://alice:s3cret@hooks.example.com/', 'it carries credentials (user:password@)'],
    ['https://alice@hooks.example.com/', 'it carries credentials (user:password@)'],
    ['https://hooks.example.com/?token=abc', 'it carries a credential in the query (token)'],
    ['https://hooks.example.com/?Access-Token=abc', 'it carries a credential in the query (Access-Token)'],
    ['https://hooks.example.com/?api_key=abc', 'it carries a credential in the query (api_key)'],
    ['https://hooks.example.com/?sig=abc&team=x', 'it carries a credential in the query (sig)'],
    ['not a url', 'it is not an absolute URL'],
    ['https://\u00cf/', 'a URL is printable ASCII'],
    ['https://hooks.example.com/p\u00e4ge', 'a URL is printable ASCII'],
    ['https://hooks.example.com/a b', 'a URL is printable ASCII'],
  ])('refuses %s: %s', (url, reason) => {
    const refusal = strict.refusalOf(url);
    expect(refusal).toContain('refused by the outbound guard: ');
    expect(refusal).toContain(reason);
  });

  it.each([
    'https://hooks.example.com/pager/alice',
    'http://hooks.example.com:8080/pager?team=payments&source=linchpin',
    'https://93.184.215.14/pager',
    'https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/pager',
    'https://internal-looking-but-resolved-at-send-time.example/pager',
    'https://172.32.0.1/pager',
    'https://xn--bcher-kva.example/p%C3%A4ge',
  ])('accepts %s', (url) => {
    expect(strict.refusalOf(url)).toBeUndefined();
  });

  it('allows what OUTBOUND_ALLOW_CIDRS covers, in every spelling, and nothing next to it', () => {
    const guard = new OutboundGuard({ allowCidrs: ['127.0.0.0/8', '10.20.0.0/16', 'fd00::/8'] });
    for (const url of ['http://127.0.0.1:9/', 'http://0x7f000001/', 'http://2130706433/', 'http://127.1/', 'http://[::ffff:127.0.0.1]/', 'http://localhost:9/', 'http://10.20.3.4/', 'http://[fd00::1]/']) {
      expect(guard.refusalOf(url)).toBeUndefined();
    }
    expect(guard.refusalOf('http://10.21.0.1/')).toContain('10.21.0.1 is a private address');
    expect(guard.refusalOf('http://[::1]/')).toContain('::1 is a loopback address');
    expect(guard.refusalOf('http://169.254.169.254/')).toContain('link-local');
    expect(guard.refusalOf('http://metadata.google.internal/')).toContain('cloud metadata service');
    // Credentials are refused whatever the allow-list says.
    expect(guard.refusalOf('http://a:b@127.0.0.1/')).toContain('credentials');
  });
});

describe('OutboundGuard.fetch (send time)', () => {
  const refusedBy = async (guard: OutboundGuard, url: string): Promise<string> => {
    const error = await guard.fetch(url, { method: 'POST' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRefusedError);
    return (error as OutboundRefusedError).message;
  };

  it('refuses a literal before any connection', async () => {
    expect(await refusedBy(strict, 'http://169.254.169.254/latest/meta-data')).toBe('refused by the outbound guard: 169.254.169.254 is a link-local address');
  });

  it('refuses a name when any resolved address is refused, naming the name and the address', async () => {
    const guard = new OutboundGuard({ resolve: async () => ['93.184.215.14', '::ffff:10.0.0.7'] });
    expect(await refusedBy(guard, 'https://hooks.example.com/x')).toBe(
      'refused by the outbound guard: hooks.example.com resolves to ::ffff:a00:7, an address embedding 10.0.0.7, a private address',
    );
  });

  it('refuses a resolver answer that is not an IP address', async () => {
    const guard = new OutboundGuard({ resolve: async () => ['not-an-ip'] });
    expect(await refusedBy(guard, 'https://hooks.example.com/x')).toContain('resolves to not-an-ip, which is not an IP address');
  });
});
