import { Body, Controller, Get, INestApplication, Logger, Module, Param, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InProcessBus, newId } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { IsString } from 'class-validator';
import { mkdtempSync, rmSync } from 'fs';
import { AddressInfo, connect } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { Writable } from 'stream';
import { Logger as PinoLogger } from 'nestjs-pino';
import request from 'supertest';
import { Public } from './access';
import { AcknowledgeLink, AcknowledgeLinkPipe, SignedLinks } from './links';
import { configureApp } from './configure-app';
import { createHttpAdapter, initApp } from './http-adapter';
import { InfrastructureModule } from './infrastructure.module';
import { ServiceDefinition } from './service-definition';

class NoteDto {
  @IsString() text!: string;
}

@Controller()
@Public('a probe of the front door: access is tested in access/access.int.spec.ts')
class ProbeController {
  @Get('test/things/:id')
  get(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Post('test/things')
  create(@Body() body: NoteDto): { text: string } {
    return body;
  }

  @Post('detection/integrations/logs/:key')
  send(@Param('key') key: string): { accepted: boolean } {
    new Logger('Sender').warn(`refused a payload posted to /detection/integrations/logs/${key}?token=abc123`);
    return { accepted: key.length > 0 };
  }

  @Get('coordination/links/acknowledge/:token')
  follow(@Param('token', AcknowledgeLinkPipe) link: AcknowledgeLink, @Param('token') token: string): { incidentId: string } {
    new Logger('Links').warn(`followed /coordination/links/acknowledge/${token} for ${link.personId}`);
    return { incidentId: link.incidentId };
  }

  @Post('v2/enqueue')
  enqueue(): { status: string } {
    return { status: 'success' };
  }

  @Get('test/broken')
  broken(): never {
    throw new Error('delivery to https://alice:s3cret@hooks.example.com/x?sig=abcdef failed (Bearer lp_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG)');
  }
}

const service: ServiceDefinition = { name: 'hardening', title: 'Hardening test service', defaultPort: 3997 };
const PROBLEM = /^application\/problem\+json/;

/** Log lines as JSON objects, written by the app's pino. */
class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line));
    }
    done();
  }
}

interface Running {
  app: INestApplication;
  logs: LogCapture;
  http(): ReturnType<typeof request>;
  port(): Promise<number>;
  close(): Promise<void>;
}

/** A real app (Fastify, the platform's conventions, a SQLite file) with these variables set while it is built. */
async function startApp(env: Record<string, string> = {}): Promise<Running> {
  const saved = { ...process.env };
  Object.assign(process.env, { LOG_LEVEL: 'info', ...env });
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-hardening-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const logs = new LogCapture();
  @Module({ imports: [InfrastructureModule.forRoot({ service, store, bus: new InProcessBus(), logDestination: logs })], controllers: [ProbeController] })
  class HardeningTestModule {}
  const moduleRef = await Test.createTestingModule({ imports: [HardeningTestModule] }).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  configureApp(app, service);
  await initApp(app);
  process.env = saved;
  let listening: number | undefined;
  return {
    app,
    logs,
    http: () => request(app.getHttpServer()),
    port: async () => {
      if (listening === undefined) {
        await app.listen(0, '127.0.0.1');
        listening = (app.getHttpServer().address() as AddressInfo).port;
      }
      return listening;
    },
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the server answers to bytes no HTTP client library would send. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const bodyOf = (answer: string): Record<string, unknown> => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

function expectProblem(response: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(PROBLEM);
  expect(response.body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), requestId: expect.any(String) }),
  );
  expect(response.headers['x-request-id']).toBe(response.body.requestId);
}

