import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PreferenceStore } from '@/lib/chat/preferences';

describe('PreferenceStore', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a bot or parameter called like what every object inherits (__proto__, constructor, toString) is just a name', async () => {
    const store = new PreferenceStore();
    // Nothing stored: no bot has parameters, whatever it is called (not Object.prototype, not the Object function).
    for (const bot of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) expect(await store.parametersFor(bot)).toEqual({});

    await store.setParameter('__proto__', 'polluted', 'yes');
    await store.setParameter('constructor', '__proto__', 1);
    await store.setParameter('Echo-Bot', 'temperature', 0.5);

    expect(await store.parametersFor('__proto__')).toEqual({ polluted: 'yes' });
    const constructorBot = await store.parametersFor('constructor');
    expect(Object.hasOwn(constructorBot, '__proto__') && constructorBot['__proto__']).toBe(1);
    expect(Object.getPrototypeOf(constructorBot)).toBe(Object.prototype);
    expect(await store.parametersFor('Echo-Bot')).toEqual({ temperature: 0.5 });
    expect(await store.parametersFor('toString')).toEqual({});
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();

    // Back to the default: the name goes, the others stay.
    await store.setParameter('constructor', '__proto__', null);
    expect(Object.keys(await store.parametersFor('constructor'))).toEqual([]);
    expect((await store.get()).botParameters).toMatchObject({ 'Echo-Bot': { temperature: 0.5 } });
  });
});
