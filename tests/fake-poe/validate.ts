/**
 * Validation of bot-query bodies, as strict as Poe (a pydantic QueryRequest) is: the full shape of
 * poe-protocol.md §1.2/§1.3 with version "1.2", plus the parameter types a bot declares in /v1/models.
 */
import type { ModelParameter } from './models';

export interface Attachment {
  url: string;
  content_type: string;
  name: string;
  inline_ref?: string | null;
  parsed_content?: string | null;
}

export type Role = 'system' | 'user' | 'bot' | 'tool';

export interface ProtocolMessage {
  role: Role;
  content: string;
  parameters: Record<string, unknown>;
  attachments: Attachment[];
  content_type?: 'text/markdown' | 'text/plain';
  metadata?: string | null;
  message_id?: string;
  timestamp?: number;
}

export interface QueryRequest {
  version: '1.2';
  type: 'query';
  query: ProtocolMessage[];
  user_id: string;
  conversation_id: string;
  message_id: string;
  [key: string]: unknown;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

const ROLES: readonly string[] = ['system', 'user', 'bot', 'tool'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Checks `obj[key]` against `test` when present and not null; returns an error message or null. */
function optional(obj: Record<string, unknown>, key: string, where: string, what: string, test: (v: unknown) => boolean): string | null {
  const v = obj[key];
  if (v === undefined || v === null) return null;
  return test(v) ? null : `${where}.${key} must be ${what}, got ${describe(v)}`;
}

const isString = (v: unknown): boolean => typeof v === 'string';
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
const isArray = (v: unknown): boolean => Array.isArray(v);

function validateAttachment(a: unknown, where: string): string | null {
  if (!isObject(a)) return `${where} must be an object with url, content_type and name`;
  for (const key of ['url', 'content_type', 'name'] as const) {
    if (typeof a[key] !== 'string' || a[key] === '') return `${where}.${key} must be a non-empty string`;
  }
  if (!/^https?:\/\//.test(a.url as string)) return `${where}.url must be an http(s) URL`;
  return optional(a, 'inline_ref', where, 'a string', isString) ?? optional(a, 'parsed_content', where, 'a string', isString);
}

function validateMessage(m: unknown, where: string): string | null {
  if (!isObject(m)) return `${where} must be an object, got ${describe(m)}`;
  if (typeof m.role !== 'string') return `${where}.role is required`;
  if (m.role === 'assistant') return `${where}.role 'assistant' is not a valid role; use 'bot' for assistant turns`;
  if (!ROLES.includes(m.role)) return `${where}.role must be one of system, user, bot, tool; got '${m.role}'`;
  if (typeof m.content !== 'string') return `${where}.content must be a string, got ${describe(m.content)}`;
  if (!isObject(m.parameters)) return `${where}.parameters must be an object, got ${describe(m.parameters)}`;
  if (!Array.isArray(m.attachments)) return `${where}.attachments must be an array, got ${describe(m.attachments)}`;
  for (const [i, a] of m.attachments.entries()) {
    const err = validateAttachment(a, `${where}.attachments[${i}]`);
    if (err) return err;
  }
  if (m.content_type !== undefined && m.content_type !== 'text/markdown' && m.content_type !== 'text/plain') {
    return `${where}.content_type must be 'text/markdown' or 'text/plain'`;
  }
  return (
    optional(m, 'metadata', where, 'a string', isString) ??
    optional(m, 'message_id', where, 'a string', isString) ??
    optional(m, 'timestamp', where, 'an integer (microseconds)', (v) => Number.isInteger(v)) ??
    optional(m, 'feedback', where, 'an array', isArray) ??
    optional(m, 'reactions', where, 'an array', isArray) ??
    optional(m, 'sender', where, 'an object', isObject) ??
    optional(m, 'sender_id', where, 'a string', isString) ??
    optional(m, 'referenced_message', where, 'an object', isObject)
  );
}

/** Validates a parsed JSON body as a Poe QueryRequest. */
export function validateQueryRequest(body: unknown): Validation<QueryRequest> {
  const fail = (message: string): Validation<QueryRequest> => ({ ok: false, message });
  if (!isObject(body)) return fail(`Request body must be a JSON object, got ${describe(body)}`);
  if (body.version !== '1.2') return fail(`Unsupported protocol version ${JSON.stringify(body.version)}; expected "1.2"`);
  if (body.type !== 'query') return fail(`Field 'type' must be "query", got ${JSON.stringify(body.type)}`);
  for (const key of ['user_id', 'conversation_id', 'message_id'] as const) {
    if (typeof body[key] !== 'string') return fail(`Field '${key}' is required and must be a string`);
  }
  if (!Array.isArray(body.query)) return fail(`Field 'query' must be an array of messages`);
  if (body.query.length === 0) return fail(`Field 'query' must contain at least one message`);
  for (const [i, m] of body.query.entries()) {
    const err = validateMessage(m, `query[${i}]`);
    if (err) return fail(err);
  }
  const last = body.query[body.query.length - 1] as ProtocolMessage;
  if (last.role !== 'user') return fail(`The last message of 'query' must have role 'user', got '${last.role}'`);
  const topErr =
    optional(body, 'metadata', 'body', 'a string', isString) ??
    optional(body, 'temperature', 'body', 'a number', isNumber) ??
    optional(body, 'skip_system_prompt', 'body', 'a boolean', isBoolean) ??
    optional(body, 'logit_bias', 'body', 'an object', isObject) ??
    optional(body, 'stop_sequences', 'body', 'an array of strings', (v) => Array.isArray(v) && v.every(isString)) ??
    optional(body, 'language_code', 'body', 'a string', isString) ??
    optional(body, 'adopt_current_bot_name', 'body', 'a boolean', isBoolean) ??
    optional(body, 'bot_query_id', 'body', 'a string', isString) ??
    optional(body, 'users', 'body', 'an array', isArray) ??
    optional(body, 'tools', 'body', 'an array', isArray) ??
    optional(body, 'tool_calls', 'body', 'an array', isArray) ??
    optional(body, 'tool_results', 'body', 'an array', isArray) ??
    optional(body, 'query_creation_time', 'body', 'an integer', (v) => Number.isInteger(v)) ??
    optional(body, 'extra_params', 'body', 'an object', isObject);
  if (topErr) return fail(topErr);
  return { ok: true, value: body as unknown as QueryRequest };
}

/**
 * Checks the values a user message carries against the bot's declared parameters (undeclared keys are
 * allowed, as on Poe). Returns a human error message or null.
 */
export function validateParameters(values: Record<string, unknown>, declared: readonly ModelParameter[]): string | null {
  for (const p of declared) {
    const v = values[p.name];
    if (v === undefined) continue;
    const s = p.schema;
    if ('enum' in s) {
      if (typeof v !== 'string' || !s.enum.includes(v)) return `Parameter '${p.name}' must be one of ${s.enum.map((e) => `'${e}'`).join(', ')}`;
    } else if (s.type === 'boolean') {
      if (typeof v !== 'boolean') return `Parameter '${p.name}' must be a boolean, got ${describe(v)}`;
    } else if (s.type === 'string') {
      if (typeof v !== 'string') return `Parameter '${p.name}' must be a string, got ${describe(v)}`;
    } else if (typeof v !== 'number' || !Number.isFinite(v) || v < s.minimum || v > s.maximum) {
      return `Parameter '${p.name}' must be a number between ${s.minimum} and ${s.maximum}`;
    }
  }
  return null;
}
