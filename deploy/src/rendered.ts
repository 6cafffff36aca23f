import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';

/** The repository root: deploy/src/.. /.. */
export const ROOT = join(__dirname, '..', '..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kubernetes objects are read as they come, and asserted on
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };

/** What `kustomize build deploy/overlays/<overlay>` gave scripts/deploy-check.sh. */
export function rendered(overlay: 'dev' | 'prod'): K8sObject[] {
  const dir = process.env.DEPLOY_RENDERED_DIR;
  const file = dir ? join(dir, `${overlay}.yaml`) : '';
  if (!dir || !existsSync(file)) throw new Error(`no rendered ${overlay} overlay: run these tests through scripts/deploy-check.sh (it sets DEPLOY_RENDERED_DIR)`);
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as K8sObject);
}

export const SERVICES = ['detection', 'triage', 'coordination', 'comms', 'review'] as const;

export const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
