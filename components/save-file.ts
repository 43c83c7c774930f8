/** Saves bytes under `name` through the browser's own download (the page's `<a download>`). */
export function saveBlob(blob: Blob, name: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  // The download has taken the bytes once the click is handled.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** Saves text (an export) as a file of this type. */
export function saveTextFile(name: string, mimeType: string, text: string): void {
  saveBlob(new Blob([text], { type: `${mimeType};charset=utf-8` }), name);
}
