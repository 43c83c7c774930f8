import { useState } from 'preact/hooks';
import { isTrustedImageUrl, useImageSrc } from './images';

/** A stable hue for a bot's letter avatar. */
function hue(text: string): number {
  let hash = 0;
  for (const char of text.toLowerCase()) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % 360;
}

/** Icons that loaded or failed, so a list opened again neither flashes nor asks the network again. */
const iconStatus = new Map<string, 'loaded' | 'failed'>();

/** Icons come from Poe's model list: any https icon, and a local Poe server's own (http, fetched as bytes). */
function usableIcon(iconUrl: string | undefined): string | undefined {
  return iconUrl && (/^https:/i.test(iconUrl) || isTrustedImageUrl(iconUrl)) ? iconUrl : undefined;
}

/** The bot's icon over a letter avatar (drawn by CSS from data-letter, so it is never part of a name); the letter stays when the icon does not load (offline, blocked, gone). */
export function BotAvatar({ name, iconUrl, size = 28 }: { name: string; iconUrl?: string | undefined; size?: number }) {
  const [, rerender] = useState(0);
  const icon = usableIcon(iconUrl);
  const { src, failed } = useImageSrc(icon && iconStatus.get(icon) !== 'failed' ? icon : undefined);
  const status = !icon || failed ? 'failed' : iconStatus.get(icon);
  const letter = (/[\p{L}\p{N}]/u.exec(name)?.[0] ?? '?').toUpperCase();
  const settle = (url: string, result: 'loaded' | 'failed') => {
    iconStatus.set(url, result);
    rerender((n) => n + 1);
  };
  return (
    <span class="bot-avatar" style={`--hue: ${hue(name)}; --size: ${size}px`} data-letter={letter} aria-hidden="true">
      {icon && src && status !== 'failed' && (
        <img
          key={icon}
          src={src}
          alt=""
          loading="lazy"
          decoding="async"
          referrerpolicy="no-referrer"
          class={status === 'loaded' ? 'loaded' : undefined}
          onLoad={() => settle(icon, 'loaded')}
          onError={() => settle(icon, 'failed')}
        />
      )}
    </span>
  );
}
