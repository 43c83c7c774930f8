import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';

/** Copies text to the clipboard and says so for a moment. */
export function CopyButton({ text, label = t('common_copy') }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="ghost small"
      onClick={() => {
        void navigator.clipboard.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? t('common_copied') : label}
    </button>
  );
}
