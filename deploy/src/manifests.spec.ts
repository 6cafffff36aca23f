import { join, relative } from 'path';
import { K8sObject, ROOT, SERVICES, read, rendered } from './rendered';
import { servicePaths, sourcesOf } from './service-paths';

/*
 * Policies on the rendered overlays that a schema cannot check: what a pod references exists, every public path
 * reaches its service, every pod runs locked down as the image's user, every variable set is one the app reads.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PodSpec = any;
const podsOf = (objects: K8sObject[]): { owner: string; pod: PodSpec }[] =>
  objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job').map((o) => ({ owner: `${o.kind}/${o.metadata.name}`, pod: o.spec.template.spec }));

/** The variables the app reads: every `NAME?: string` of a settings class (platform's and each service's), and NODE_ENV. */
function knownVariables(): Set<string> {
  const names = new Set(['NODE_ENV']);
  for (const file of [...sourcesOf('libs/platform/src'), ...SERVICES.flatMap((s) => sourcesOf(`services/${s}/src`))]) {
    for (const match of read(relative(ROOT, file)).matchAll(/\b([A-Z][A-Z0-9_]{2,})\?: string;/g)) names.add(match[1]);
  }
  return names;
}

/** Variables the README's Configuration section names in its table's first column. */
function documentedVariables(): Set<string> {
  const names = new Set<string>();
  for (const line of read('README.md').split('\n').filter((l) => l.startsWith('| `'))) {
    const first = line.split('|')[1];
    for (const match of first.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) names.add(match[1]);
  }
  return names;
}

/** The service an Ingress sends a request path to, as Kubernetes matches: Exact, then the longest Prefix by whole segments. */
function routeOf(ingress: K8sObject, path: string): string | undefined {
  const rules = ingress.spec.rules.flatMap((r: PodSpec) => r.http.paths) as { path: string; pathType: string; backend: PodSpec }[];
  const exact = rules.find((r) => r.pathType === 'Exact' && r.path === path);
  if (exact) return exact.backend.service.name;
  const prefixes = rules
    .filter((r) => r.pathType === 'Prefix' && (path === r.path || path.startsWith(`${r.path.replace(/\/$/, '')}/`)))
    .sort((a, b) => b.path.length - a.path.length);
  return prefixes[0]?.backend.service.name;
}

