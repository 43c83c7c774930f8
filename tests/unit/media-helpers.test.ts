import { describe, expect, it } from 'vitest';
import { mediaKindOf } from '@/components/media-kind';
import { mediaLinksIn, mediaTypeOfUrl } from '@/components/media-links';
import { downloadName, extensionFor } from '@/components/media-name';

const cdnOrLocal = (url: URL) => url.hostname.endsWith('.poecdn.net') || url.origin === 'http://127.0.0.1:8787';

describe('mediaKindOf', () => {
  it('sorts content types into image, audio and video, and nothing else', () => {
    expect(mediaKindOf('image/png')).toBe('image');
    expect(mediaKindOf('IMAGE/JPEG; charset=binary')).toBe('image');
    expect(mediaKindOf('audio/wav')).toBe('audio');
    expect(mediaKindOf('video/webm')).toBe('video');
    expect(mediaKindOf('image/svg+xml')).toBeUndefined();
    expect(mediaKindOf('application/pdf')).toBeUndefined();
  });
});

describe('mediaLinksIn', () => {
  it('finds trusted audio and video links once each, trailing punctuation trimmed', () => {
    const text = 'Listen: https://pfst.cf2.poecdn.net/base/a%20b.mp3. Again https://pfst.cf2.poecdn.net/base/a%20b.mp3 and http://127.0.0.1:8787/files/v/clip.webm!';
    expect(mediaLinksIn(text, cdnOrLocal)).toEqual([
      { kind: 'audio', url: 'https://pfst.cf2.poecdn.net/base/a%20b.mp3', contentType: 'audio/mpeg', name: 'a b.mp3' },
      { kind: 'video', url: 'http://127.0.0.1:8787/files/v/clip.webm', contentType: 'video/webm', name: 'clip.webm' },
    ]);
  });
  it('leaves untrusted hosts, other endings and LAN addresses alone', () => {
    const text = 'https://evil.example/x.mp3 http://192.168.1.1/delete.wav https://pfst.cf2.poecdn.net/doc.pdf http://127.0.0.1:11434/a.ogg';
    expect(mediaLinksIn(text, cdnOrLocal)).toEqual([]);
  });
  it('knows each listed ending, case-insensitively, and the cheap check agrees', () => {
    for (const ending of ['mp3', 'wav', 'ogg', 'oga', 'm4a', 'aac', 'flac', 'opus', 'MP4', 'webm', 'mov']) {
      expect(mediaTypeOfUrl(new URL(`https://a.poecdn.net/x.${ending}`)), ending).toMatch(/^(audio|video)\//);
    }
    expect(mediaTypeOfUrl(new URL('https://a.poecdn.net/x.mp3.html'))).toBeUndefined();
  });
});

describe('downloadName', () => {
  const base = { url: 'https://pfst.cf2.poecdn.net/base/image/abc123', contentType: 'image/png', bot: 'Image-Bot', time: new Date(2026, 0, 2, 3, 4, 5).getTime() };
  it("uses the file event's name, with the ending its type calls for", () => {
    expect(downloadName({ ...base, name: 'red-square.png' })).toBe('red-square.png');
    expect(downloadName({ ...base, name: 'sunset' })).toBe('sunset.png');
    expect(downloadName({ ...base, name: 'photo.jpg' })).toBe('photo.png');
    expect(downloadName({ ...base, name: 'v1.2 final' })).toBe('v1.2 final.png');
    expect(downloadName({ ...base, contentType: 'image/jpeg', name: 'a.jpeg' })).toBe('a.jpeg');
  });
  it('falls back to the URL’s last segment, then to the bot and the time', () => {
    expect(downloadName(base)).toBe('abc123.png');
    expect(downloadName({ ...base, url: 'https://pfst.cf2.poecdn.net/' })).toBe('Image-Bot 2026-01-02 03.04.05.png');
    expect(downloadName({ ...base, url: 'https://a.poecdn.net/x/clip.webm', contentType: 'video/webm' })).toBe('clip.webm');
  });
  it('never keeps slashes, control or bidi characters, nor a leading dot', () => {
    const name = downloadName({ ...base, name: '../..\\etc/pass\u0000wd\u202e\n.png' });
    expect(name).not.toMatch(/[\\/\u0000-\u001f\u202e]/);
    expect(name.startsWith('.')).toBe(false);
    expect(name.endsWith('.png')).toBe(true);
    expect(downloadName({ ...base, name: '///' })).toBe('abc123.png');
  });
  it('knows common endings and says nothing for unknown types', () => {
    expect(extensionFor('audio/mpeg')).toBe('mp3');
    expect(extensionFor('video/quicktime')).toBe('mov');
    expect(extensionFor('application/x-unknown')).toBeUndefined();
    expect(downloadName({ ...base, contentType: 'application/x-unknown', name: 'thing' })).toBe('thing');
  });
});
