/**
 * The Poe API client of Poe Toolbar: bot queries as a stream of events, uploads, balance, models, usage and video jobs.
 * Pure TypeScript (fetch, streams, AbortSignal); no browser extension APIs, so it runs in the service worker and in
 * Node tests alike.
 */
export {
  streamBotResponse,
  abortableSleep,
  retryDelayMs,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
} from './stream';
export type { StreamBotOptions, Sleep } from './stream';
export { uploadFile, uploadFileFromUrl, DEFAULT_MAX_UPLOAD_BYTES } from './upload';
export type { UploadFileOptions } from './upload';
export { getBalance, getBalanceDetails, getPointsHistory, parseBalance } from './account';
export type { AccountRequestOptions, PointsHistoryOptions } from './account';
export {
  createVideoJob,
  getVideoJob,
  downloadVideoContent,
  parseVideoJob,
  toInputImage,
  DEFAULT_MAX_VIDEO_BYTES,
} from './videos';
export type { VideoJob, VideoJobStatus, VideoRequestOptions, CreateVideoOptions, DownloadVideoOptions } from './videos';
export { listModels, parseModel, parseParameter, parameterControl } from './models';
export type { ListModelsOptions } from './models';
export { PoeError, MAX_RETRY_AFTER_MS, REDIRECT_MESSAGE, parseRetryAfter } from './errors';
export type { PoeErrorKind, PoeErrorOptions } from './errors';
export {
  APP_TITLE,
  APP_URL,
  DEFAULT_BASE_URL,
  DEFAULT_UPLOAD_BASE_URL,
  PROTOCOL_VERSION,
  botUrl,
  buildQueryRequest,
  toProtocolAttachment,
  toProtocolMessage,
  trimBaseUrl,
} from './request';
export { readSseMessages, decodeBotEvent, MAX_EVENT_CHARS } from './sse';
export type { ReadSseOptions, SseMessage, WireEvent } from './sse';
export type * from './types';
export {
  OAUTH_SCOPE,
  base64Url,
  buildAuthorizeUrl,
  cancelledError,
  codeChallenge,
  createPkce,
  createState,
  exchangeCode,
  oauthEndpoints,
  parseCallback,
  tokenError,
} from './oauth';
export type { AuthorizeRequest, IssuedKey, OAuthEndpoints, Pkce, TokenRequest } from './oauth';
