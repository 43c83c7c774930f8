import { describe, expect, it } from 'vitest';
import { normaliseBaseUrl } from '@/lib/messaging/base-url';
import { LOOPBACK_HOST_PERMISSIONS } from '@/lib/messaging/loopback';
import { poeOrigins } from '@/lib/platform/host-permissions';

describe('poeOrigins', () => {
  it('asks for the API host and the upload host of the real Poe', () => {
    expect(poeOrigins('https://api.poe.com')).toEqual(['https://api.poe.com/*', 'https://www.quora.com/*']);
  });
  it('asks for one loopback origin (any port) for the fake server', () => {
    expect(poeOrigins('http://127.0.0.1:8787')).toEqual(['http://127.0.0.1/*']);
  });
  it('asks only for what the manifest offers, for every loopback base URL Settings accepts', () => {
    // Chrome refuses to request an origin the manifest does not list (optional_host_permissions: `*://host/*`).
    const offered = (origin: string) => LOOPBACK_HOST_PERMISSIONS.some((pattern) => origin === pattern.replace('*://', 'http://') || origin === pattern.replace('*://', 'https://'));
    for (const input of ['http://127.0.0.1:8787', 'https://127.0.0.1:8443/v', 'http://localhost', 'https://localhost:1/']) {
      const baseUrl = normaliseBaseUrl(input);
      expect(baseUrl, input).toBeDefined();
      for (const origin of poeOrigins(baseUrl!)) expect(offered(origin), origin).toBe(true);
    }
  });
});
