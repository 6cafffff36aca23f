'use strict';
/*
 * The compose demo profile, run in the Linchpin image (Node's own fetch, no dependency):
 *   node demo.js setup   creates an Alertmanager integration in detection (once) and writes Alertmanager's
 *                        configuration, the template alertmanager.yml with the integration's URL (which holds its
 *                        key) in place of LINCHPIN_INTEGRATION_URL, to the shared data folder Alertmanager reads
 *   node demo.js alert   posts a firing alert to Alertmanager's API and waits until triage lists its incident
 * deploy/src/compose-demo.int.spec.ts runs both against a real Alertmanager and the standalone process.
 */
const fs = require('node:fs');
const path = require('node:path');

const token = process.env.LINCHPIN_ADMIN_TOKEN;
const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const DATA_DIR = process.env.DEMO_DATA_DIR ?? '/app/data';
const TEMPLATE = process.env.DEMO_ALERTMANAGER_TEMPLATE ?? '/demo/alertmanager.yml';
const CONFIG = path.join(DATA_DIR, 'alertmanager.yml');

async function call(url, init) {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function setup() {
  if (fs.existsSync(CONFIG)) return console.log('the Alertmanager integration exists already');
  const detection = process.env.DETECTION_URL;
  const { key } = await call(`${detection}/detection/integrations`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ name: 'compose-demo-alertmanager', kind: 'alertmanager', service: 'checkout' }),
  });
  const url = `${detection}/detection/integrations/alertmanager/${key}`;
  fs.writeFileSync(CONFIG, fs.readFileSync(TEMPLATE, 'utf8').replace('url: LINCHPIN_INTEGRATION_URL', `url: ${url}`), { mode: 0o644 });
  // Alertmanager runs as another user: it must reach the file through the (node-owned) volume root.
  fs.chmodSync(DATA_DIR, 0o755);
  console.log('created the Alertmanager integration; its configuration is in the demo-data volume');
}

async function alert() {
  const startsAt = new Date().toISOString();
  await call(`${process.env.ALERTMANAGER_URL}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      {
        labels: { alertname: 'CheckoutErrorRate', service: 'checkout', team: 'payments', severity: 'critical' },
        annotations: { summary: 'Checkout error rate above 5% (compose demo)' },
        startsAt,
      },
    ]),
  });
  console.log('alert sent to Alertmanager; waiting for its incident in triage');
  for (let i = 0; i < 60; i++) {
    const queue = await call(`${process.env.TRIAGE_URL}/triage/queue`, { headers: auth });
    const items = Array.isArray(queue) ? queue : (queue.items ?? []);
    if (items.length > 0) return console.log(`triage queue: ${JSON.stringify(items[0])}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('no incident in the triage queue after 60 s');
}

(process.argv[2] === 'setup' ? setup : alert)().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
