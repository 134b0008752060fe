import type { Config } from '../config';
import { RateLimiter, TokenBucket } from './rate-limit';

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
  private readonly byPair: RateLimiter;
  private readonly byAddress: RateLimiter;
  private readonly byAccount: TokenBucket;

  constructor(config: Config['login']) {
    this.byPair = new RateLimiter(config.maxFailuresPerAccountAndAddress, config.windowMs);
    this.byAddress = new RateLimiter(config.maxFailuresPerAddress, config.windowMs);
    this.byAccount = new TokenBucket(config.accountFailureBurst, config.accountFailureRefillMs);
  }

  /** Seconds this attempt must wait, or 0 if it may be tried now. */
  wait(account: string, address: string, now = Date.now()): number {
    return Math.max(
      this.byPair.retryAfter(`${account}\n${address}`, now),
      this.byAddress.retryAfter(address, now),
      this.byAccount.retryAfter(account, now),
    );
  }

  failed(account: string, address: string, now = Date.now()): void {
    this.byPair.hit(`${account}\n${address}`, now);
    this.byAddress.hit(address, now);
    this.byAccount.take(account, now);
  }

  succeeded(account: string, address: string): void {
    this.byPair.reset(`${account}\n${address}`);
  }
}
