/**
 * The hostile side of flood.spec.ts: functions that run inside an extension page (`page.evaluate`), open ports to the
 * background and post hostile messages, recording what they sent, what each was expected to get back, and what came
 * back. Each exported function is self-contained (Playwright sends its source to the page): no imports, no closures.
 */

/** What a message must get back on its port. */
export type Expectation =
  /** Nothing at all: it is not a command the background accepts. */
  | { kind: 'none' }
  /** A valid `hello`: one snapshot, no `done`. */
  | { kind: 'snapshot' }
  /**
   * A valid command: exactly one `done`, `commandFailed` or (a send the spending guard holds for the user's OK)
   * `commandHeld` with its request id (a reused id: the first outcome).
   */
  | { kind: 'reply'; requestId: string; command: string; outcome: 'done' | 'refused' | 'held'; errorKinds?: string[] };

export interface FloodPlan {
  /** Messages to post in all (port names refused and posts after disconnect() included). */
  total: number;
  seed: number;
  /** Prefix of every request id and conversation id this flood makes up (distinct per flood). */
  tag: string;
  /** A conversation that exists and is answering now: valid commands against it must be refused as busy. */
  busyConversation?: string;
  /** Huge (MB) and deeply nested messages to include. */
  heavy: boolean;
  /** Sends to a new conversation that really ask Poe (Echo-Bot, a bot that does not exist). */
  realAsks: boolean;
  /** Ports the page disconnects itself mid-flood (it keeps posting to them). */
  closingPorts: number;
  /** Ports whose replies are awaited (the barrier). */
  steadyPorts: number;
  /** Also open ports with names the background refuses, and post commands that must not take effect on them. */
  refusedPorts: boolean;
  /** Include a few commands that cost the fake server a request (wrong keys, balance, models, usage). */
  network: boolean;
  /** Delete `busyConversation` midway (while it is answering). */
  deleteBusy?: boolean;
  /**
   * Valid commands leave the selected bot as it is (Held-Bot): a page opened next chooses its bot and asks at once,
   * and a late selectBot from a closed page's burst must not race it.
   */
  keepSelection?: boolean;
}

/** A reply the background sent on a steady port. */
export interface SeenReply {
  type: 'done' | 'commandFailed' | 'commandHeld';
  requestId: string;
  command: string;
  errorKind?: string;
  errorMessage?: string;
}

export interface FloodReport {
  /** postMessage calls made (each one a hostile message). */
  attempted: number;
  /** ...of which postMessage threw in the page (disconnected port, too deep to serialise, too big). */
  threwInPage: number;
  /** Bytes of JSON posted (what serialised). */
  bytes: number;
  byCategory: Record<string, number>;
  /** Per steady port: what was expected and what came. */
  steady: { expectations: Expectation[]; replies: SeenReply[]; snapshots: number; otherEvents: Record<string, number> }[];
  /** Events received on ports with names the background refuses (must be none) and whether each was disconnected. */
  refused: { name: string; events: number; disconnected: boolean }[];
  /** Marker strings that must never take effect (they were posted on refused ports). */
  markers: string[];
}

/**
 * Posts `plan.total` hostile messages from this extension page and leaves the state on `globalThis.__flood`
 * (see {@link floodOutstanding}, {@link floodReport}). Returns once everything is posted.
 */
