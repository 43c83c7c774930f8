/**
 * The sites the selection bubble stays away from ("Not on this site", issue 13), written once for the background (which
 * stores the list and builds the registration's `excludeMatches`) and for Settings (which lists them).
 *
 * A site is a host name, stored as the browser writes it in URLs: lower case, international names in punycode
 * (`bücher.de` is kept as `xn--bcher-kva.de`). Blocking a name blocks its subdomains too (`example.com` covers
 * `www.example.com` and `mail.example.com`), since a site's parts usually belong together and match patterns cannot
 * say "this host alone" for a name without also listing every subdomain; an IP address blocks that address only.
 */

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The stored form of a site the user or the page door names, or undefined when it is not a plain host name (a URL,
 * a port, a wildcard, an empty string): such entries are never stored, and ignored if found in storage.
 */
export function siteKey(site: string): string | undefined {
  const typed = site.trim().toLowerCase().replace(/\.$/, '');
  if (!typed || typed.length > 253) return undefined;
  // A bracketed IPv6 address has colons; anything else with URL syntax in it is not a host name.
  if (!/^\[[0-9a-f:.]+\]$/.test(typed) && /[/\\:@?#*%\s]/.test(typed)) return undefined;
  try {
    const url = new URL(`http://${typed}/`);
    return url.port || url.username || url.pathname !== '/' ? undefined : url.hostname || undefined;
  } catch {
    return undefined;
  }
}

/** How a stored site reads in Settings: international names in their own script (`bücher.de`). */
export function siteLabel(site: string): string {
  return site
    .split('.')
    .map((label) => (label.startsWith('xn--') ? decodePunycode(label.slice(4)) ?? label : label))
    .join('.');
}

/** The match patterns that keep the bubble off `sites`: each name with its subdomains, each address alone. */
export function bubbleExcludeMatches(sites: readonly string[]): string[] {
  const patterns = new Set<string>();
  for (const site of sites) {
    const key = siteKey(site);
    if (!key) continue;
    patterns.add(IPV4.test(key) || key.startsWith('[') ? `*://${key}/*` : `*://*.${key}/*`);
  }
  return [...patterns];
}

/** Whether a page on `hostname` is one the bubble stays away from (the same rule as {@link bubbleExcludeMatches}). */
export function isBlockedSite(hostname: string, sites: readonly string[]): boolean {
  const host = siteKey(hostname);
  if (!host) return false;
  return sites.some((site) => {
    const key = siteKey(site);
    if (!key) return false;
    return host === key || (!IPV4.test(key) && !key.startsWith('[') && host.endsWith(`.${key}`));
  });
}

/** Punycode (RFC 3492) decoding of one label, for display only (URL encodes to punycode but never decodes). */
function decodePunycode(input: string): string | undefined {
  const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
  const output: number[] = [];
  const cut = input.lastIndexOf('-');
  for (const char of cut > 0 ? input.slice(0, cut) : '') output.push(char.charCodeAt(0));
  let n = 128, bias = 72, i = 0;
  for (let index = cut > 0 ? cut + 1 : 0; index < input.length; ) {
    const oldI = i;
    for (let w = 1, k = base; ; k += base) {
      if (index >= input.length) return undefined;
      const code = input.charCodeAt(index++);
      const digit = code >= 48 && code < 58 ? code - 22 : code >= 65 && code < 91 ? code - 65 : code >= 97 && code < 123 ? code - 97 : base;
      if (digit >= base) return undefined;
      i += digit * w;
      const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (digit < t) break;
      w *= base - t;
    }
    const length = output.length + 1;
    let delta = oldI === 0 ? Math.floor((i - oldI) / damp) : (i - oldI) >> 1;
    delta += Math.floor(delta / length);
    let k = 0;
    for (; delta > ((base - tMin) * tMax) >> 1; k += base) delta = Math.floor(delta / (base - tMin));
    bias = Math.floor(k + ((base - tMin + 1) * delta) / (delta + skew));
    n += Math.floor(i / length);
    i %= length;
    output.splice(i++, 0, n);
  }
  try {
    return String.fromCodePoint(...output);
  } catch {
    return undefined;
  }
}
