/**
 * Webhook URLs the outbound guard refuses when OUTBOUND_ALLOW_CIDRS is empty: every spelling of
 * loopback, link-local (the cloud metadata service), private, unique-local and unspecified
 * addresses, the names that denote them, and URLs that carry credentials.
 */
export const REFUSED_WEBHOOK_URLS = [
  'http://127.0.0.1:9/pager',
  'http://localhost:9/pager',
  'http://0.0.0.0:9/pager',
  'http://0x7f000001:9/pager',
  'http://2130706433:9/pager',
  'http://0177.0.0.1:9/pager',
  'http://127.1:9/pager',
  'http://[::1]:9/pager',
  'http://[::ffff:7f00:1]:9/pager',
  'http://[::ffff:127.0.0.1]:9/pager',
  'http://[::]:9/pager',
  'http://[fd00::1]:9/pager',
  'http://169.254.169.254/latest/meta-data',
  'http://metadata.google.internal/computeMetadata/v1',
  'http://10.0.0.1/pager',
  'http://192.168.1.1/pager',
  'http://172.16.0.1/pager',
  'https://alice:s3cret@hooks.example.com/pager',
  'https://hooks.example.com/pager?token=abc123',
  'https://hooks.example.com/pager?api_key=abc123',
];
