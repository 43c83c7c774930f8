/**
 * The media files the fake server serves for the media bots (issue 15): a short WAV tone made here (a PCM header
 * written by hand, no encoder needed), a second PNG so an answer can carry two images, and the VP8 WebM fixture.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png';

/** Mono 16-bit PCM WAV: a sine tone of `hz` for `seconds`, at `rate` samples per second. */
export function sineWav(seconds = 0.5, hz = 440, rate = 8000): Buffer {
  const samples = Math.round(seconds * rate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 12000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A solid blue square, the second image of Gallery-Bot's answer. */
export function blueSquarePng(size = 48): Buffer {
  return encodePng(size, size, () => [40, 80, 220]);
}

/** The 2 s 160×90 VP8 WebM fixture. */
export function sampleWebm(): Buffer {
  return readFileSync(fileURLToPath(new URL('../fixtures/media/sample.webm', import.meta.url)));
}

/** What the server serves under /files/<id>/<name>, and the URL paths the bots send. */
export const MEDIA_FILES = [
  { id: 'img-blue-square', name: 'blue-square.png', mimeType: 'image/png', content: blueSquarePng },
  { id: 'aud-tone', name: 'tone.wav', mimeType: 'audio/wav', content: () => sineWav() },
  { id: 'vid-sample', name: 'sample.webm', mimeType: 'video/webm', content: sampleWebm },
] as const;

export type MediaUrls = { blueImage: string; audio: string; video: string };

export function mediaUrls(baseUrl: string): MediaUrls {
  const [blue, audio, video] = MEDIA_FILES.map((file) => `${baseUrl}/files/${file.id}/${file.name}`);
  return { blueImage: blue ?? '', audio: audio ?? '', video: video ?? '' };
}
