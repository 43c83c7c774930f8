/**
 * Times in a video (issue 14), shared by the transcript the background writes and the links the panel draws: how a
 * time is written ([m:ss], [h:mm:ss]) and the address that opens a video at a time.
 */

/** The watch id of a watch page's address (`/watch?v=ID`, YouTube's shape, on whatever host serves it). */
export function watchId(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const id = parsed.searchParams.get('v');
    return parsed.pathname === '/watch' && id && /^[\w-]{1,64}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** `m:ss`, or `h:mm:ss` when `withHours` (a video an hour long or more writes every time that way). */
export function formatTimestamp(seconds: number, withHours = false): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return withHours || h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * The video's address at `seconds`, which works anywhere (a new tab, another browser): a watch page takes `t=<n>s`,
 * any other page a media fragment `#t=<n>`. Undefined for an address that is not http(s).
 */
export function videoTimeUrl(url: string, seconds: number): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const at = Math.max(0, Math.floor(seconds));
  if (watchId(url)) parsed.searchParams.set('t', `${at}s`);
  else parsed.hash = `t=${at}`;
  return parsed.href;
}

/** The same video: the same watch id on the same site, or the same address (its fragment and time aside). */
export function sameVideo(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const id = watchId(a);
    if (id) return id === watchId(b) && x.host.replace(/^(www|m)\./, '') === y.host.replace(/^(www|m)\./, '');
    x.hash = '';
    y.hash = '';
    return x.href === y.href;
  } catch {
    return false;
  }
}
