import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoeError, uploadFileFromUrl } from '@/lib/poe';
import { FAKE_POE_KEY, startFakePoe, type FakePoe } from '../fake-poe/server';

describe('uploadFileFromUrl', () => {
  let fake: FakePoe;
  beforeAll(async () => {
    fake = await startFakePoe();
  });
  afterAll(() => fake.close());

  it('asks Poe to fetch the file itself, with the raw key and a download_url form', async () => {
    const attachment = await uploadFileFromUrl({
      url: 'https://example.com/cat.png',
      name: 'cat.png',
      apiKey: FAKE_POE_KEY,
      uploadBaseUrl: fake.uploadBaseUrl,
    });
    expect(attachment).toMatchObject({ name: 'cat.png', contentType: 'image/png' });
    expect(attachment.url).toMatch(new RegExp(`^${fake.url}/files/`));
    const request = fake.requests.at(-1)!;
    expect(request.headers['authorization']).toBe(FAKE_POE_KEY);
    expect(request.body).toMatchObject({ kind: 'urlencoded', fields: { download_url: 'https://example.com/cat.png', download_filename: 'cat.png' } });
  });

  it('refuses non-http URLs before sending anything', async () => {
    const before = fake.requests.length;
    await expect(
      uploadFileFromUrl({ url: 'file:///etc/passwd', name: 'x', apiKey: FAKE_POE_KEY, uploadBaseUrl: fake.uploadBaseUrl }),
    ).rejects.toBeInstanceOf(PoeError);
    expect(fake.requests.length).toBe(before);
  });
});
