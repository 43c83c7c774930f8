import { describe, expect, test } from 'vitest';
import { chooseTrack } from '@/lib/capture/video/caption-tracks';
import { balancedObject, findPlayerResponse, playerFacts, type CaptionTrack } from '@/lib/capture/video/player-response';
import { decodeEntities, parseJson3, parseTimedText, parseTimedTextXml } from '@/lib/capture/video/timed-text';
import { parseWebVtt, vttTime } from '@/lib/capture/video/webvtt';

const RESPONSE = {
  videoDetails: {
    videoId: 'abc123XYZ_-',
    title: 'How rivers {really} work',
    author: 'River Channel',
    lengthSeconds: '754',
    shortDescription: 'A walk along a river. "Quotes" and } braces {',
  },
  captions: {
    playerCaptionsTracklistRenderer: {
      captionTracks: [
        { baseUrl: '/api/timedtext?v=abc123XYZ_-&lang=en', languageCode: 'en', name: { simpleText: 'English' } },
        { baseUrl: '/api/timedtext?v=abc123XYZ_-&lang=en&kind=asr', languageCode: 'en', kind: 'asr', name: { runs: [{ text: 'English (auto-generated)' }] } },
        { baseUrl: '/api/timedtext?v=abc123XYZ_-&lang=de', languageCode: 'de', name: { simpleText: 'Deutsch' } },
        { languageCode: 'fr' },
      ],
      audioTracks: [{ defaultCaptionTrackIndex: 0 }],
    },
  },
};

const page = (script: string) =>
  `<html><head><script>var ytcfg = {"a": "ytInitialPlayerResponse"};</script></head><body><script nonce="x">${script}</script><div id="comments">Great video! ytInitialPlayerResponse</div></body></html>`;

describe('the player response in a watch page', () => {
  test('is cut out of `var ytInitialPlayerResponse = {…};` with braces and quotes inside its strings', () => {
    const facts = playerFacts(page(`var ytInitialPlayerResponse = ${JSON.stringify(RESPONSE)};var meta = {};`), 'abc123XYZ_-');
    expect(facts).toMatchObject({
      videoId: 'abc123XYZ_-',
      title: 'How rivers {really} work',
      channel: 'River Channel',
      durationSeconds: 754,
      description: 'A walk along a river. "Quotes" and } braces {',
      defaultTrack: 0,
    });
    expect(facts?.tracks.map((track) => [track.languageCode, track.kind, track.name])).toEqual([
      ['en', undefined, 'English'],
      ['en', 'asr', 'English (auto-generated)'],
      ['de', undefined, 'Deutsch'],
    ]);
  });

  test('is found in the window["…"] form, past mentions that are not assignments', () => {
    const html = page(`window["ytInitialPlayerResponse"] = ${JSON.stringify(RESPONSE)};`);
    expect(playerFacts(html, 'abc123XYZ_-')?.title).toBe('How rivers {really} work');
  });

  test('belongs to another video after in-app navigation: none', () => {
    expect(playerFacts(page(`var ytInitialPlayerResponse = ${JSON.stringify(RESPONSE)};`), 'otherVideo1')).toBeUndefined();
  });

  test('bad input is harmless: no response, unclosed JSON, not JSON, null', () => {
    expect(findPlayerResponse('<html>nothing here</html>')).toBeUndefined();
    expect(findPlayerResponse('var ytInitialPlayerResponse = {"a": "b"')).toBeUndefined();
    expect(findPlayerResponse('var ytInitialPlayerResponse = {a: b};')).toBeUndefined();
    expect(findPlayerResponse('var ytInitialPlayerResponse = null;')).toBeUndefined();
    expect(playerFacts('var ytInitialPlayerResponse = {"videoDetails": 5};', 'x')).toBeUndefined();
    expect(balancedObject('{"a": "\\"}"}', 0)).toBe('{"a": "\\"}"}');
  });

  test('a video without captions has no tracks', () => {
    const { captions: _none, ...bare } = RESPONSE;
    expect(playerFacts(page(`var ytInitialPlayerResponse = ${JSON.stringify(bare)};`), 'abc123XYZ_-')?.tracks).toEqual([]);
  });
});