describe.each(['dev', 'prod'] as const)('the %s overlay', (overlay) => {
  const objects = rendered(overlay);
  // Linchpin's own objects: the dev overlay also runs a Kafka broker and a PostgreSQL of its own (infra/).
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind && o.metadata.labels?.['app.kubernetes.io/part-of'] === 'linchpin');
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  it('runs the five services, each with a Service, and the topic Job', () => {
    expect(byKind('Deployment').map((d) => d.metadata.name).sort()).toEqual(SERVICES.map((s) => `linchpin-${s}`).sort());
    expect(byKind('Service').map((d) => d.metadata.name).sort()).toEqual(SERVICES.map((s) => `linchpin-${s}`).sort());
    expect(byKind('Job').map((d) => d.metadata.name)).toEqual(['linchpin-topics']);
  });

  it('defines every Secret and ConfigMap key a pod references', () => {
    const missing: string[] = [];
    for (const { owner, pod } of podsOf(objects)) {
      for (const container of pod.containers) {
        for (const env of container.env ?? []) {
          const ref = env.valueFrom?.secretKeyRef ?? env.valueFrom?.configMapKeyRef;
          if (!ref) continue;
          const kind = env.valueFrom.secretKeyRef ? 'Secret' : 'ConfigMap';
          const source = find(kind, ref.name);
          if (!source?.data || !(ref.key in source.data)) missing.push(`${owner} ${env.name}: ${kind} ${ref.name} key ${ref.key}`);
        }
        for (const from of container.envFrom ?? []) {
          const [kind, ref] = from.secretRef ? ['Secret', from.secretRef] : ['ConfigMap', from.configMapRef];
          if (!find(kind, ref.name)) missing.push(`${owner}: ${kind} ${ref.name}`);
        }
      }
      for (const volume of pod.volumes ?? []) {
        if (volume.secret && !find('Secret', volume.secret.secretName)) missing.push(`${owner}: Secret ${volume.secret.secretName}`);
        if (volume.configMap && !find('ConfigMap', volume.configMap.name)) missing.push(`${owner}: ConfigMap ${volume.configMap.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('sets only variables the app reads, each documented in the README', () => {
    const known = knownVariables();
    const documented = documentedVariables();
    const set = new Set<string>();
    for (const { pod } of podsOf(objects)) {
      for (const container of pod.containers) {
        for (const env of container.env ?? []) set.add(env.name);
        for (const from of container.envFrom ?? []) {
          const source = from.configMapRef ? find('ConfigMap', from.configMapRef.name) : find('Secret', from.secretRef.name);
          for (const key of Object.keys(source?.data ?? {})) set.add(key);
        }
      }
    }
    expect([...set].filter((v) => !known.has(v))).toEqual([]);
    expect([...set].filter((v) => v !== 'NODE_ENV' && !documented.has(v))).toEqual([]);
  });

  it('routes every public path to the service that serves it, on a named class, host and TLS', () => {
    const ingress = find('Ingress', 'linchpin')!;
    expect(ingress.spec.ingressClassName).toBeTruthy();
    const hosts = ingress.spec.rules.map((r: PodSpec) => r.host);
    expect(hosts.every(Boolean)).toBe(true);
    expect(ingress.spec.tls.flatMap((t: PodSpec) => t.hosts)).toEqual(expect.arrayContaining(hosts));
    expect(ingress.spec.tls.every((t: PodSpec) => t.secretName)).toBe(true);
    const paths = servicePaths();
    // The paths outside the services' own prefixes are the ones a prefix rule alone would miss.
    expect(paths.map((p) => p.path)).toEqual(expect.arrayContaining(['/v2/enqueue', '/v2/change/enqueue', '/status', '/status.json', '/status/feed.atom']));
    const wrong = paths.filter(({ service, path }) => routeOf(ingress, path) !== `linchpin-${service}`).map((p) => `${p.path} → ${routeOf(ingress, p.path)}`);
    expect(wrong).toEqual([]);
  });

  it('runs every pod as the image user, non-root, read-only, without privileges, with writable /app/data and /tmp', () => {
    const user = /^USER (\d+):(\d+)$/m.exec(read('Dockerfile').split(/^FROM /m).pop()!)!;
    for (const { owner, pod } of podsOf(objects)) {
      expect({ owner, ...pod.securityContext }).toMatchObject({
        owner,
        runAsNonRoot: true,
        runAsUser: Number(user[1]),
        runAsGroup: Number(user[2]),
        seccompProfile: { type: 'RuntimeDefault' },
      });
      for (const container of pod.containers) {
        expect({ owner, ...container.securityContext }).toEqual({
          owner,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.resources.requests).toEqual({ cpu: expect.anything(), memory: expect.anything() });
        expect(container.resources.limits.memory).toBeDefined();
      }
    }
    for (const deployment of byKind('Deployment')) {
      const container = deployment.spec.template.spec.containers[0];
      expect(container.volumeMounts.map((m: PodSpec) => m.mountPath).sort()).toEqual(['/app/data', '/tmp']);
      expect(container.startupProbe.httpGet.path).toBe('/health/live');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    }
  });

  it('lets Prometheus find each service\'s /metrics on its own port', () => {
    for (const deployment of byKind('Deployment')) {
      const port = deployment.spec.template.spec.containers[0].ports[0].containerPort;
      expect(deployment.spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' });
    }
  });

  it('starts each service with the command compose uses for it', () => {
    const compose = read('docker-compose.yml');
    for (const service of SERVICES) {
      const container = find('Deployment', `linchpin-${service}`)!.spec.template.spec.containers[0];
      expect(compose).toContain(`command: ${JSON.stringify(container.command).replace(/,/g, ', ')}`);
    }
  });

  if (overlay === 'prod') {
    it('keeps two replicas or more of each service through disruptions, scales on CPU and replicates topics thrice', () => {
      for (const service of SERVICES) {
        const name = `linchpin-${service}`;
        expect(find('Deployment', name)!.spec.replicas).toBeGreaterThanOrEqual(2);
        expect(find('PodDisruptionBudget', name)!.spec.minAvailable).toBeGreaterThanOrEqual(1);
        const hpa = find('HorizontalPodAutoscaler', name)!;
        expect(hpa.apiVersion).toBe('autoscaling/v2');
        expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
        expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
      }
      expect(byKind('ConfigMap')[0].data).toMatchObject({ KAFKA_REPLICATION_FACTOR: '3' });
    });
  } else {
    it('runs one replica of each service', () => {
      for (const deployment of byKind('Deployment')) expect(deployment.spec.replicas).toBe(1);
    });

    it('runs the Kafka broker and the PostgreSQL the services are configured for, on the same secret', () => {
      // Generated names carry a hash of the content (linchpin-secrets-<hash>).
      const generated = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name.startsWith(`${name}-`))!.data!;
      const secret = (key: string) => Buffer.from(generated('Secret', 'linchpin-secrets')[key], 'base64').toString();
      const config = generated('ConfigMap', 'linchpin');
      const kafka = find('Service', 'kafka')!;
      expect(config.KAFKA_BROKERS).toBe(`${kafka.metadata.name}:${kafka.spec.ports[0].port}`);
      const postgres = find('StatefulSet', 'postgres')!.spec.template.spec.containers[0];
      const url = new URL(secret('POSTGRES_URL'));
      expect(`${url.hostname}:${url.port}`).toBe(`postgres:${find('Service', 'postgres')!.spec.ports[0].port}`);
      expect(decodeURIComponent(url.password)).toBe(secret('POSTGRES_PASSWORD'));
      const env = Object.fromEntries(postgres.env.map((e: PodSpec) => [e.name, e.value ?? e.valueFrom.secretKeyRef.key]));
      expect({ user: env.POSTGRES_USER, db: env.POSTGRES_DB, password: env.POSTGRES_PASSWORD }).toEqual({
        user: decodeURIComponent(url.username),
        db: url.pathname.slice(1),
        password: 'POSTGRES_PASSWORD',
      });
    });
  }
});

describe('the topic Job', () => {
  it('creates the topic of every context the services publish or read', () => {
    const job = rendered('prod').find((o) => o.kind === 'Job')!;
    expect(job.spec.template.spec.containers[0].command).toEqual(['node', 'scripts/create-topics.js']);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the script the image ships, as it runs
    const { CONTEXTS, topicNames } = require(join(ROOT, 'scripts/create-topics.js')) as { CONTEXTS: string[]; topicNames: (p?: string) => string[] };
    const used = new Set<string>(SERVICES);
    for (const file of [...sourcesOf('libs/platform/src'), ...SERVICES.flatMap((s) => sourcesOf(`services/${s}/src`))]) {
      for (const match of read(relative(ROOT, file)).matchAll(/topicOf\('([a-z]+)'\)/g)) used.add(match[1]);
    }
    expect([...CONTEXTS].sort()).toEqual([...used].sort());
    expect(topicNames('staging.')).toContain('staging.linchpin.detection.events.dlq');
  });
});
