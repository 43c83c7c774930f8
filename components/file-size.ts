import { t, uiLocale } from '@/lib/i18n';

/** A file's size as people read it: "900 B", "44 KB", "1.2 MB" (the reader's decimal mark and unit names). */
export function formatBytes(bytes: number): string {
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(uiLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) return t('fileSize_bytes', number(bytes, 0));
  if (bytes < 1024 * 1024) return t('fileSize_kilobytes', number(bytes / 1024, 0));
  return t('fileSize_megabytes', number(bytes / 1024 / 1024, 1));
}
