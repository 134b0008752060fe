import type { Config } from '../config';
import { type BucketLimit, type LimitStore, memoryLimits, type WindowLimit } from './rate-limit';

/**
 * How fast wrong passwords may be tried. Never a lockout: someone guessing from one address is
 * stopped there, without stopping the account's owner on another address.
 *   - per (account, address): a few failures per window, then that pair waits;
 *   - per address, across accounts: password spraying from one place waits;
 *   - per account, across addresses: a burst, then one try per refill period, so an attacker
 *     rotating addresses is slowed to a crawl while the owner waits at most one period.
 * Only failures count: a teacher who types her password right is never slowed.
 */
export class LoginLimits {
  private readonly byPair: WindowLimit;
  private readonly byAddress: WindowLimit;
  private readonly byAccount: BucketLimit;

  constructor(config: Config['login'], store: LimitStore = memoryLimits) {
    this.byPair = store.window('login-pair', config.maxFailuresPerAccountAndAddress, config.windowMs);
    this.byAddress = store.window('login-address', config.maxFailuresPerAddress, config.windowMs);
    this.byAccount = store.bucket('login-account', config.accountFailureBurst, config.accountFailureRefillMs);
  }

  /** Seconds this attempt must wait, or 0 if it may be tried now. */
  async wait(account: string, address: string, now = Date.now()): Promise<number> {
    const waits = await Promise.all([
      this.byPair.retryAfter(`${account}\n${address}`, now),
      this.byAddress.retryAfter(address, now),
      this.byAccount.retryAfter(account, now),
    ]);
    return Math.max(...waits);
  }

  async failed(account: string, address: string, now = Date.now()): Promise<void> {
    await Promise.all([this.byPair.hit(`${account}\n${address}`, now), this.byAddress.hit(address, now), this.byAccount.take(account, now)]);
  }

  async succeeded(account: string, address: string): Promise<void> {
    await this.byPair.reset(`${account}\n${address}`);
  }
}