describe('the HTTP front door of every process (real HTTP)', () => {
  describe('with the defaults', () => {
    let running: Running;
    beforeAll(async () => (running = await startApp()));
    afterAll(async () => running?.close());
    const http = () => running.http();

    describe('X-Request-Id', () => {
      it('echoes a sane X-Request-Id on the answer, in a problem body and on the access log line', async () => {
        const ok = await http().get('/test/things/1').set('X-Request-Id', 'gateway-7f3a.42').expect(200);
        expect(ok.headers['x-request-id']).toBe('gateway-7f3a.42');

        const missing = await http().get('/nowhere').set('X-Request-Id', 'trace:abc-123').expect(404);
        expect(missing.headers['x-request-id']).toBe('trace:abc-123');
        expect(missing.body).toMatchObject({ requestId: 'trace:abc-123', instance: '/nowhere' });

        const line = running.logs.lines.find((l) => (l.req as { id?: string } | undefined)?.id === 'gateway-7f3a.42');
        expect(line).toMatchObject({ req: { id: 'gateway-7f3a.42', method: 'GET', url: '/test/things/1' }, res: { statusCode: 200 } });
      });

      it('generates an id instead of a too long or non-printable one, and for a request without one', async () => {
        const tooLong = await http().get('/test/things/1').set('X-Request-Id', 'x'.repeat(129)).expect(200);
        expect(tooLong.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        const spaced = await http().get('/test/things/1').set('X-Request-Id', 'two words').expect(200);
        expect(spaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        const none = await http().get('/test/things/1').expect(200);
        expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        expect(none.headers['x-request-id']).not.toBe(spaced.headers['x-request-id']);
      });
    });

    describe("the framework's own errors as problem+json", () => {
      it('answers an unknown route 404 and a known path with another method 405 naming the methods in Allow', async () => {
        expectProblem(await http().get('/nowhere'), 404);

        const trace = await http().trace('/test/things');
        expectProblem(trace, 405);
        expect(trace.headers.allow).toBe('POST');

        const del = await http().delete('/test/things/42');
        expectProblem(del, 405);
        expect(del.headers.allow).toBe('GET, HEAD');
      });

      it('answers a method Fastify does not route (QUERY) on a known path 405, without first refusing its body', async () => {
        const port = await running.port();
        const answer = await rawExchange(port, 'QUERY /test/things/1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
        expect(answer).toMatch(/^HTTP\/1\.1 405 /);
        expect(answer).toMatch(/\r\nallow: GET, HEAD\r\n/i);
        expect(bodyOf(answer)).toMatchObject({ status: 405, title: 'Method Not Allowed' });
      });

      it('answers a body over the limit 413, an unsupported media type 415 and malformed JSON 400', async () => {
        const big = await http()
          .post('/test/things')
          .set('Content-Type', 'application/json')
          .send(JSON.stringify({ text: 'x'.repeat(1024 * 1024) }));
        expectProblem(big, 413);
        expectProblem(await http().post('/test/things').set('Content-Type', 'text/xml').send('<text/>'), 415);
        const malformed = await http().post('/test/things').set('Content-Type', 'application/json').send('{"text": ');
        expectProblem(malformed, 400);
        expect(malformed.body.type).toBe('urn:linchpin:problem:malformed-body');
      });

      it('answers a path parameter over 100 characters and a URL over 8 KiB 414, and an undecodable URL 400', async () => {
        const param = await http().get(`/test/things/${'a'.repeat(101)}`);
        expectProblem(param, 414);
        expect(param.body.detail).toMatch(/longer than 100 characters/);
        expect(param.body).not.toHaveProperty('code');

        expectProblem(await http().get(`/test/things/1?q=${'a'.repeat(9000)}`), 414);
        expectProblem(await http().get('/test/things/%zz'), 400);
      });

      it('answers a request Node cannot parse, headers over 16 KiB and a request without Host as problem+json', async () => {
        const port = await running.port();
        const garbage = await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n');
        expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
        expect(garbage).toMatch(/\r\nContent-Type: application\/problem\+json\r\n/);
        expect(bodyOf(garbage)).toMatchObject({ status: 400, title: 'Bad Request' });

        const huge = await rawExchange(port, `GET /test/things/1 HTTP/1.1\r\nHost: localhost\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`);
        expect(huge).toMatch(/^HTTP\/1\.1 431 /);
        expect(bodyOf(huge)).toMatchObject({ status: 431 });

        const noHost = await rawExchange(port, 'GET /test/things/1 HTTP/1.1\r\nConnection: close\r\n\r\n');
        expect(noHost).toMatch(/^HTTP\/1\.1 400 /);
        expect(bodyOf(noHost)).toMatchObject({ status: 400, detail: 'An HTTP/1.1 request needs a Host header' });
      });

      it('answers an unexpected error 500 with nothing of its cause, and its log line has no credential', async () => {
        const broken = await http().get('/test/broken');
        expectProblem(broken, 500);
        expect(JSON.stringify(broken.body)).not.toMatch(/s3cret|abcdef|lp_/);
        const logged = running.logs.raw.filter((line) => line.includes('hooks.example.com'));
        expect(logged.length).toBeGreaterThan(0);
        for (const line of logged) {
          expect(line).not.toMatch(/s3cret|sig=abcdef|lp_abcdefghij/);
          expect(line).toContain('https://***@hooks.example.com/x?sig=***');
        }
      });
    });

    describe('security headers', () => {
      it('sends a JSON answer with a CSP that loads nothing, nosniff and no framing', async () => {
        const response = await http().get('/test/things/1').expect(200);
        expect(response.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('DENY');
        expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        const problem = await http().get('/nowhere');
        expect(problem.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      });

      it('serves Swagger UI at /docs with a CSP that lets its own scripts, styles and the document load, and every asset it names', async () => {
        const docs = await http().get('/docs').redirects(1).expect(200);
        const csp = docs.headers['content-security-policy'];
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("connect-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        // No inline script: script-src 'self' would block it.
        expect(docs.text).not.toMatch(/<script>(?!\s*<\/script>)|<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
        const assets = [...docs.text.matchAll(/(?:src|href)=["']([^"'#]+\.(?:js|css|png))["']/g)].map((m) => new URL(m[1], 'http://localhost/docs').pathname);
        expect(assets).toEqual(expect.arrayContaining(['/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js', '/docs/swagger-ui.css']));
        for (const asset of assets) {
          const answer = await http().get(asset);
          expect({ asset, status: answer.status }).toEqual({ asset, status: 200 });
        }
        // The document is embedded in swagger-ui-init.js; /openapi.json is served for other clients.
        const init = await http().get('/docs/swagger-ui-init.js').expect(200);
        expect(init.text).toContain('"swaggerDoc"');
        await http().get('/openapi.json').expect(200);
      });
    });

    describe('CORS, closed by default', () => {
      it('sends no Access-Control-Allow-Origin to any origin, on a request or a preflight', async () => {
        const simple = await http().get('/test/things/1').set('Origin', 'https://ops.example.com').expect(200);
        expect(simple.headers['access-control-allow-origin']).toBeUndefined();
        const preflight = await http()
          .options('/test/things')
          .set('Origin', 'https://ops.example.com')
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'authorization,content-type');
        expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
        expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
      });
    });

    it('answers any Host when ALLOWED_HOSTS is unset', async () => {
      await http().get('/test/things/1').set('Host', 'anything.example.net').expect(200);
    });

    it('masks an integration key in a sender path and secret query values on the access line and in messages', async () => {
      await http().post('/detection/integrations/logs/k3y-s3cr3t-0123456789?sig=deadbeef&page=2').set('Authorization', 'Bearer lp_notlogged').send({}).expect(201);
      const lines = running.logs.raw.filter((line) => line.includes('/detection/integrations/logs/'));
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const line of lines) {
        expect(line).not.toMatch(/k3y-s3cr3t|deadbeef|abc123|lp_notlogged/);
        expect(line).toContain('/detection/integrations/logs/***');
      }
      const access = running.logs.lines.find((l) => String((l.req as { url?: string } | undefined)?.url).startsWith('/detection/integrations/logs/'));
      expect((access?.req as { url: string }).url).toBe('/detection/integrations/logs/***?sig=***&page=2');
    });
  });

  describe("a signed link's token", () => {
    let running: Running;
    beforeAll(async () => (running = await startApp()));
    afterAll(() => running.close());

    it('is masked on the access line, in messages and in a refusal’s instance, as an integration key is', async () => {
      const incidentId = newId();
      const url = running.app.get(SignedLinks).acknowledgeUrl(incidentId, newId(), new Date());
      const token = url.split('/').pop()!;
      expect((await running.http().get(`/coordination/links/acknowledge/${token}`).expect(200)).body).toEqual({ incidentId });
      const forged = `${token.slice(0, 60)}${token.slice(60).split('').reverse().join('')}`;
      const refused = await running.http().get(`/coordination/links/acknowledge/${forged}`).expect(401);
      expect(refused.body).toMatchObject({ code: 'link_signature_invalid', instance: '/coordination/links/acknowledge/***' });

      const lines = running.logs.raw.filter((line) => line.includes('/coordination/links/acknowledge/'));
      expect(lines.length).toBeGreaterThanOrEqual(3);
      for (const line of lines) {
        expect(line).not.toContain(token.slice(20, 60));
        expect(line).not.toContain(forged.slice(60));
        expect(line).toContain('/coordination/links/acknowledge/***');
      }
    });
  });

  describe('CORS_ORIGINS', () => {
    let running: Running;
    beforeAll(async () => (running = await startApp({ CORS_ORIGINS: 'https://ops.example.com, http://localhost:5173' })));
    afterAll(async () => running?.close());

    it('allows exactly the listed origins, bearer tokens and the request id, and no other origin', async () => {
      const allowed = await running.http().get('/test/things/1').set('Origin', 'https://ops.example.com').expect(200);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://ops.example.com');
      expect(allowed.headers['access-control-expose-headers']).toContain('X-Request-Id');
      expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
      expect(allowed.headers.vary).toMatch(/Origin/);

      const preflight = await running
        .http()
        .options('/test/things')
        .set('Origin', 'http://localhost:5173')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);

      for (const origin of ['https://evil.example.com', 'https://ops.example.com.evil.example', 'http://ops.example.com']) {
        const refused = await running.http().get('/test/things/1').set('Origin', origin).expect(200);
        expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });

  describe('ALLOWED_HOSTS', () => {
    let running: Running;
    beforeAll(async () => (running = await startApp({ ALLOWED_HOSTS: 'linchpin.example.com,api.example.com:8443' })));
    afterAll(async () => running?.close());

    it('answers listed hosts (a name without port at any port) and refuses others with 421 problem+json', async () => {
      await running.http().get('/test/things/1').set('Host', 'linchpin.example.com').expect(200);
      await running.http().get('/test/things/1').set('Host', 'LINCHPIN.example.com:3000').expect(200);
      await running.http().get('/test/things/1').set('Host', 'api.example.com:8443').expect(200);

      const other = await running.http().get('/test/things/1').set('Host', 'evil.example.net');
      expectProblem(other, 421);
      expect(other.body.detail).toContain("'evil.example.net'");
      expectProblem(await running.http().get('/test/things/1').set('Host', 'api.example.com:9999'), 421);
      expectProblem(await running.http().post('/v2/enqueue').set('Host', '10.0.0.7:3000').send({}), 421);
    });

    it('answers health probes and scrapes whatever their Host (a pod IP)', async () => {
      await running.http().get('/health/live').set('Host', '10.0.0.7:3000').expect(200);
      await running.http().get('/metrics').set('Host', '10.0.0.7:3000').expect(200);
    });
  });

  describe('rate limits', () => {
    let running: Running;
    beforeAll(async () => (running = await startApp({ RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_KEY_PER_MINUTE: '2' })));
    afterAll(async () => running?.close());
    const get = (token?: string) => {
      const call = running.http().get('/test/things/1');
      return token ? call.set('Authorization', `Bearer ${token}`) : call;
    };

    it('limits each bearer token to RATE_LIMIT_PER_MINUTE, answering 429 problem+json with Retry-After', async () => {
      for (let i = 0; i < 3; i++) {
        const ok = await get('token-a').expect(200);
        expect(ok.headers['ratelimit-limit']).toBe('3');
        expect(ok.headers['ratelimit-remaining']).toBe(String(2 - i));
      }
      const refused = await get('token-a');
      expectProblem(refused, 429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.body.detail).toMatch(/More than 3 requests a minute/);
      // Another token has its own budget.
      await get('token-b').expect(200);
    });

    it('limits requests without a token by client address', async () => {
      for (let i = 0; i < 3; i++) await get().expect(200);
      expectProblem(await get(), 429);
    });

    it('limits each integration key, in a sender path or in a PagerDuty routing_key, to RATE_LIMIT_PER_KEY_PER_MINUTE', async () => {
      const post = (key: string) => running.http().post(`/detection/integrations/logs/${key}`).send({});
      await post('key-one').expect(201);
      await post('key-one').expect(201);
      expectProblem(await post('key-one'), 429);
      await post('key-two').expect(201);

      const enqueue = (key: string) => running.http().post('/v2/enqueue').send({ routing_key: key, event_action: 'trigger' });
      await enqueue('routing-one').expect(201);
      await enqueue('routing-one').expect(201);
      expect((await enqueue('routing-one')).status).toBe(429);
      await enqueue('routing-two').expect(201);
    });

    it('never limits health probes and metrics scrapes', async () => {
      for (let i = 0; i < 10; i++) {
        await running.http().get('/health/live').expect(200);
        await running.http().get('/metrics').expect(200);
      }
    });
  });
});
