import type { Config } from '../config';
import { type BucketLimit, type LimitMaker, localLimits, type MaybePromise, whenAll, type WindowLimit } from './shared-limits';

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

  /** `make`: where the counts live (this process, or Redis for several instances). */
  constructor(config: Config['login'], make: LimitMaker = localLimits) {
    this.byPair = make.window('login-pair', config.maxFailuresPerAccountAndAddress, config.windowMs);
    this.byAddress = make.window('login-address', config.maxFailuresPerAddress, config.windowMs);
    this.byAccount = make.bucket('login-account', config.accountFailureBurst, config.accountFailureRefillMs);
  }

  /** Seconds this attempt must wait, or 0 if it may be tried now. */
  wait(account: string, address: string, now = Date.now()): MaybePromise<number> {
    return whenAll([this.byPair.retryAfter(`${account}\n${address}`, now), this.byAddress.retryAfter(address, now), this.byAccount.retryAfter(account, now)], (waits) =>
      Math.max(...waits),
    );
  }

  failed(account: string, address: string, now = Date.now()): MaybePromise<void> {
    return whenAll([this.byPair.hit(`${account}\n${address}`, now), this.byAddress.hit(address, now), this.byAccount.take(account, now)], () => undefined);
  }

  succeeded(account: string, address: string): MaybePromise<void> {
    return this.byPair.reset(`${account}\n${address}`);
  }
}
