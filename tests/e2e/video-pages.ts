/**
 * A local imitation of YouTube's watch pages for the video tests (issue 14): `/watch?v=<id>` with an inline
 * `var ytInitialPlayerResponse = {…}` (videoDetails, caption tracks), a `<video>` whose currentTime a seek sets (no
 * media: headless Chromium has no proprietary codecs, and a video without a source still keeps the time it is given),
 * comments and recommendations that must never reach Poe; and `/api/timedtext`, answering json3 when asked for it
 * (manual captions) or srv3 XML whatever was asked (the automatic track: either may come back).
 */

interface FixtureVideo {
  title: string;
  channel: string;
  lengthSeconds: number;
  description: string;
  tracks: { languageCode: string; kind?: 'asr'; name: string }[];
}

export const VIDEOS: Record<string, FixtureVideo> = {
  rivers0001: {
    title: 'How rivers shape valleys',
    channel: 'Fixture River Channel',
    lengthSeconds: 754,
    description: 'A walk along a river, from its spring to the sea.',
    tracks: [
      { languageCode: 'en', kind: 'asr', name: 'English (auto-generated)' },
      { languageCode: 'en', name: 'English' },
      { languageCode: 'de', name: 'Deutsch' },
    ],
  },
  autoonly01: {
    title: 'Rivers with automatic captions',
    channel: 'Fixture River Channel',
    lengthSeconds: 300,
    description: 'Only YouTube-style automatic captions.',
    tracks: [{ languageCode: 'en', kind: 'asr', name: 'English (auto-generated)' }],
  },
  nocaption1: {
    title: 'Silent drone flight over the Rhine',
    channel: 'Fixture Drone Channel',
    lengthSeconds: 200,
    description: 'Drone footage of the Rhine valley at dawn.',
    tracks: [],
  },
};

/** What the comments and recommendations say: a test proves none of it reaches Poe. */
export const PAGE_NOISE = ['COMMENT: the narrator claims the Danube is made of chocolate', 'RECOMMENDED: Top 10 volcano facts'];

const CUES: Record<string, [number, string][]> = {
  'rivers0001:en': [
    [5.2, 'Rivers begin as small streams in the hills.'],
    [9.8, 'They gather water from rain and melting snow.'],
    [42, 'A young river cuts downward into its valley.'],
    [125.5, 'Older rivers wind across wide flood plains.'],
  ],
  'rivers0001:de': [[5.2, 'Flüsse beginnen als kleine Bäche.']],
  'autoonly01:en': [
    [3, 'so um rivers are basically'],
    [61, 'water going downhill'],
  ],
};

function watchPage(id: string, video: FixtureVideo): string {
  const response = {
    videoDetails: { videoId: id, title: video.title, author: video.channel, lengthSeconds: String(video.lengthSeconds), shortDescription: video.description },
    ...(video.tracks.length > 0
      ? {
          captions: {
            playerCaptionsTracklistRenderer: {
              captionTracks: video.tracks.map((track) => ({
                baseUrl: `/api/timedtext?v=${id}&lang=${track.languageCode}${track.kind ? `&kind=${track.kind}` : ''}`,
                languageCode: track.languageCode,
                name: { simpleText: track.name },
                ...(track.kind ? { kind: track.kind } : {}),
              })),
              audioTracks: [{ defaultCaptionTrackIndex: 1 }],
            },
          },
        }
      : {}),
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${video.title} - Fixture Tube</title>
<script>var ytInitialPlayerResponse = ${JSON.stringify(response)};var meta = {"watch": true};</script></head>
<body><div id="movie_player"><video id="player" width="640" height="360" controls></video></div>
<h1>${video.title}</h1><p>${video.channel}</p>
<div id="comments"><p>${PAGE_NOISE[0]}</p><p>Great video, thanks!</p></div>
<div id="related"><p>${PAGE_NOISE[1]}</p></div></body></html>`;
}

function timedText(url: URL): { type: string; body: string } | undefined {
  const id = url.searchParams.get('v') ?? '';
  const cues = CUES[`${id}:${url.searchParams.get('lang')}`];
  if (!cues) return undefined;
  if (url.searchParams.get('kind') === 'asr' || url.searchParams.get('fmt') !== 'json3') {
    const ps = cues.map(([start, text]) => `<p t="${Math.round(start * 1000)}" d="2000"><s>${text.replace(/&/g, '&amp;')}</s></p>`).join('');
    return { type: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><body>${ps}</body></timedtext>` };
  }
  const events = cues.map(([start, text]) => ({ tStartMs: Math.round(start * 1000), dDurationMs: 2000, segs: [{ utf8: text }] }));
  return { type: 'application/json; charset=utf-8', body: JSON.stringify({ wireMagic: 'pb3', events }) };
}

/** The watch page or timed text `url` asks for; undefined when it is not one of these routes. */
export function videoRoute(url: URL): { status: number; type: string; body: string } | undefined {
  if (url.pathname === '/watch') {
    const id = url.searchParams.get('v') ?? '';
    const video = VIDEOS[id];
    return video ? { status: 200, type: 'text/html; charset=utf-8', body: watchPage(id, video) } : { status: 404, type: 'text/plain', body: 'no such video' };
  }
  if (url.pathname === '/api/timedtext') {
    const found = timedText(url);
    return found ? { status: 200, ...found } : { status: 404, type: 'text/plain', body: '' };
  }
  return undefined;
}
