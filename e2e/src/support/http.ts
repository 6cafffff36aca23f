export interface JsonResponse<T = any> {
  status: number;
  body: T;
}

export async function getJson<T = any>(url: string): Promise<JsonResponse<T>> {
  const response = await fetch(url);
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
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
