/**
 * Poe documents no upload limit; this is ours (protocol doc §8.2). The composer refuses larger files before they are
 * parked, and the background checks again before any byte is sent.
 */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
