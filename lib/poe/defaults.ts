/**
 * Poe's own addresses and the client's default limits: plain constants, no code, so the extension's shared rules
 * (`lib/messaging/rules.ts`) state them once by importing them from here.
 */
export const DEFAULT_BASE_URL = 'https://api.poe.com';
/** Poe's upload endpoint is served from quora.com (protocol doc §3). */
export const DEFAULT_UPLOAD_BASE_URL = 'https://www.quora.com/poe_api';
/** Poe documents no upload limit; this is ours (protocol doc §8.2). */
export const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
/** Poe's OAuth consent page (protocol §9); the token endpoint is `<base URL>/token`. */
export const POE_OAUTH_AUTHORIZE_URL = 'https://poe.com/oauth/authorize';
