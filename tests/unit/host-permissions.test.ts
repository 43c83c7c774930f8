import { describe, expect, it } from 'vitest';
import { poeOrigins } from '@/lib/platform/host-permissions';

describe('poeOrigins', () => {
  it('asks for the API host and the upload host of the real Poe', () => {
    expect(poeOrigins('https://api.poe.com')).toEqual(['https://api.poe.com/*', 'https://www.quora.com/*']);
  });
  it('asks for one loopback origin (any port) for the fake server', () => {
    expect(poeOrigins('http://127.0.0.1:8787')).toEqual(['http://127.0.0.1/*']);
  });
});
