import type { ComponentChildren } from 'preact';
import { hasHidden, hiddenParts } from '@/lib/markdown/visible-text';

/**
 * Untrusted text as children: each bidi control or invisible character shown as a styled marker
 * (`<span class="hidden-mark" title="Right-to-left override (U+202E), shown instead of obeyed">⟨RLO⟩</span>`), never
 * obeyed. The text content reads as `showHidden(text)`. Text without any comes back as it is (no extra nodes).
 * A function, not a component: history rows call it for every title and snippet.
 */
export function marked(text: string): ComponentChildren {
  if (!hasHidden(text)) return text;
  return hiddenParts(text).map((part) =>
    typeof part === 'string' ? (
      part
    ) : (
      <span class="hidden-mark" title={part.title}>
        {part.marker}
      </span>
    ),
  );
}
