import { bearer } from '@linchpin/testing';

/*
 * Every request of the end-to-end tests goes as admin (the processes start with LINCHPIN_ADMIN_TOKEN =
 * TEST_ADMIN_TOKEN, set by startService), unless the test gives its own Authorization header.
 */

export interface JsonResponse<T = any> {
  status: number;
  body: T;
}

export async function getJson<T = any>(url: string, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
  const response = await fetch(url, { headers: { ...bearer(), ...headers } });
  return { status: response.status, body: (await response.json()) as T };
}

export async function postJson<T = any>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
  return sendJson('POST', url, body, headers);
}

export async function putJson<T = any>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
  return sendJson('PUT', url, body, headers);
}

async function sendJson<T>(method: string, url: string, body: unknown, headers: Record<string, string>): Promise<JsonResponse<T>> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...bearer(), ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
