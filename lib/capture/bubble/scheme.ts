/**
 * Whether the page looks dark: its declared `color-scheme` when it names one scheme only, the reader's preference when
 * it supports both, else the colour actually painted behind the text (a page that darkens itself with CSS alone).
 */
export function pageIsDark(doc: Document): boolean {
  const view = doc.defaultView!;
  const declared = view.getComputedStyle(doc.documentElement).colorScheme ?? '';
  const light = /\blight\b/.test(declared);
  const dark = /\bdark\b/.test(declared);
  if (dark && !light) return true;
  if (dark && light) return view.matchMedia('(prefers-color-scheme: dark)').matches;
  for (const element of [doc.body, doc.documentElement]) {
    if (!element) continue;
    const rgb = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(view.getComputedStyle(element).backgroundColor);
    if (!rgb || (rgb[4] !== undefined && Number(rgb[4]) === 0)) continue;
    const [r, g, b] = [rgb[1], rgb[2], rgb[3]].map(Number) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 110;
  }
  return false;
}