describe('which captions are read', () => {
  const en: CaptionTrack = { baseUrl: 'en', languageCode: 'en' };
  const enAuto: CaptionTrack = { baseUrl: 'en-asr', languageCode: 'en', kind: 'asr' };
  const de: CaptionTrack = { baseUrl: 'de', languageCode: 'de' };
  const ptBr: CaptionTrack = { baseUrl: 'pt-BR', languageCode: 'pt-BR' };
  const pt: CaptionTrack = { baseUrl: 'pt', languageCode: 'pt' };

  test("the user's language when the video has it, the uploader's captions before automatic ones", () => {
    expect(chooseTrack([enAuto, de, en], ['en-US'])).toBe(en);
    expect(chooseTrack([enAuto, de, en], ['de-DE'])).toBe(de);
    expect(chooseTrack([pt, ptBr], ['pt-BR'])).toBe(ptBr);
  });

  test("else the video's own language: the spoken one of the automatic track, else the player's default", () => {
    expect(chooseTrack([de, enAuto, en], ['ja'])).toBe(en);
    expect(chooseTrack([enAuto], ['ja'])).toBe(enAuto);
    expect(chooseTrack([en, de], ['ja'], 1)).toBe(de);
    expect(chooseTrack([en, de], ['ja'])).toBe(en);
  });

  test('no tracks: none', () => {
    expect(chooseTrack([], ['en'])).toBeUndefined();
  });
});

describe('timed text', () => {
  test('json3: events with segments, newlines and empty events dropped', () => {
    const body = JSON.stringify({
      wireMagic: 'pb3',
      events: [
        { tStartMs: 0, dDurationMs: 1000, id: 1, wpWinPosId: 1 },
        { tStartMs: 1200, dDurationMs: 2000, segs: [{ utf8: 'Rivers' }, { utf8: ' begin', tOffsetMs: 300 }, { utf8: ' small' }] },
        { tStartMs: 3100, aAppend: 1, segs: [{ utf8: '\n' }] },
        { tStartMs: 65_500, segs: [{ utf8: 'and end\nin the sea.' }] },
      ],
    });
    expect(parseJson3(body)).toEqual([
      { start: 1.2, text: 'Rivers begin small' },
      { start: 65.5, text: 'and end in the sea.' },
    ]);
    expect(parseTimedText(`  ${body}`)).toHaveLength(2);
  });

  test('classic XML: seconds, entities escaped twice', () => {
    const body = `<?xml version="1.0" encoding="utf-8" ?><transcript><text start="0.5" dur="2.1">It&amp;#39;s a river &amp;amp; a &lt;b&gt;valley&lt;/b&gt;</text><text start="3" dur="1">Next</text><text start="4" dur="1"></text></transcript>`;
    expect(parseTimedTextXml(body)).toEqual([
      { start: 0.5, text: "It's a river & a <b>valley</b>" },
      { start: 3, text: 'Next' },
    ]);
  });

  test('srv3 XML: milliseconds, word spans', () => {
    const body = `<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><body><p t="1200" d="2000"><s ac="0">Rivers</s><s t="300"> begin</s></p><p t="62000" d="1000">Caf&#233; talk</p></body></timedtext>`;
    expect(parseTimedText(body)).toEqual([
      { start: 1.2, text: 'Rivers begin' },
      { start: 62, text: 'Café talk' },
    ]);
  });

  test('bad input gives no cues, never throws', () => {
    for (const body of ['', 'null', '{"events": 5}', '{not json', '<html>error page</html>', '403 Forbidden']) expect(parseTimedText(body)).toEqual([]);
    expect(decodeEntities('&#0; &#x110000; &bogus;')).toBe('&#0; &#x110000; &bogus;');
  });
});

describe('WebVTT', () => {
  test('real-world shapes: header text, NOTE and STYLE blocks, cue ids, settings, voice and class tags, entities, multi-line cues, CRLF', () => {
    const vtt = [
      'WEBVTT - Rivers of Europe',
      'Kind: captions',
      '',
      'NOTE This file was made by hand',
      'and spans two lines',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      '1',
      '00:00:01.000 --> 00:00:04.000 align:start position:10%',
      '<v Ada Fixture>Rivers begin &amp; end</v>',
      '',
      'intro-2',
      '00:05.250 --> 00:07.000',
      '<c.yellow>As small</c> streams',
      'in the hills &lt;3',
      '',
      '01:02:03.5 --> 01:02:05.000',
      'Much later<00:01:02.700> on',
      '',
    ].join('\r\n');
    expect(parseWebVtt(vtt)).toEqual([
      { start: 1, text: 'Ada Fixture: Rivers begin & end' },
      { start: 5.25, text: 'As small streams in the hills <3' },
      { start: 3723.5, text: 'Much later on' },
    ]);
  });

  test('not WebVTT, or broken timings: no cues', () => {
    expect(parseWebVtt('1\n00:00:01,000 --> 00:00:02,000\nSRT, not VTT\n')).toEqual([]);
    expect(parseWebVtt('WEBVTT\n\nxx:yy --> 00:01.000\nbroken\n\n00:02.000 --> 00:03.000\n\n')).toEqual([]);
    expect(vttTime('1:2:3')).toBeUndefined();
    expect(vttTime('00:01.5')).toBe(1.5);
  });
});
