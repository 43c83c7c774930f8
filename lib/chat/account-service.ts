import { t } from '@/lib/i18n';
import { getBalanceDetails, getPointsHistory, listModels, type PoeBalance, type PointsHistoryEntry } from '@/lib/poe';
import type { AccountState, BalanceDetails, ErrorInfo, ModelSummary, StoredKeyInfo } from '@/lib/messaging/contracts';
import { dailySpend, toBalanceDetails } from './balance';
import { deleteApiKey, maskApiKey, readApiKey, readKeyInfo, writeApiKey } from '@/lib/storage/key-vault';
import { toAccountErrorInfo as errorInfo, toErrorInfo } from './errors';
import { noHostAccessError } from './host-access';
import { toModelSummary } from './model-summary';
import { findPointsEntry } from './points-cost';
import { normaliseBaseUrl } from '@/lib/messaging/base-url';
import { baseUrlSetting, modelCacheSetting } from '@/lib/storage/settings';

/** Points-history entries per page of the usage view: a few days of steady use; Poe allows 1–100. */
export const USAGE_PAGE = 50;

/** The account side of the background: the key (validated, stored, masked), the balance, the model list, settings. */
/** The daily spend is read again after this long (one points-history page; it changes slowly). */
const SPEND_REFRESH_MS = 10 * 60 * 1000;

export class AccountService {
  private balance: number | undefined;
  private balanceDetails: BalanceDetails | undefined;
  private balanceError: ErrorInfo | undefined;
  private spend: { perDay: number | undefined; at: number } | undefined;
  private models: ModelSummary[] | undefined;

  /**
   * `hasHostAccess`: whether the browser lets the extension reach a base URL (a loopback one only once the user
   * allowed it; the user can take any away). Without it nothing is sent there, and the pages show how to allow it.
   * `signInStatus`: Sign in with Poe's state, when this build can sign in (lib/chat/sign-in.ts).
   */
  constructor(
    private readonly hasHostAccess: (baseUrl: string) => Promise<boolean> = async () => true,
    private readonly signInStatus: () => AccountState['signIn'] = () => undefined,
  ) {}

  /** The base URL to call, or why it may not be called. */
  private async reachableBaseUrl(): Promise<{ baseUrl: string; error?: undefined } | { baseUrl: string; error: ErrorInfo }> {
    const baseUrl = await baseUrlSetting.getValue();
    return (await this.hasHostAccess(baseUrl)) ? { baseUrl } : { baseUrl, error: toErrorInfo(noHostAccessError(baseUrl)) };
  }

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
      ...(this.balanceDetails ? { balanceDetails: this.balanceDetails } : {}),
      ...(this.spend?.perDay !== undefined ? { dailySpend: this.spend.perDay } : {}),
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
    const { baseUrl, error } = await this.reachableBaseUrl();
    if (error) return undefined;
    try {
      const { entries } = await getPointsHistory({ apiKey, baseUrl, limit: 20 });
      const entry = findPointsEntry(entries, answer, this.matchedEntries);
      if (!entry) return undefined;
      this.matchedEntries.add(entry.queryId);
      return entry;
    } catch {
      return undefined;
    }
  }

  /**
   * A page of the points history, newest first: the first, or the one after `startingAfter` (the cursor the last
   * page gave). A failure comes back as an error to show, never thrown.
   */
  async usagePage(startingAfter?: string): Promise<{ entries: PointsHistoryEntry[]; nextStartingAfter?: string; error?: ErrorInfo }> {
    const apiKey = await readApiKey();
    if (!apiKey) return { entries: [] };
    const { baseUrl, error } = await this.reachableBaseUrl();
    if (error) return { entries: [], error };
    try {
      const page = await getPointsHistory({
        apiKey,
        baseUrl,
        limit: USAGE_PAGE,
        ...(startingAfter ? { startingAfter } : {}),
      });
      return { entries: page.entries, ...(page.nextStartingAfter ? { nextStartingAfter: page.nextStartingAfter } : {}) };
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
    const { baseUrl, error } = await this.reachableBaseUrl();
    if (error) return { ok: false, error };
    try {
      this.keepBalance(await getBalanceDetails({ apiKey: key, baseUrl }));
    } catch (error) {
      return { ok: false, error: errorInfo(error) };
    }
    this.spend = undefined;
    await writeApiKey(key, info);
    return { ok: true };
  }

  async removeKey(): Promise<void> {
    await deleteApiKey();
    this.forgetBalance();
  }

  /** The balance with its details, and (at most every {@link SPEND_REFRESH_MS}) the recent daily spend. */
  async refreshBalance(): Promise<void> {
    const apiKey = await readApiKey();
    if (!apiKey) return;
    const { baseUrl, error } = await this.reachableBaseUrl();
    if (error) {
      this.balanceError = error;
      return;
    }
    await Promise.all([
      getBalanceDetails({ apiKey, baseUrl }).then(
        (balance) => this.keepBalance(balance),
        (failure: unknown) => void (this.balanceError = errorInfo(failure)),
      ),
      this.refreshSpend(apiKey, baseUrl),
    ]);
  }

  private async refreshSpend(apiKey: string, baseUrl: string): Promise<void> {
    const now = Date.now();
    // A history with nothing recent is asked again each time: the first answers of a new key should count at once.
    if (this.spend?.perDay !== undefined && now - this.spend.at < SPEND_REFRESH_MS) return;
    try {
      const { entries } = await getPointsHistory({ apiKey, baseUrl, limit: 100 });
      this.spend = { perDay: dailySpend(entries, now), at: now };
    } catch {
      // Without a history the low-balance warning falls back to a fixed threshold; nothing to tell the user here.
    }
  }

  private keepBalance(balance: PoeBalance): void {
    this.balance = balance.currentPointBalance;
    this.balanceDetails = toBalanceDetails(balance, Date.now());
    this.balanceError = undefined;
  }

  private forgetBalance(): void {
    this.balance = undefined;
    this.balanceDetails = undefined;
    this.balanceError = undefined;
    this.spend = undefined;
  }

  async refreshModels(): Promise<{ models: ModelSummary[]; error?: ErrorInfo }> {
    const { baseUrl, error } = await this.reachableBaseUrl();
    if (error) return { models: await this.cachedModels(), error };
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
      return { ok: false, error: { kind: 'invalid_input', message: t('chatErrors_badBaseUrl') } };
    }
    if (baseUrl !== (await baseUrlSetting.getValue())) {
      await deleteApiKey();
      this.forgetBalance();
      this.models = undefined;
    }
    await baseUrlSetting.setValue(baseUrl);
    return { ok: true };
  }

  /** Poe rejected the key during an answer (revoked): the balance shown for it is stale. */
  keyRejected(error: ErrorInfo): void {
    this.forgetBalance();
    this.balanceError = error;
  }
}