export function startFlood(plan: FloodPlan): { attempted: number } {
  // A small seeded PRNG (mulberry32): the same flood every run.
  let seed = plan.seed >>> 0;
  const random = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const UI = 'poe-toolbar-ui';
  let counter = 0;
  const rid = () => `${plan.tag}-r${++counter}`;
  const missing = () => `${plan.tag}-missing-${counter}`;

  type Item = { message: unknown; expect: Expectation; category: string };
  const none = (category: string, message: unknown): Item => ({ message, category, expect: { kind: 'none' } });
  const reply = (
    category: string,
    message: { type: string; requestId: string } & Record<string, unknown>,
    outcome: 'done' | 'refused' | 'held',
    errorKinds?: string[],
  ): Item => ({
    message,
    category,
    expect: { kind: 'reply', requestId: message.requestId, command: message.type, outcome, ...(errorKinds ? { errorKinds } : {}) },
  });
  /** JSON with an own `__proto__` key (an object literal would set the prototype instead). */
  const withProtoKeys = (base: Record<string, unknown>) =>
    Object.assign(JSON.parse('{"__proto__":{"polluted":"POLLUTED"},"constructor":{"prototype":{"polluted":"POLLUTED"}}}'), base);
  const nest = (depth: number, array: boolean) => {
    let value: unknown = 'leaf';
    for (let i = 0; i < depth; i += 1) value = array ? [value] : { a: value };
    return value;
  };
  const wide = (keys: number, value: unknown) => {
    const object: Record<string, unknown> = {};
    for (let i = 0; i < keys; i += 1) object[`k${i}`] = value;
    return object;
  };
  const hostileTexts = [
    '__proto__ constructor toString hasOwnProperty',
    '<img src=x onerror=alert(1)>',
    '\u202Ereport_final\u202Cgpj.exe',
    '\u0000\uFFFF\uD800',
    '{{selection}} ${url} %s %n',
    'x'.repeat(199_999),
  ];
  const hostileBots = plan.keepSelection ? ['Held-Bot'] : ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Echo-Bot'];
  const selectableBots = plan.keepSelection ? ['Held-Bot'] : ['__proto__', 'constructor', '<img src=x onerror=alert(1)>', '\u202Egpj.exe'];
  const commandTypes = [
    'hello', 'setKey', 'removeKey', 'refreshBalance', 'refreshModels', 'setBaseUrl', 'selectBot', 'setBotParameter',
    'setPromptActions', 'selectConversation', 'renameConversation', 'deleteConversation', 'searchConversations',
    'loadConversations', 'loadEarlierMessages', 'loadUsage', 'send', 'stop', 'retry', 'editAndResend',
  ];

  /** Valid commands (each answered), most aimed at conversations that do not exist. */
  const validMakers: (() => Item)[] = [
    () => reply('missing-conversation', {
      type: 'send', requestId: rid(), conversationId: missing(), bot: pick(hostileBots), text: pick(hostileTexts),
      parameters: pick([{}, { constructor: 'x', toString: 1 }, JSON.parse('{"__proto__":"y","valueOf":true}')]), attachments: [],
    }, 'refused', ['not_found']),
    () => reply('missing-conversation', { type: 'retry', requestId: rid(), conversationId: missing(), messageId: missing() }, 'refused', ['not_found']),
    () => reply('missing-conversation', { type: 'editAndResend', requestId: rid(), conversationId: missing(), messageId: missing(), text: pick(hostileTexts) }, 'refused', ['not_found']),
    () => reply('missing-conversation', { type: 'renameConversation', requestId: rid(), conversationId: missing(), title: 'renamed' }, 'refused', ['not_found']),
    () => reply('missing-conversation', { type: 'stop', requestId: rid(), conversationId: missing() }, 'done'),
    () => reply('missing-conversation', { type: 'deleteConversation', requestId: rid(), conversationId: missing() }, 'done'),
    () => reply('missing-conversation', { type: 'loadEarlierMessages', requestId: rid(), conversationId: missing(), beforeSeq: pick([0, -1, 1e308, 2 ** 53 + 2]) }, 'done'),
    () => reply('missing-conversation', { type: 'selectConversation', requestId: rid(), conversationId: missing() }, 'done'),
    () => reply('missing-attachment', {
      type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: 'with a file that is not there', parameters: {},
      attachments: [{ pendingId: missing(), name: '<b>gone</b>.png', contentType: 'image/png', size: 1 }],
    }, 'refused', ['invalid_input']),
    () => reply('odd-values', {
      type: 'searchConversations', requestId: rid(),
      query: pick(['__proto__', 'constructor', 'toString valueOf', '.*', '(a+)+$', '\u0000', 'q'.repeat(200), '', '  ', '"; DROP TABLE', '\u202E', 'hasOwnProperty']),
    }, 'done'),
    () => reply('odd-values', { type: 'loadConversations', requestId: rid(), before: pick([-1e308, 1e308, 0, -0, 1.5, 2 ** 53 + 2, 5e-324]) }, 'done'),
    () => reply('prototype-keys', {
      type: 'setBotParameter', requestId: rid(), bot: pick(['__proto__', 'constructor', 'prototype', 'toString']),
      name: pick(['__proto__', 'constructor', 'polluted', 'valueOf']), value: pick(['POLLUTED', 1, true, null]),
    }, 'done'),
    () => reply('prototype-keys', withProtoKeys({ type: 'stop', requestId: rid(), conversationId: missing() }), 'done'),
    () => reply('prototype-keys', { type: 'selectBot', requestId: rid(), bot: pick(selectableBots) }, 'done'),
    () => reply('odd-values', {
      type: 'setBaseUrl', requestId: rid(),
      baseUrl: pick(['javascript:alert(1)', 'file:///etc/passwd', 'http://evil.example', 'https://api.poe.com.evil.example', 'https://user:pw@api.poe.com', 'data:text/html,hi', 'chrome://settings', '//api.poe.com', 'http://127.0.0.1:1/?x=1']),
    }, 'refused', ['invalid_input']),
    () => ({ message: { type: 'hello', requestId: rid(), surface: pick(['popup', 'options', 'sidepanel']), ...pick([{}, { conversationId: null }, { conversationId: missing() }]) }, category: 'hello', expect: { kind: 'snapshot' } }),
  ];
  /** Valid commands that cost the fake server a request: a few of each. */
  const networkMakers: (() => Item)[] = [
    () => reply('wrong-key', { type: 'setKey', requestId: rid(), key: `wrong-key-${counter}` }, 'refused'),
    () => reply('network', { type: pick(['refreshBalance', 'refreshModels', 'loadUsage']), requestId: rid() }, 'done'),
    () => reply('prototype-keys', {
      type: 'setPromptActions', requestId: rid(),
      actions: [{ id: '__proto__', title: 'Proto', template: '{selection} __proto__' }, { id: 'constructor', title: 'Ctor', template: '{url}', bot: 'constructor' }],
    }, 'done'),
  ];
  /** Invalid messages: no reply, no effect. */
  const invalidMakers: (() => Item)[] = [
    () => none('not-an-object', pick([null, 0, -1, 1e308, true, false, '', 'hello', 'send', [], [1, 'a'], {}])),
    () => none('wrong-type', { type: pick(['SEND', 'send ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'snapshot', 'done', 'commandFailed', 'delta', 'getKey', '', 42, null, ['send'], {}]), requestId: rid() }),
    () => none('missing-request-id', { type: pick(commandTypes.filter((type) => type !== 'hello')), conversationId: missing(), bot: 'Echo-Bot', text: 'no id', parameters: {}, attachments: [] }),
    () => none('bad-request-id', { type: 'stop', requestId: pick([42, null, '', {}, [], 'r'.repeat(101), true]), conversationId: missing() }),
    () => none('wrong-field', pick<unknown>([
      { type: 'send', requestId: rid(), conversationId: 123, bot: 'Echo-Bot', text: 'x', parameters: {}, attachments: [] },
      { type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: 42, parameters: {}, attachments: [] },
      { type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: '', parameters: {}, attachments: [] },
      { type: 'send', requestId: rid(), conversationId: null, bot: '   ', text: 'x', parameters: {}, attachments: [] },
      { type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: 'x', parameters: { a: { b: 1 } }, attachments: [] },
      { type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: 'x', parameters: { a: 'v'.repeat(10_001) }, attachments: [] },
      { type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: 'x', parameters: {}, attachments: Array.from({ length: 11 }, (_, i) => ({ pendingId: `p${i}`, name: 'n', contentType: 'text/plain', size: 1 })) },
      { type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: 'x'.repeat(200_001), parameters: {}, attachments: [] },
      { type: 'stop', requestId: rid(), conversationId: '' },
      { type: 'renameConversation', requestId: rid(), conversationId: missing(), title: '   ' },
      { type: 'loadConversations', requestId: rid(), before: '5' },
      { type: 'loadEarlierMessages', requestId: rid(), conversationId: missing(), beforeSeq: null },
      { type: 'hello', requestId: rid(), surface: 'evil' },
      { type: 'setBotParameter', requestId: rid(), bot: 'Echo-Bot', name: 'n', value: {} },
      { type: 'setPromptActions', requestId: rid(), actions: Array.from({ length: 31 }, (_, i) => ({ id: `a${i}`, title: 't', template: 't' })) },
      { type: 'selectBot', requestId: rid(), bot: 'b'.repeat(101) },
      { type: 'searchConversations', requestId: rid(), query: 'q'.repeat(201) },
      { type: 'setKey', requestId: rid(), key: '' },
    ])),
    () => none('background-event', pick<unknown>([
      { type: 'snapshot', account: { hasKey: true, baseUrl: 'x', hostAccess: true }, preferences: {}, models: [], conversations: [], moreConversations: false, conversationId: null, messages: [], hasEarlier: false },
      { type: 'done', requestId: rid(), command: 'send' },
      { type: 'delta', conversationId: missing(), messageId: missing(), append: 'injected' },
    ])),
  ];
  /** Big or deep: a few, each posted once. */
  const heavyItems = (): Item[] => [
    none('huge', { type: 'stop', requestId: 'r'.repeat(2 * 1024 * 1024), conversationId: missing() }),
    none('huge', { type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: 'x'.repeat(8 * 1024 * 1024), parameters: {}, attachments: [] }),
    none('huge', { type: 'searchConversations', requestId: rid(), query: 'q'.repeat(4 * 1024 * 1024) }),
    none('huge', { type: 'setKey', requestId: rid(), key: 'k'.repeat(2 * 1024 * 1024) }),
    none('huge', { type: 'selectBot', requestId: rid(), bot: 'b'.repeat(1024 * 1024) }),
    none('huge', { type: 't'.repeat(1024 * 1024), requestId: rid() }),
    none('huge', { type: 'renameConversation', requestId: rid(), conversationId: missing(), title: 'T'.repeat(1024 * 1024) }),
    none('huge', 's'.repeat(8 * 1024 * 1024)),
    none('deep', nest(1_000, false)),
    none('deep', nest(5_000, true)),
    none('deep', { type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: 'x', parameters: { p: nest(20_000, false) }, attachments: [] }),
    none('deep', { type: 'stop', requestId: rid(), conversationId: nest(5_000, false) }),
    none('deep', { type: 'setPromptActions', requestId: rid(), actions: nest(2_000, true) }),
    none('deep', nest(200_000, false)),
    none('wide', { type: 'stop', requestId: rid(), conversationId: wide(100_000, 1) }),
    none('wide', { type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: 'x', parameters: { ...wide(20_000, 'v'), bad: {} }, attachments: [] }),
    none('wide', wide(50_000, 'x')),
  ];
  /** Real asks in new conversations: allowed, answered, and the answer arrives (or fails) later. */
  const realAskItems = (): Item[] => [
    reply('real-ask', { type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: '__proto__ constructor toString hasOwnProperty', parameters: { constructor: 'x', __proto__x: 1 }, attachments: [] }, 'done'),
    // Not in Poe's list: the guard holds it until the user allows the bot (issue 12).
    reply('real-ask', { type: 'send', requestId: rid(), conversationId: null, bot: '__proto__', text: 'a bot that does not exist', parameters: {}, attachments: [] }, 'held'),
    reply('real-ask', { type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: '\u202Eevil title\u202C and <script>alert(1)</script>', parameters: {}, attachments: [] }, 'done'),
  ];
  /** Commands against a conversation that is answering right now. */
  const busyMakers = (conversationId: string): (() => Item)[] => [
    () => reply('busy', { type: 'send', requestId: rid(), conversationId, bot: 'Held-Bot', text: 'again', parameters: {}, attachments: [] }, 'refused', ['busy', 'not_found']),
    () => reply('busy', { type: 'retry', requestId: rid(), conversationId, messageId: missing() }, 'refused', ['busy', 'not_found']),
    () => reply('busy', { type: 'editAndResend', requestId: rid(), conversationId, messageId: missing(), text: 'edited' }, 'refused', ['busy', 'not_found']),
    () => reply('busy', { type: 'loadEarlierMessages', requestId: rid(), conversationId, beforeSeq: 1 }, 'done'),
    () => reply('busy', { type: 'searchConversations', requestId: rid(), query: 'Churn' }, 'done'),
  ];

  // The ports: steady ones (awaited), ones the page closes mid-flood, and ones whose names the background refuses.
  type Line = { port: chrome.runtime.Port; expectations: Expectation[]; replies: SeenReply[]; snapshots: number; otherEvents: Record<string, number>; disconnected: boolean; events: number };
  const open = (name: string): Line => {
    const port = chrome.runtime.connect({ name });
    const line: Line = { port, expectations: [], replies: [], snapshots: 0, otherEvents: {}, disconnected: false, events: 0 };
    port.onMessage.addListener((event: { type?: string; requestId?: string; command?: string; error?: { kind?: string; message?: string } }) => {
      line.events += 1;
      if (event.type === 'done' || event.type === 'commandFailed' || event.type === 'commandHeld') {
        line.replies.push({
          type: event.type,
          requestId: String(event.requestId),
          command: String(event.command),
          ...(event.error ? { errorKind: String(event.error.kind), errorMessage: String(event.error.message) } : {}),
        });
      } else if (event.type === 'snapshot') {
        line.snapshots += 1;
      } else {
        const type = String(event.type);
        line.otherEvents[type] = (line.otherEvents[type] ?? 0) + 1;
      }
    });
    port.onDisconnect.addListener(() => {
      line.disconnected = true;
      void chrome.runtime.lastError;
    });
    return line;
  };
  const steady = Array.from({ length: plan.steadyPorts }, () => open(UI));
  const closing = Array.from({ length: plan.closingPorts }, () => open(UI));
  const refusedNames = ['', `${UI} `, UI.toUpperCase(), 'poe-toolbar', '__proto__', 'constructor', 'n'.repeat(10_000)];
  const refused = plan.refusedPorts ? refusedNames.map((name) => ({ name, line: open(name) })) : [];

  let attempted = 0;
  let threwInPage = 0;
  let bytes = 0;
  const byCategory: Record<string, number> = {};
  const post = (line: Line, item: Item) => {
    attempted += 1;
    byCategory[item.category] = (byCategory[item.category] ?? 0) + 1;
    try {
      line.port.postMessage(item.message);
    } catch {
      threwInPage += 1;
      return;
    }
    // Counted only when posted: a message that did not leave the page expects nothing.
    if (item.expect.kind !== 'none') line.expectations.push(item.expect);
    bytes += JSON.stringify(item.message)?.length ?? 0;
  };

  // Markers that must never take effect: valid commands on ports the background refuses. (A sign-out or a base URL
  // change would also break the test's final ask.)
  const markers = [`${plan.tag}-REFUSED-PORT-MARKER`];
  for (const { line } of refused) {
    const marker = markers[0]!;
    const attempts: unknown[] = [
      { type: 'hello', requestId: rid(), surface: 'sidepanel' },
      { type: 'setBotParameter', requestId: rid(), bot: marker, name: marker, value: marker },
      { type: 'selectBot', requestId: rid(), bot: marker },
      { type: 'send', requestId: rid(), conversationId: null, bot: 'Echo-Bot', text: marker, parameters: {}, attachments: [] },
      { type: 'setPromptActions', requestId: rid(), actions: [{ id: 'm', title: marker, template: marker }] },
      { type: 'removeKey', requestId: rid() },
      { type: 'setBaseUrl', requestId: rid(), baseUrl: 'https://api.poe.com' },
      { type: 'refreshBalance', requestId: rid() },
      { type: 'stop', requestId: rid(), conversationId: missing() },
      null,
    ];
    for (const message of attempts) post(line, none('refused-port', message));
  }

  // Ports the page itself closes mid-command: a few valid commands, disconnect(), then more posts (they throw here;
  // the background must carry out the first ones and post their outcomes to a closed port without throwing).
  for (const line of closing) {
    for (let i = 0; i < 8; i += 1) post(line, pick(validMakers)());
    line.port.disconnect();
    line.disconnected = true;
    for (let i = 0; i < 8; i += 1) post(line, pick([...validMakers, ...invalidMakers])());
  }

  const fixed: Item[] = [...(plan.heavy ? heavyItems() : []), ...(plan.realAsks ? realAskItems() : [])];
  if (plan.deleteBusy && plan.busyConversation) {
    fixed.push(pick(busyMakers(plan.busyConversation))());
    fixed.push(reply('busy', { type: 'deleteConversation', requestId: rid(), conversationId: plan.busyConversation }, 'done'));
  }
  for (let i = 0; i < 6 && plan.network; i += 1) fixed.push(pick(networkMakers)());
  const remaining = plan.total - attempted;
  const sentValid: { line: Line; expect: Extract<Expectation, { kind: 'reply' }> }[] = [];
  for (let i = 0; i < remaining; i += 1) {
    const line = steady[i % steady.length]!;
    let item: Item;
    const roll = random();
    if (i < fixed.length) item = fixed[i]!;
    else if (plan.busyConversation && roll < 0.35) item = pick(busyMakers(plan.busyConversation))();
    else if (roll < 0.45) item = pick(invalidMakers)();
    else if (roll < 0.52 && sentValid.length > 0) {
      // A request id used before (on any steady port), now with another command: the first outcome, not redone.
      const first = pick(sentValid.slice(-50)).expect;
      item = {
        category: 'reused-request-id',
        message: { type: 'stop', requestId: first.requestId, conversationId: missing() },
        expect: first,
      };
    } else item = pick(validMakers)();
    post(line, item);
    if (item.expect.kind === 'reply' && item.category !== 'reused-request-id') sentValid.push({ line, expect: item.expect });
  }

  const state = {
    steady,
    refused,
    markers,
    attempted,
    threwInPage,
    bytes,
    byCategory,
  };
  (globalThis as unknown as { __flood: typeof state }).__flood = state;
  return { attempted };
}

/** Replies and snapshots still owed on the steady ports (0: every valid command was answered). */
export function floodOutstanding(): number {
  type Line = { expectations: Expectation[]; replies: SeenReply[]; snapshots: number };
  const state = (globalThis as unknown as { __flood: { steady: Line[] } }).__flood;
  let owed = 0;
  for (const line of state.steady) {
    const replies = line.expectations.filter((each) => each.kind === 'reply').length;
    const snapshots = line.expectations.filter((each) => each.kind === 'snapshot').length;
    owed += Math.max(0, replies - line.replies.length) + Math.max(0, snapshots - line.snapshots);
  }
  return owed;
}

/** Posts one well-formed command on a fresh port and resolves with its reply: the background has read everything before it. */
export function floodSentinel(requestId: string): Promise<{ type: string; requestId: string; command: string }> {
  return new Promise((resolve) => {
    const port = chrome.runtime.connect({ name: 'poe-toolbar-ui' });
    port.onMessage.addListener((event: { type: string; requestId: string; command: string }) => {
      if (event.requestId !== requestId) return;
      port.disconnect();
      resolve(event);
    });
    port.postMessage({ type: 'stop', requestId, conversationId: `${requestId}-none` });
  });
}

export function floodReport(): FloodReport {
  type Line = {
    expectations: Expectation[];
    replies: SeenReply[];
    snapshots: number;
    otherEvents: Record<string, number>;
    disconnected: boolean;
    events: number;
  };
  const state = (globalThis as unknown as {
    __flood: {
      steady: Line[];
      refused: { name: string; line: Line }[];
      markers: string[];
      attempted: number;
      threwInPage: number;
      bytes: number;
      byCategory: Record<string, number>;
    };
  }).__flood;
  return {
    attempted: state.attempted,
    threwInPage: state.threwInPage,
    bytes: state.bytes,
    byCategory: state.byCategory,
    steady: state.steady.map((line) => ({
      expectations: line.expectations,
      replies: line.replies,
      snapshots: line.snapshots,
      otherEvents: line.otherEvents,
    })),
    refused: state.refused.map(({ name, line }) => ({ name: name.slice(0, 40), events: line.events, disconnected: line.disconnected })),
    markers: state.markers,
  };
}
