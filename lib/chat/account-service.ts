import { getBalance, getPointsHistory, listModels, type PointsHistoryEntry } from '@/lib/poe';
import type { AccountState, ErrorInfo, ModelSummary, StoredKeyInfo } from '@/lib/messaging/contracts';
import { deleteApiKey, maskApiKey, readApiKey, readKeyInfo, writeApiKey } from '@/lib/storage/key-vault';
import { toAccountErrorInfo as errorInfo } from './errors';
import { toModelSummary } from './model-summary';
import { findPointsEntry } from './points-cost';
import { normaliseBaseUrl } from '@/lib/messaging/base-url';
import { baseUrlSetting, modelCacheSetting } from '@/lib/storage/settings';

/** The account side of the background: the key (validated, stored, masked), the balance, the model list, settings. */
export class AccountService {
  private balance: number | undefined;
  private balanceError: ErrorInfo | undefined;
  private models: ModelSummary[] | undefined;

  /**
   * `hasHostAccess`: whether the browser still lets the extension reach a base URL (the user can revoke it).
   * `signInStatus`: Sign in with Poe's state, when this build can sign in (lib/chat/sign-in.ts).
   */
  constructor(
    private readonly hasHostAccess: (baseUrl: string) => Promise<boolean> = async () => true,
    private readonly signInStatus: () => AccountState['signIn'] = () => undefined,
  ) {}

  async state(): Promise<AccountState> {
    const [key, keyInfo] = await Promise.all([readApiKey(), readKeyInfo()]);
    const baseUrl = await baseUrlSetting.getValue();
    const signIn = this.signInStatus();
    return {
      hasKey: key !== undefined,
      ...(key ? { keyHint: maskApiKey(key) } : {}),
      ...(key && keyInfo ? { keyInfo } : {}),
      ...(signIn ? { signIn } : {}),
      ...(this.balance !== undefined ? { balance: this.balance } : {}),
      ...(this.balanceError ? { balanceError: this.balanceError } : {}),
      baseUrl,
      hostAccess: await this.hasHostAccess(baseUrl),
    };
  }

  /** Query ids of points-history entries already matched to an answer. */
  private readonly matchedEntries = new Set<string>();

  /** The points-history entry that paid for an answer; undefined when Poe has not listed it (yet). */
  async pointsEntryFor(answer: { bot: string; createdAt: number }): Promise<PointsHistoryEntry | undefined> {
    const apiKey = await readApiKey();
    if (!apiKey) return undefined;
    try {
      const { entries } = await getPointsHistory({ apiKey, baseUrl: await baseUrlSetting.getValue(), limit: 20 });
      const entry = findPointsEntry(entries, answer, this.matchedEntries);
      if (!entry) return undefined;
      this.matchedEntries.add(entry.queryId);
      return entry;
    } catch {
      return undefined;
    }
  }

  /** Recent charges, newest first. */
  async recentUsage(limit = 30): Promise<{ entries: PointsHistoryEntry[]; error?: ErrorInfo }> {
    const apiKey = await readApiKey();
    if (!apiKey) return { entries: [] };
    try {
      return { entries: (await getPointsHistory({ apiKey, baseUrl: await baseUrlSetting.getValue(), limit })).entries };
    } catch (error) {
      return { entries: [], error: errorInfo(error) };
    }
  }

  /** The model list as last fetched (kept in storage so the picker opens instantly after a restart). */
  async cachedModels(): Promise<ModelSummary[]> {
    if (!this.models) {
      const cache = await modelCacheSetting.getValue();
      this.models = cache && cache.baseUrl === (await baseUrlSetting.getValue()) ? cache.models : [];
    }
    return this.models;
  }

  /**
   * Checks the key against the balance endpoint (the only cheap call that proves a key) and stores it if good, with
   * how it came (pasted, or made by Sign in with Poe, with its expiry).
   */
  async setKey(key: string, info: StoredKeyInfo = { origin: 'pasted' }): Promise<{ ok: true } | { ok: false; error: ErrorInfo }> {
    try {
      this.balance = await getBalance({ apiKey: key, baseUrl: await baseUrlSetting.getValue() });
      this.balanceError = undefined;
    } catch (error) {
      return { ok: false, error: errorInfo(error) };
    }
    await writeApiKey(key, info);
    return { ok: true };
  }

  async removeKey(): Promise<void> {
    await deleteApiKey();
    this.balance = undefined;
    this.balanceError = undefined;
  }

  async refreshBalance(): Promise<void> {
    const apiKey = await readApiKey();
    if (!apiKey) return;
    try {
      this.balance = await getBalance({ apiKey, baseUrl: await baseUrlSetting.getValue() });
      this.balanceError = undefined;
    } catch (error) {
      this.balanceError = errorInfo(error);
    }
  }

  async refreshModels(): Promise<{ models: ModelSummary[]; error?: ErrorInfo }> {
    const baseUrl = await baseUrlSetting.getValue();
    try {
      this.models = (await listModels({ baseUrl })).map(toModelSummary);
      await modelCacheSetting.setValue({ baseUrl, fetchedAt: Date.now(), models: this.models });
      return { models: this.models };
    } catch (error) {
      return { models: await this.cachedModels(), error: errorInfo(error) };
    }
  }

  /**
   * Points the extension at another Poe. A key entered for one host is never sent to another, so changing the base
   * URL forgets the key.
   */
  async setBaseUrl(input: string): Promise<{ ok: true } | { ok: false; error: ErrorInfo }> {
    const baseUrl = normaliseBaseUrl(input);
    if (!baseUrl) {
      return { ok: false, error: { kind: 'invalid_input', message: 'Use https://api.poe.com or a http://127.0.0.1 test server.' } };
    }
    if (baseUrl !== (await baseUrlSetting.getValue())) {
      await deleteApiKey();
      this.balance = undefined;
      this.balanceError = undefined;
      this.models = undefined;
    }
    await baseUrlSetting.setValue(baseUrl);
    return { ok: true };
  }

  /** Poe rejected the key during an answer (revoked): the balance shown for it is stale. */
  keyRejected(error: ErrorInfo): void {
    this.balance = undefined;
    this.balanceError = error;
  }
}
